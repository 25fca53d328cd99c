package game

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redisx"
)

// Retention defaults: how long an inactive guest and a finished match are
// kept.
const (
	DefaultGuestRetention = 720 * time.Hour
	DefaultMatchRetention = 2160 * time.Hour
)

// retireGuest bars a guest found inactive, atomically with the check.
var retireGuest = redis.NewScript(mustLua("retire_guest.lua"))

// Retention deletes what is past its time and that Redis cannot expire by
// itself because an index names it: guests with no session and no activity
// for GuestRetention (deleted as an admin delete would, every trace), and
// recent-list entries of matches whose hash has expired. Match hashes,
// runs, tickets, sessions and limiter logs expire by TTL.
type Retention struct {
	d     Deps
	admin *PlayerAdmin
	guest time.Duration
	match time.Duration
}

// NewRetention returns the retention sweeper; zero durations take the
// defaults.
func NewRetention(d Deps, admin *PlayerAdmin, guest, match time.Duration) *Retention {
	if guest <= 0 {
		guest = DefaultGuestRetention
	}
	if match <= 0 {
		match = DefaultMatchRetention
	}
	return &Retention{d: d.withDefaults(), admin: admin, guest: guest, match: match}
}

// interval is how often the sweeper runs: often enough that nothing
// outlives its retention by much more than a quarter of it.
func (r *Retention) interval() time.Duration {
	return min(max(min(r.guest, r.match)/4, 5*time.Second), 10*time.Minute)
}

// Run sweeps until ctx ends. Every instance may run it: a lock saves
// duplicate work, and every step is idempotent should two overlap.
func (r *Retention) Run(ctx context.Context) {
	t := time.NewTicker(r.interval())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		lock, err := redisx.AcquireLock(ctx, r.d.Redis, r.d.Keys.RetentionLock(), r.interval())
		if err != nil {
			if !errors.Is(err, redisx.ErrLockHeld) && ctx.Err() == nil {
				r.d.Log.Warn("retention sweep", "error", err)
			}
			continue
		}
		if n, err := r.Sweep(ctx); err != nil && ctx.Err() == nil {
			r.d.Log.Warn("retention sweep", "error", err)
		} else if n > 0 {
			r.d.Log.Info("retention: deleted inactive guests", "count", n)
		}
		_ = lock.Release(context.WithoutCancel(ctx))
	}
}

// Sweep does one pass and returns how many guests it deleted.
func (r *Retention) Sweep(ctx context.Context) (int, error) {
	now := r.d.Now()
	cutoff := strconv.FormatInt(now.Add(-r.match).UnixMilli(), 10)
	if err := r.d.Redis.ZRemRangeByScore(ctx, r.d.Keys.MatchesRecent(), "-inf", "("+cutoff).Err(); err != nil {
		return 0, fmt.Errorf("trim recent matches: %w", err)
	}
	guestCutoff := now.Add(-r.guest).UnixMilli()
	deleted := 0
	// Keep up with any sign-up rate, but leave time for the next pass.
	budget := time.Now().Add(r.interval() * 3 / 4)
	for time.Now().Before(budget) {
		ids, err := r.d.Redis.ZRangeByScore(ctx, r.d.Keys.Guests(), &redis.ZRangeBy{
			Min: "-inf", Max: "(" + strconv.FormatInt(guestCutoff, 10), Count: 100,
		}).Result()
		if err != nil {
			return deleted, fmt.Errorf("inactive guests: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			gone, err := r.retire(ctx, id, guestCutoff, now)
			if err != nil {
				return deleted, fmt.Errorf("retire guest %s: %w", id, err)
			}
			if gone {
				deleted++
			}
		}
	}
	return deleted, nil
}

// retire deletes one guest if it is inactive, or moves its index entry to
// its latest activity.
func (r *Retention) retire(ctx context.Context, id string, cutoff int64, now time.Time) (bool, error) {
	k := r.d.Keys
	seen, _, err := NewPresence(r.d).LastSeen(ctx, id)
	if err != nil {
		return false, err
	}
	sessions, err := r.d.Redis.SMembers(ctx, k.PlayerSessions(id)).Result()
	if err != nil {
		return false, err
	}
	keys := []string{k.Player(id), k.PlayerSessions(id)}
	for _, s := range sessions {
		keys = append(keys, k.Session(id, s))
	}
	var seenMs int64
	if !seen.IsZero() {
		seenMs = seen.UnixMilli()
	}
	res, err := retireGuest.Run(ctx, r.d.Redis, keys, cutoff, seenMs).StringSlice()
	if err != nil {
		return false, err
	}
	switch res[0] {
	case "gone", "member":
		return false, r.d.Redis.ZRem(ctx, k.Guests(), id).Err()
	case "changed":
		return false, nil // signing in right now; looked at again next pass
	case "active":
		last, _ := strconv.ParseInt(res[1], 10, 64)
		// Signed in but idle: look again in about one interval.
		last = max(last, now.Add(-r.guest+r.interval()).UnixMilli())
		return false, r.d.Redis.ZAdd(ctx, k.Guests(), redis.Z{Score: float64(last), Member: id}).Err()
	}
	p, err := r.admin.accounts.Get(ctx, id)
	if ErrorCode(err) == CodeNotFound {
		return false, r.d.Redis.ZRem(ctx, k.Guests(), id).Err()
	}
	if err != nil {
		return false, err
	}
	return true, r.admin.eraseTraces(ctx, p)
}
