package game

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// RunSweeper enforces move deadlines and finishes interrupted settlements
// until ctx ends. Every instance runs one; they need no coordination because
// each state change is a checked transaction and settlement is idempotent.
func (ms *Matches) RunSweeper(ctx context.Context) {
	t := time.NewTicker(ms.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := ms.Sweep(ctx); err != nil && ctx.Err() == nil {
			ms.d.Log.Warn("match sweeper", "error", err)
		}
	}
}

// Sweep handles every match that is due now: a move clock that ran out
// (the player to move loses), a finished match not yet settled, a stale
// index entry.
func (ms *Matches) Sweep(ctx context.Context) error {
	now := ms.d.Now()
	ids, err := ms.d.Redis.ZRangeByScore(ctx, ms.d.Keys.MatchesDue(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: 200,
	}).Result()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := ms.sweepOne(ctx, id); err != nil {
			ms.d.Log.Warn("sweep match", "match_id", id, "error", err)
		}
	}
	return nil
}

func (ms *Matches) sweepOne(ctx context.Context, id string) error {
	m, err := ms.Get(ctx, id)
	if ErrorCode(err) == CodeNotFound {
		return ms.d.Redis.ZRem(ctx, ms.d.Keys.MatchesDue(), id).Err()
	}
	if err != nil {
		return err
	}
	if m.Status == MatchPlaying {
		if ms.d.Now().Before(m.Deadline) {
			// The entry was stale (a move's update of it got lost).
			return ms.d.Redis.ZAdd(ctx, ms.d.Keys.MatchesDue(),
				redis.Z{Score: float64(m.Deadline.UnixMilli()), Member: id}).Err()
		}
		ended, changed, err := ms.timeout(ctx, id)
		if err != nil {
			return err
		}
		if changed {
			ms.publishState(ctx, ended)
			ms.d.Redis.ZRem(ctx, ms.d.Keys.MatchesLive(), id)
		}
	}
	return ms.Settle(ctx, id)
}
