package game

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/targetrush"
)

// checkScore vets what a Target Rush score can be vetted on without Redis:
// a run token, a score within the cap and a well-formed click log.
func (g *TargetRush) checkScore(boardID string, in Submission) error {
	if in.RunID == "" {
		return Invalidf("a score on %s needs the run_id of a Target Rush round", boardID)
	}
	if _, err := uuid.Parse(in.RunID); err != nil {
		return Invalidf("run_id is not a valid run token")
	}
	if max := g.MaxScore(); in.Score > max {
		return Invalidf("a %s round cannot score more than %d", g.round, max)
	}
	if err := targetrush.Validate(in.Hits, g.roundMS()); err != nil {
		if errors.Is(err, targetrush.ErrTooManyClicks) {
			return Errorf(CodeTooLarge, "hits: %v", err)
		}
		return Invalidf("%v", err)
	}
	return nil
}

// peekRunScript reads a finished run's seed.
var peekRunScript = redis.NewScript(mustLua("peek_run.lua"))

// useRunScript spends a run on one board, once.
var useRunScript = redis.NewScript(mustLua("use_run.lua"))

// spendRun accepts a score for a player's run on a board: the round must
// have run its full length, its replayed click log must score exactly the
// score posted, and each run feeds each board once. A refused log leaves
// the run unspent.
func (g *TargetRush) spendRun(ctx context.Context, playerID, boardID string, in Submission) error {
	key := g.d.Keys.TargetRushRun(playerID, in.RunID)
	raw, err := peekRunScript.Run(ctx, g.d.Redis, []string{key}, g.round.Milliseconds()).Slice()
	if err != nil {
		return fmt.Errorf("read run: %w", err)
	}
	switch s, _ := raw[0].(string); s {
	case "ok":
	case "unknown":
		return errUnknownRun
	case "early":
		left, _ := raw[1].(int64)
		return Invalidf("the round is still running (%d ms left)", left)
	default:
		return fmt.Errorf("read run: unexpected reply %v", raw)
	}
	s, _ := raw[1].(string)
	seed, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return fmt.Errorf("read run: bad seed %q", s)
	}
	res := targetrush.Replay(targetrush.Targets(uint32(seed), g.roundMS()), in.Hits)
	if int64(res.Score) != in.Score {
		return Invalidf("score %d does not match the round: its %d clicks replay to %d (%d hits)",
			in.Score, len(in.Hits), res.Score, res.Hits)
	}
	raw, err = useRunScript.Run(ctx, g.d.Redis, []string{key}, boardID).Slice()
	if err != nil {
		return fmt.Errorf("use run: %w", err)
	}
	switch s, _ := raw[0].(string); s {
	case "ok":
		return nil
	case "unknown":
		return errUnknownRun
	case "used":
		return Conflictf("this run's score is already on %s", boardID)
	}
	return fmt.Errorf("use run: unexpected reply %v", raw)
}

var errUnknownRun = Invalidf("unknown or expired run_id: start a round first")
