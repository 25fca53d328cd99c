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

// Online reports, for each player, whether a socket of theirs was seen
// within PresenceTimeout of now, in one round trip.
func (p *Presence) Online(ctx context.Context, now time.Time, playerIDs ...string) ([]bool, error) {
	if len(playerIDs) == 0 {
		return nil, nil
	}
	seen, err := p.d.Redis.ZMScore(ctx, p.d.Keys.PresenceKey(), playerIDs...).Result()
	if err != nil {
		return nil, fmt.Errorf("presence: %w", err)
	}
	out := make([]bool, len(playerIDs))
	for i, ms := range seen {
		// ZMSCORE answers 0 for a missing member: never seen.
		out[i] = ms > 0 && now.Sub(time.UnixMilli(int64(ms))) < PresenceTimeout
	}
	return out, nil
}

// Forget removes a player's entry at once (a ban, a deletion).
func (p *Presence) Forget(ctx context.Context, playerID string) error {
	_, err := p.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.ZRem(ctx, p.d.Keys.PresenceKey(), playerID)
		pl.ZRem(ctx, p.d.Keys.PlayersSeen(), playerID)
		return nil
	})
	if err != nil {
		return fmt.Errorf("forget presence: %w", err)
	}
	return nil
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

// Presence as a PlayerCleaner: only a deletion forgets the player.

// PlayerBanned keeps the last-seen time (the ban ends the sockets anyway).
func (p *Presence) PlayerBanned(context.Context, string) error { return nil }

// PlayerUnbanned has nothing to bring back.
func (p *Presence) PlayerUnbanned(context.Context, string) error { return nil }

// PlayerDeleted forgets when the player was last seen.
func (p *Presence) PlayerDeleted(ctx context.Context, playerID string) error {
	return p.Forget(ctx, playerID)
}
