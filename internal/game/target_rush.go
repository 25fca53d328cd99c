package game

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/targetrush"
)

// GameTargetRush names the Target Rush game (Board.Game of its boards).
const GameTargetRush = "target-rush"

// Target Rush rules that bound a round's score (package targetrush holds
// them all, and static/js/target-rush.js plays by the same):
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
	TargetRushMinSpawn     = targetrush.MinGap * time.Millisecond
	TargetRushMaxHitPoints = targetrush.MaxHitPoints
)

// TargetRushRunTTL is how long an unused run token stays valid.
const TargetRushRunTTL = time.Hour

// TargetRushMaxScore is the most a round of length d can score.
func TargetRushMaxScore(d time.Duration) int64 {
	return int64(targetrush.MaxScore(int(d.Milliseconds())))
}

// TargetRushOptions configure the Target Rush service.
type TargetRushOptions struct {
	// Round is how long a round lasts (30 s; tests shorten it).
	Round time.Duration
}

// TargetRush is the Target Rush service: it issues runs (a one-use token
// and the seed of the round's targets) and vets the scores posted with
// them by replaying the round's click log.
type TargetRush struct {
	d     Deps
	round time.Duration
}

// NewTargetRush returns the Target Rush service.
func NewTargetRush(d Deps, opts TargetRushOptions) *TargetRush {
	if opts.Round <= 0 {
		opts.Round = TargetRushRound
	}
	return &TargetRush{d: d.withDefaults(), round: opts.Round}
}

// Round is how long a round lasts.
func (g *TargetRush) Round() time.Duration { return g.round }

// MaxScore is the most one round can score.
func (g *TargetRush) MaxScore() int64 { return TargetRushMaxScore(g.round) }

func (g *TargetRush) roundMS() int { return int(g.round.Milliseconds()) }

// Run is a one-use token for one Target Rush round, with the seed its
// targets follow from.
type Run struct {
	RunID      string `json:"run_id"`
	DurationMS int64  `json:"duration_ms"`
	Seed       uint32 `json:"seed"`
}

// startRunScript stamps a run with the Redis clock, which every instance
// shares, stores its seed and indexes it under the player.
var startRunScript = redis.NewScript(mustLua("start_run.lua"))

// StartRun issues a run token and a fresh seed for a player's next round.
func (g *TargetRush) StartRun(ctx context.Context, playerID string) (*Run, error) {
	id := uuid.NewString()
	seed := rand.Uint32()
	if err := startRunScript.Run(ctx, g.d.Redis, []string{g.d.Keys.TargetRushRun(playerID, id), g.d.Keys.TargetRushRuns(playerID)},
		TargetRushRunTTL.Milliseconds(), id, seed).Err(); err != nil {
		return nil, fmt.Errorf("start run: %w", err)
	}
	return &Run{RunID: id, DurationMS: g.round.Milliseconds(), Seed: seed}, nil
}
