package game

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Presence timing: an instance holding a player's socket refreshes their
// entry every PresenceRefresh; a player unseen for PresenceTimeout has left
// the site (every socket on every instance is gone).
const (
	PresenceRefresh = 10 * time.Second
	PresenceTimeout = 30 * time.Second
)

// PresenceKey is the sorted set of player ids scored by when an instance
// last saw one of their sockets (unix ms, Redis time is not needed: a few
// seconds of skew between instances only shifts a 30 s timeout).
func (k Keys) PresenceKey() string { return k.ks.Key("presence") }

// Presence records which players have an open socket somewhere.
type Presence struct{ d Deps }

// NewPresence returns the presence store.
func NewPresence(d Deps) *Presence { return &Presence{d: d.withDefaults()} }

// Touch marks players as seen now.
func (p *Presence) Touch(ctx context.Context, playerIDs ...string) error {
	if len(playerIDs) == 0 {
		return nil
	}
	now := float64(p.d.Now().UnixMilli())
	zs := make([]redis.Z, len(playerIDs))
	for i, id := range playerIDs {
		zs[i] = redis.Z{Score: now, Member: id}
	}
	_, err := p.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.ZAdd(ctx, p.d.Keys.PresenceKey(), zs...)
		pl.ZAdd(ctx, p.d.Keys.PlayersSeen(), zs...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("presence touch: %w", err)
	}
	return nil
}

// LastSeen reports when a socket of the player was last seen, and false if
// never (or not since the entry was pruned).
func (p *Presence) LastSeen(ctx context.Context, playerID string) (time.Time, bool, error) {
	ms, err := p.d.Redis.ZScore(ctx, p.d.Keys.PresenceKey(), playerID).Result()
	if err == redis.Nil {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("presence: %w", err)
	}
	return time.UnixMilli(int64(ms)), true, nil
}

// Online reports whether the player has been seen within PresenceTimeout.
func (p *Presence) Online(ctx context.Context, playerID string) (bool, error) {
	t, ok, err := p.LastSeen(ctx, playerID)
	return ok && p.d.Now().Sub(t) < PresenceTimeout, err
}

// Forget removes a player's entry at once (a ban, a deletion).
func (p *Presence) Forget(ctx context.Context, playerID string) error {
	return p.d.Redis.ZRem(ctx, p.d.Keys.PresenceKey(), playerID).Err()
}

// CountOnline counts players seen within PresenceTimeout and prunes entries
// far older than that.
func (p *Presence) CountOnline(ctx context.Context) (int64, error) {
	now := p.d.Now()
	key := p.d.Keys.PresenceKey()
	cutoff := strconv.FormatInt(now.Add(-PresenceTimeout).UnixMilli(), 10)
	stale := strconv.FormatInt(now.Add(-10*PresenceTimeout).UnixMilli(), 10)
	var n *redis.IntCmd
	_, err := p.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.ZRemRangeByScore(ctx, key, "-inf", "("+stale)
		n = pl.ZCount(ctx, key, "("+cutoff, "+inf")
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("presence count: %w", err)
	}
	return n.Val(), nil
}

// LastSeenEver reports when a socket of the player was last seen at all
// (from PlayersSeen, which is not pruned), and false if never.
func (p *Presence) LastSeenEver(ctx context.Context, playerID string) (time.Time, bool, error) {
	ms, err := p.d.Redis.ZScore(ctx, p.d.Keys.PlayersSeen(), playerID).Result()
	if err == redis.Nil {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("last seen: %w", err)
	}
	return time.UnixMilli(int64(ms)).UTC(), true, nil
}
