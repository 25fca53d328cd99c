package game

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// GameTargetRush names the Target Rush game (Board.Game of its boards).
const GameTargetRush = "target-rush"

// Target Rush rules that bound a round's score. static/js/target-rush.js
// plays by the same numbers:
//   - targets appear on a timer only (never in reply to a hit), at least
//     TargetRushMinSpawn apart, so a round of length d shows at most
//     floor(d / TargetRushMinSpawn) + 1 targets;
//   - a hit scores 50 + up to 50 for speed (how much of the target's life
//     was left), times a streak multiplier of at most 3, so at most
//     TargetRushMaxHitPoints.
//
// A 30 s round therefore scores at most 86 × 300 = 25,800.
const (
	TargetRushRound        = 30 * time.Second
	TargetRushMinSpawn     = 350 * time.Millisecond
	TargetRushMaxHitPoints = 300
)

// TargetRushRunTTL is how long an unused run token stays valid.
const TargetRushRunTTL = time.Hour

// TargetRushMaxScore is the most a round of length d can score.
func TargetRushMaxScore(d time.Duration) int64 {
	return (int64(d/TargetRushMinSpawn) + 1) * TargetRushMaxHitPoints
}

// Run is a one-use token for one Target Rush round.
type Run struct {
	RunID      string `json:"run_id"`
	DurationMS int64  `json:"duration_ms"`
}

// startRunScript stamps a run with the Redis clock, which every instance
// shares, and indexes it under the player.
var startRunScript = redis.NewScript(mustLua("start_run.lua"))

// useRunScript spends a run on one board, once, after its round has run.
var useRunScript = redis.NewScript(mustLua("use_run.lua"))

// StartRun issues a run token for a player's next Target Rush round.
func (b *Boards) StartRun(ctx context.Context, playerID string) (*Run, error) {
	id := uuid.NewString()
	if err := startRunScript.Run(ctx, b.d.Redis, []string{b.d.Keys.TargetRushRun(playerID, id), b.d.Keys.TargetRushRuns(playerID)},
		TargetRushRunTTL.Milliseconds(), id).Err(); err != nil {
		return nil, fmt.Errorf("start run: %w", err)
	}
	return &Run{RunID: id, DurationMS: b.opts.RoundDuration.Milliseconds()}, nil
}

// useRun spends the player's run token on a board: each run feeds each
// board once, and only after its round has run its full length.
func (b *Boards) useRun(ctx context.Context, playerID, runID, boardID string) error {
	raw, err := useRunScript.Run(ctx, b.d.Redis, []string{b.d.Keys.TargetRushRun(playerID, runID)},
		boardID, b.opts.RoundDuration.Milliseconds()).Slice()
	if err != nil {
		return fmt.Errorf("use run: %w", err)
	}
	switch s, _ := raw[0].(string); s {
	case "ok":
		return nil
	case "unknown":
		return Invalidf("unknown or expired run_id: start a round first")
	case "early":
		left, _ := raw[1].(int64)
		return Invalidf("the round is still running (%d ms left)", left)
	case "used":
		return Conflictf("this run's score is already on %s", boardID)
	}
	return fmt.Errorf("use run: unexpected reply %v", raw)
}
