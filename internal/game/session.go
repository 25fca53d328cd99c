package game

import (
	"github.com/ladder/ladder/internal/game/event"

	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
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

// Session tokens are "<player id>.<random>": the player id part lets the
// session key carry the player's hash tag, so one script checks the session
// and reads the player (Redis Cluster needs both keys in one slot). Only the
// random part is secret; the SHA-256 of the whole token names the key.

// touchSession reads a session and the player it belongs to, and slides the
// session's idle expiry, never past its absolute lifetime. A session past
// that lifetime, of a deleted player or of a banned one is deleted on the
// spot: the ban check rides on every request at no extra cost. Time comes
// from Redis so every instance agrees.
var touchSession = redis.NewScript(mustLua("touch_session.lua"))

// createSession writes a session unless its player is gone or banned, in
// one atomic step with that check, so a login racing with a ban cannot leave
// a live session behind. When the player then holds more than the allowed
// sessions, the oldest are ended.
var createSession = redis.NewScript(mustLua("create_session.lua"))

// deleteSessions ends the listed sessions of a player: their keys and
// their index entries go in one step, so no session is ever left alive
// outside the index, where nothing could find it to end it.
var deleteSessions = redis.NewScript(mustLua("delete_sessions.lua"))

// DefaultMaxSessions is how many sessions a player may hold at once.
const DefaultMaxSessions = 20

// Sessions stores sessions in Redis.
type Sessions struct {
	d   Deps
	max int
	// staleLog keeps a Redis that refuses writes from logging on every
	// request.
	staleLog Throttle
}

// NewSessions returns the session store, allowing DefaultMaxSessions per
// player.
func NewSessions(d Deps) *Sessions {
	return &Sessions{d: d.withDefaults(), max: DefaultMaxSessions, staleLog: Throttle{Every: time.Minute}}
}

// WithMaxPerPlayer sets how many sessions a player may hold (a login past
// that ends the oldest) and returns s; n < 1 keeps the default.
func (s *Sessions) WithMaxPerPlayer(n int) *Sessions {
	if n >= 1 {
		s.max = n
	}
	return s
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenPlayer returns the player id part of a token; ok is false for a
// token that cannot be one of ours.
func tokenPlayer(token string) (string, bool) {
	pid, secret, ok := strings.Cut(token, ".")
	if !ok || len(secret) < 22 || uuid.Validate(pid) != nil {
		return "", false
	}
	return pid, true
}

// Create opens a session for playerID and returns its token (the player id
// and 256 random bits). A missing player is not_found, a banned one
// forbidden.
func (s *Sessions) Create(ctx context.Context, playerID string, ci ClientInfo) (string, *Session, error) {
	token := playerID + "." + randomToken(32)
	if _, ok := tokenPlayer(token); !ok {
		return "", nil, NotFoundf("no player %q", playerID)
	}
	id := hashToken(token)
	now := s.d.Now()
	sess := &Session{ID: id, PlayerID: playerID, CSRF: randomToken(24), CreatedAt: now, LastSeen: now,
		Addr: ci.Addr, UserAgent: truncate(ci.UserAgent, 200)}
	k := s.d.Keys
	// The per-player index lets a ban or "end all sessions" find them; the
	// sessions it lists are the candidates for ending when there are too
	// many.
	existing, err := s.d.Redis.SMembers(ctx, k.PlayerSessions(playerID)).Result()
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	keys := []string{k.Session(playerID, id), k.Player(playerID), k.PlayerSessions(playerID)}
	args := []any{id, SessionIdleTimeout.Milliseconds(), int64(SessionMaxLifetime / time.Second), s.max, len(existing)}
	for _, e := range existing {
		keys = append(keys, k.Session(playerID, e))
		args = append(args, e)
	}
	args = append(args, "player_id", playerID, "created_at", now.UnixMilli(), "last_seen", now.UnixMilli(),
		"csrf", sess.CSRF, "addr", sess.Addr, "user_agent", sess.UserAgent)
	res, err := createSession.Run(ctx, s.d.Redis, keys, args...).StringSlice()
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	switch res[0] {
	case "gone":
		return "", nil, NotFoundf("no player %q", playerID)
	case "banned":
		return "", nil, Errorf(CodeForbidden, "this account is banned")
	}
	if ended := res[1:]; len(ended) > 0 {
		s.d.Events.Publish(ctx, event.PlayerTopic(playerID),
			event.NewSessionRevoked(playerID, "signed out: too many sessions are open", ended...))
	}
	return token, sess, nil
}

// Lookup returns the live session a token names and refreshes its idle
// timeout; an unknown or expired token is an unauthorized error.
func (s *Sessions) Lookup(ctx context.Context, token string) (*Session, error) {
	sess, _, err := s.Authenticate(ctx, token)
	return sess, err
}

// Authenticate returns the live session a token names and its player, read
// in one round trip, and refreshes the session's idle timeout. An unknown
// or expired token, or one of a deleted player, is an unauthorized error; a
// banned player's is forbidden (and the session is gone).
func (s *Sessions) Authenticate(ctx context.Context, token string) (*Session, *Player, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, Errorf(CodeUnauthorized, "not signed in")
	}
	pid, ok := tokenPlayer(token)
	if !ok {
		return nil, nil, Errorf(CodeUnauthorized, "your session has ended, please sign in again")
	}
	id := hashToken(token)
	k := s.d.Keys
	res, err := touchSession.Run(ctx, s.d.Scripts, []string{k.Session(pid, id), k.Player(pid), k.PlayerSessions(pid)},
		SessionIdleTimeout.Milliseconds(), SessionMaxLifetime.Milliseconds(), id).StringSlice()
	if errors.Is(err, redis.Nil) {
		return nil, nil, Errorf(CodeUnauthorized, "your session has ended, please sign in again")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("lookup session: %w", err)
	}
	switch res[0] {
	case "gone":
		return nil, nil, Errorf(CodeUnauthorized, "your session has ended, please sign in again")
	case "banned":
		return nil, nil, Errorf(CodeForbidden, "this account is banned")
	case "stale":
		// Refreshing the idle timer is best effort: the session is valid.
		if s.staleLog.Allow(time.Now()) {
			s.d.Log.Warn("session refresh refused by redis; sessions are served without sliding their expiry")
		}
	}
	if len(res) < 7 {
		return nil, nil, fmt.Errorf("lookup session: unexpected reply %v", res)
	}
	created, _ := strconv.ParseInt(res[2], 10, 64)
	seen, _ := strconv.ParseInt(res[6], 10, 64)
	sess := &Session{ID: id, PlayerID: res[1], CreatedAt: time.UnixMilli(created).UTC(), CSRF: res[3],
		Addr: res[4], UserAgent: res[5], LastSeen: time.UnixMilli(seen).UTC()}
	h := make(map[string]string, (len(res)-7)/2)
	for i := 7; i+1 < len(res); i += 2 {
		h[res[i]] = res[i+1]
	}
	p := playerFromHash(h)
	if p == nil {
		return nil, nil, Errorf(CodeUnauthorized, "your session has ended, please sign in again")
	}
	return sess, p, nil
}

// Delete ends one session and closes the sockets opened with it.
func (s *Sessions) Delete(ctx context.Context, sess *Session) error {
	_, err := s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.d.Keys.Session(sess.PlayerID, sess.ID))
		p.SRem(ctx, s.d.Keys.PlayerSessions(sess.PlayerID), sess.ID)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	s.d.Events.Publish(ctx, event.PlayerTopic(sess.PlayerID), event.NewSessionRevoked(sess.PlayerID, "signed out", sess.ID))
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
			cmds[i] = p.HGetAll(ctx, s.d.Keys.Session(playerID, id))
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

// DeleteAll ends every session of a player and returns how many were
// live. Callers tell the player's sockets.
func (s *Sessions) DeleteAll(ctx context.Context, playerID string) (int, error) {
	index := s.d.Keys.PlayerSessions(playerID)
	ids, err := s.d.Redis.SMembers(ctx, index).Result()
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	total := 0
	// A round leaves something only when a login added a session since
	// the previous one read the index; logins cannot keep that up for long.
	for round := 0; len(ids) > 0 && round < 20; round++ {
		keys := make([]string, 0, len(ids)+1)
		args := make([]any, 0, len(ids))
		keys = append(keys, index)
		for _, id := range ids {
			keys = append(keys, s.d.Keys.Session(playerID, id))
			args = append(args, id)
		}
		res, err := deleteSessions.Run(ctx, s.d.Redis, keys, args...).Slice()
		if err != nil {
			return total, fmt.Errorf("end sessions: %w", err)
		}
		n, _ := res[0].(int64)
		total += int(n)
		ids = ids[:0]
		for _, v := range res[1:] {
			if id, ok := v.(string); ok {
				ids = append(ids, id)
			}
		}
	}
	return total, nil
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
