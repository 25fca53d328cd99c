package game

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// BanExpiries is the sorted set of temporarily banned player ids scored by
// when their ban ends (unix ms). A sweeper claims an entry by moving its
// score a lease ahead, so a sweeper that dies half-way is retried.
func (k Keys) BanExpiries() string { return k.ks.Key("bans", "expiry") }

// Ban record fields of the player hash.
const (
	fBannedAt    = "banned_at"
	fBannedBy    = "banned_by"
	fBannedByID  = "banned_by_id"
	fBannedUntil = "banned_until"
)

// MaxBanDuration is the longest temporary ban; anything longer is a
// permanent ban.
const MaxBanDuration = 10 * 365 * 24 * time.Hour

// SystemActor is the actor of actions Ladder takes by itself, such as
// lifting a ban that has run its time.
var SystemActor = Actor{Name: "system"}

// BanRecord is who banned a player, when, why and until when.
type BanRecord struct {
	Reason string     `json:"reason"`
	By     string     `json:"by,omitempty"`
	ByID   string     `json:"by_id,omitempty"`
	At     time.Time  `json:"at"`
	Until  *time.Time `json:"until,omitempty"`
}

func banFromHash(h map[string]string) *BanRecord {
	r := &BanRecord{Reason: h[fBanReason], By: h[fBannedBy], ByID: h[fBannedByID]}
	if ms, err := strconv.ParseInt(h[fBannedAt], 10, 64); err == nil {
		r.At = time.UnixMilli(ms).UTC()
	}
	if ms, err := strconv.ParseInt(h[fBannedUntil], 10, 64); err == nil && ms > 0 {
		t := time.UnixMilli(ms).UTC()
		r.Until = &t
	}
	return r
}

// ParseBanDuration reads a ban's duration: empty is permanent (0); else a
// positive Go duration of at least a second and at most MaxBanDuration.
func ParseBanDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "permanent" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Second || d > MaxBanDuration {
		return 0, Invalidf("duration must be a Go duration from 1s to %dh such as 72h, or absent for a permanent ban", int(MaxBanDuration.Hours()))
	}
	return d, nil
}

// BanFor bars a player, for d or (d = 0) until an admin lifts the ban:
// the ban flag and record first (so nothing new gets through), then their
// sessions and sockets end, and they leave queues, matches and boards.
// Banning a banned player replaces the record (a new reason or length).
func (a *PlayerAdmin) BanFor(ctx context.Context, actor Actor, playerID, reason string, d time.Duration) (*Player, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 200 || !Printable(reason) {
		return nil, Invalidf("a ban needs a reason of 1 to 200 printable characters")
	}
	if d < 0 || (d > 0 && d < time.Second) || d > MaxBanDuration {
		return nil, Invalidf("a ban lasts from 1s to %dh, or is permanent", int(MaxBanDuration.Hours()))
	}
	p, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return nil, err
	}
	if p.IsAdmin() {
		return nil, Errorf(CodeForbidden, "administrators cannot be banned; remove the role first")
	}
	now := a.d.Now()
	k := a.d.Keys
	_, err = a.d.Redis.TxPipelined(ctx, func(pl redis.Pipeliner) error {
		pl.HSet(ctx, k.Player(playerID), fBanned, "1", fBanReason, reason, fBannedAt, now.UnixMilli(),
			fBannedBy, actor.Name, fBannedByID, actor.ID)
		if d > 0 {
			pl.HSet(ctx, k.Player(playerID), fBannedUntil, now.Add(d).UnixMilli())
		} else {
			pl.HDel(ctx, k.Player(playerID), fBannedUntil)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ban %s: %w", playerID, err)
	}
	// The indexes live in other slots; the hash above is the truth and
	// the sweeper checks it before acting on an expiry.
	_, err = a.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.ZAdd(ctx, k.BannedIndex(), redis.Z{Score: float64(now.UnixMilli()), Member: playerID})
		if d > 0 {
			pl.ZAdd(ctx, k.BanExpiries(), redis.Z{Score: float64(now.Add(d).UnixMilli()), Member: playerID})
		} else {
			pl.ZRem(ctx, k.BanExpiries(), playerID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ban %s: %w", playerID, err)
	}
	if err := a.revoke(ctx, playerID, "banned: "+reason); err != nil {
		return nil, err
	}
	for _, c := range a.cleaners {
		if err := c.PlayerBanned(ctx, playerID); err != nil {
			return nil, fmt.Errorf("ban %s: %w", playerID, err)
		}
	}
	entry := AuditEntry{ActorID: actor.ID, Actor: actor.Name, Action: "ban", TargetID: p.ID, Target: p.Username, Reason: reason}
	if d > 0 {
		entry.Duration = d.String()
	}
	a.recordEntry(ctx, entry)
	return a.accounts.Get(ctx, playerID)
}

// clearBan lifts the ban flag and record. With wantUntil set it does so
// only while the ban still ends at that time, so an expiry never lifts a
// ban an admin has since replaced. It reports whether it lifted a ban.
var clearBan = redis.NewScript(`
if ARGV[1] ~= '' then
  if redis.call('HGET', KEYS[1], 'banned') ~= '1' then return 0 end
  if redis.call('HGET', KEYS[1], 'banned_until') ~= ARGV[1] then return 0 end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'banned', '0', 'ban_reason', '')
redis.call('HDEL', KEYS[1], 'banned_at', 'banned_by', 'banned_by_id', 'banned_until')
return 1`)

// unban lifts a ban (see clearBan for wantUntil) and brings the player's
// board entries back; both the admin unban and the expiry sweeper use it.
func (a *PlayerAdmin) unban(ctx context.Context, actor Actor, playerID, wantUntil, note string) (*Player, bool, error) {
	p, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return nil, false, err
	}
	k := a.d.Keys
	n, err := clearBan.Run(ctx, a.d.Redis, []string{k.Player(playerID)}, wantUntil).Int()
	if err != nil {
		return nil, false, fmt.Errorf("unban %s: %w", playerID, err)
	}
	if n == 0 && wantUntil != "" {
		return p, false, nil
	}
	_, err = a.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.ZRem(ctx, k.BannedIndex(), playerID)
		if wantUntil == "" {
			pl.ZRem(ctx, k.BanExpiries(), playerID)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("unban %s: %w", playerID, err)
	}
	for _, c := range a.cleaners {
		if err := c.PlayerUnbanned(ctx, playerID); err != nil {
			return nil, false, fmt.Errorf("unban %s: %w", playerID, err)
		}
	}
	a.recordEntry(ctx, AuditEntry{ActorID: actor.ID, Actor: actor.Name, Action: "unban",
		TargetID: p.ID, Target: p.Username, Reason: note})
	after, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return nil, false, err
	}
	if after.Banned {
		// Banned again while the entries were coming back: hide them again.
		for _, c := range a.cleaners {
			if err := c.PlayerBanned(ctx, playerID); err != nil {
				return nil, false, fmt.Errorf("unban %s: %w", playerID, err)
			}
		}
	}
	return after, true, nil
}

func (a *PlayerAdmin) recordEntry(ctx context.Context, e AuditEntry) {
	if err := a.audit.Record(ctx, e); err != nil {
		a.d.Log.Error("audit record failed", "action", e.Action, slog.Any("error", err))
	}
}

// claimExpiredBans moves up to ARGV[3] bans that ended by ARGV[1] to a
// lease ending at ARGV[2] and returns their ids with the time each ban
// ended, so only one sweeper works on a ban at a time.
var claimExpiredBans = redis.NewScript(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #due, 2 do
  redis.call('ZADD', KEYS[1], ARGV[2], due[i])
end
return due`)

// releaseBanLease drops an expiry entry only if it still holds this
// sweeper's lease: an admin's new ban in the meantime wrote its own end.
var releaseBanLease = redis.NewScript(`
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0`)

// banLease is how long a sweeper owns an expired ban before another may
// retry it.
const banLease = time.Minute

// SweepBans lifts every temporary ban that has ended, and returns how many
// it lifted. Safe on any number of instances at once.
func (a *PlayerAdmin) SweepBans(ctx context.Context) (int, error) {
	k := a.d.Keys
	now := a.d.Now()
	lease := now.Add(banLease).UnixMilli()
	raw, err := claimExpiredBans.Run(ctx, a.d.Redis, []string{k.BanExpiries()}, now.UnixMilli(), lease, 100).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("sweep bans: %w", err)
	}
	lifted := 0
	for i := 0; i+1 < len(raw); i += 2 {
		id := raw[i]
		p, err := a.accounts.Get(ctx, id)
		if ErrorCode(err) == CodeNotFound {
			releaseBanLease.Run(ctx, a.d.Redis, []string{k.BanExpiries()}, id, lease)
			continue
		}
		if err != nil {
			return lifted, err
		}
		if !p.Banned || p.BannedUntil == nil || p.BannedUntil.After(now) {
			// Lifted or replaced meanwhile; a longer ban wrote its own entry.
			releaseBanLease.Run(ctx, a.d.Redis, []string{k.BanExpiries()}, id, lease)
			continue
		}
		until := strconv.FormatInt(p.BannedUntil.UnixMilli(), 10)
		note := "temporary ban ended (" + p.Ban.Reason + ")"
		if _, ok, err := a.unban(ctx, SystemActor, id, until, note); err != nil {
			return lifted, err
		} else if ok {
			lifted++
		}
		releaseBanLease.Run(ctx, a.d.Redis, []string{k.BanExpiries()}, id, lease)
	}
	return lifted, nil
}

// RunBanSweeper lifts ended bans every interval until ctx ends.
func (a *PlayerAdmin) RunBanSweeper(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := a.SweepBans(ctx); err != nil && ctx.Err() == nil {
			a.d.Log.Warn("ban sweep failed", slog.Any("error", err))
		} else if n > 0 {
			a.d.Log.Info("temporary bans ended", "count", n)
		}
	}
}
