package game

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Session lifetimes from the spec.
const (
	SessionIdleTimeout = 24 * time.Hour
	SessionMaxLifetime = 30 * 24 * time.Hour
)

// Session is a signed-in browser or API client. The token that names it is
// given to the client once and never stored: Redis holds its SHA-256, so a
// copy of the data cannot be used to sign in.
type Session struct {
	ID        string    `json:"id"` // the hashed token
	PlayerID  string    `json:"player_id"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	Addr      string    `json:"addr"`
	UserAgent string    `json:"user_agent"`
}

// touchSession reads a session and slides its idle expiry, never past its
// absolute lifetime; a session past that lifetime is deleted. Time comes from
// Redis so every instance agrees.
//
// KEYS[1] session; ARGV[1] idle ms, ARGV[2] max lifetime ms.
var touchSession = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'player_id', 'created_at', 'csrf', 'addr', 'user_agent')
if not v[1] then return false end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = tonumber(v[2]) + tonumber(ARGV[2]) - now
if left <= 0 then
  redis.call('DEL', KEYS[1])
  return false
end
redis.call('HSET', KEYS[1], 'last_seen', now)
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left))
return {v[1], v[2], v[3], v[4], v[5], tostring(now)}
`)

// Sessions stores sessions in Redis.
type Sessions struct{ d Deps }

// NewSessions returns the session store.
func NewSessions(d Deps) *Sessions { return &Sessions{d: d.withDefaults()} }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Create opens a session for playerID and returns its token (256 random
// bits).
func (s *Sessions) Create(ctx context.Context, playerID string, ci ClientInfo) (string, *Session, error) {
	token := randomToken(32)
	id := hashToken(token)
	now := time.Now()
	sess := &Session{ID: id, PlayerID: playerID, CSRF: randomToken(24), CreatedAt: now, LastSeen: now,
		Addr: ci.Addr, UserAgent: truncate(ci.UserAgent, 200)}
	_, err := s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		key := s.d.Keys.Session(id)
		p.HSet(ctx, key, map[string]any{
			"player_id": playerID, "created_at": now.UnixMilli(), "last_seen": now.UnixMilli(),
			"csrf": sess.CSRF, "addr": sess.Addr, "user_agent": sess.UserAgent,
		})
		p.PExpire(ctx, key, SessionIdleTimeout)
		// The per-player index lets a ban or "end all sessions" find them.
		p.SAdd(ctx, s.d.Keys.PlayerSessions(playerID), id)
		p.Expire(ctx, s.d.Keys.PlayerSessions(playerID), SessionMaxLifetime)
		return nil
	})
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	return token, sess, nil
}

// Lookup returns the live session a token names and refreshes its idle
// timeout; an unknown or expired token is an unauthorized error.
func (s *Sessions) Lookup(ctx context.Context, token string) (*Session, error) {
	if token == "" || len(token) > 100 {
		return nil, Errorf(CodeUnauthorized, "not signed in")
	}
	id := hashToken(token)
	res, err := touchSession.Run(ctx, s.d.Redis, []string{s.d.Keys.Session(id)},
		SessionIdleTimeout.Milliseconds(), SessionMaxLifetime.Milliseconds()).StringSlice()
	if errors.Is(err, redis.Nil) {
		return nil, Errorf(CodeUnauthorized, "your session has ended, please sign in again")
	}
	if err != nil {
		return nil, fmt.Errorf("lookup session: %w", err)
	}
	created, _ := strconv.ParseInt(res[1], 10, 64)
	seen, _ := strconv.ParseInt(res[5], 10, 64)
	return &Session{ID: id, PlayerID: res[0], CreatedAt: time.UnixMilli(created).UTC(), CSRF: res[2],
		Addr: res[3], UserAgent: res[4], LastSeen: time.UnixMilli(seen).UTC()}, nil
}

// Delete ends one session.
func (s *Sessions) Delete(ctx context.Context, sess *Session) error {
	_, err := s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.d.Keys.Session(sess.ID))
		p.SRem(ctx, s.d.Keys.PlayerSessions(sess.PlayerID), sess.ID)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// List returns a player's live sessions, newest first, and forgets index
// entries whose session has expired.
func (s *Sessions) List(ctx context.Context, playerID string) ([]*Session, error) {
	ids, err := s.d.Redis.SMembers(ctx, s.d.Keys.PlayerSessions(playerID)).Result()
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, s.d.Keys.Session(id))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	var out []*Session
	var stale []any
	for i, c := range cmds {
		h := c.Val()
		if len(h) == 0 {
			stale = append(stale, ids[i])
			continue
		}
		created, _ := strconv.ParseInt(h["created_at"], 10, 64)
		seen, _ := strconv.ParseInt(h["last_seen"], 10, 64)
		out = append(out, &Session{ID: ids[i], PlayerID: playerID, CreatedAt: time.UnixMilli(created).UTC(),
			LastSeen: time.UnixMilli(seen).UTC(), Addr: h["addr"], UserAgent: h["user_agent"]})
	}
	if len(stale) > 0 {
		s.d.Redis.SRem(ctx, s.d.Keys.PlayerSessions(playerID), stale...)
	}
	sortSessions(out)
	return out, nil
}

// DeleteAll ends every session of a player and returns how many there were.
func (s *Sessions) DeleteAll(ctx context.Context, playerID string) (int, error) {
	ids, err := s.d.Redis.SMembers(ctx, s.d.Keys.PlayerSessions(playerID)).Result()
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	_, err = s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.Del(ctx, s.d.Keys.Session(id))
		}
		p.Del(ctx, s.d.Keys.PlayerSessions(playerID))
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	return len(ids), nil
}

func sortSessions(ss []*Session) {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j].LastSeen.After(ss[j-1].LastSeen); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
