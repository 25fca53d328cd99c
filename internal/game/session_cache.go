package game

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/ladder/ladder/internal/game/event"
)

// SessionCache answers Authenticate from memory for a short while after a
// Redis lookup, so a busy client costs one session round trip per TTL
// instead of one per request. It stays exact through revocations: every
// session.revoked (sign-out, ban, deletion, password change, too many
// sessions) drops the sessions it names, at once on the instance that
// publishes it (Publisher) and on the others as its copy on
// event.SessionsTopic arrives (Revoked). The absolute and idle limits are
// checked on every hit.
type SessionCache struct {
	sessions *Sessions
	ttl      time.Duration
	max      int
	now      func() time.Time

	mu      sync.Mutex
	entries map[string]*cachedSession // by session id
	// epoch grows with every invalidation: a lookup that raced one does
	// not store what it read.
	epoch uint64
}

type cachedSession struct {
	sess    Session
	player  Player
	expires time.Time
}

// NewSessionCache caches up to max sessions of s for ttl each (a zero ttl
// or max disables the cache: every call goes to Redis).
func NewSessionCache(s *Sessions, ttl time.Duration, max int) *SessionCache {
	return &SessionCache{sessions: s, ttl: ttl, max: max, now: time.Now, entries: map[string]*cachedSession{}}
}

// Use sets the sessions the cache reads through (for wiring where the
// cache's Publisher must exist before the Sessions).
func (c *SessionCache) Use(s *Sessions) { c.sessions = s }

// Authenticate is Sessions.Authenticate, from memory when the session was
// read less than the TTL ago and nothing revoked it since. A hit does not
// slide the idle expiry; the next miss, at most one TTL later, does.
func (c *SessionCache) Authenticate(ctx context.Context, token string) (*Session, *Player, error) {
	if c.ttl <= 0 || c.max <= 0 || token == "" || len(token) > 100 {
		return c.sessions.Authenticate(ctx, token)
	}
	id := hashToken(token)
	now := c.now()
	c.mu.Lock()
	e := c.entries[id]
	if e != nil && now.Before(e.expires) {
		sess, p := e.sess, e.player
		c.mu.Unlock()
		return &sess, &p, nil
	}
	if e != nil {
		delete(c.entries, id)
	}
	epoch := c.epoch
	c.mu.Unlock()

	sess, p, err := c.sessions.Authenticate(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	expires := now.Add(c.ttl)
	// Never past the session's own limits.
	expires = minTime(expires, sess.CreatedAt.Add(SessionMaxLifetime))
	expires = minTime(expires, sess.LastSeen.Add(SessionIdleTimeout))
	c.mu.Lock()
	if c.epoch == epoch {
		if len(c.entries) >= c.max {
			c.evictLocked(now)
		}
		c.entries[id] = &cachedSession{sess: *sess, player: *p, expires: expires}
	}
	c.mu.Unlock()
	return sess, p, nil
}

// evictLocked makes room: expired entries go first, then any one.
func (c *SessionCache) evictLocked(now time.Time) {
	for id, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, id)
		}
	}
	for id := range c.entries {
		if len(c.entries) < c.max {
			return
		}
		delete(c.entries, id)
	}
}

// Drop forgets the given sessions of a player, or all of its sessions
// when none is given.
func (c *SessionCache) Drop(playerID string, sessionIDs ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	if len(sessionIDs) > 0 {
		for _, id := range sessionIDs {
			delete(c.entries, id)
		}
		return
	}
	for id, e := range c.entries {
		if e.sess.PlayerID == playerID {
			delete(c.entries, id)
		}
	}
}

// Revoked takes a session.revoked message (as published on a player's
// topic or event.SessionsTopic) and drops what it names. A message it
// cannot read drops everything: a cache must not outlive a revocation.
func (c *SessionCache) Revoked(payload []byte) {
	var m event.SessionRevoked
	if err := json.Unmarshal(payload, &m); err != nil || m.Type != event.TypeSessionRevoked ||
		!strings.HasPrefix(m.Topic, event.PlayerPrefix) {
		c.Reset()
		return
	}
	c.Drop(strings.TrimPrefix(m.Topic, event.PlayerPrefix), m.Sessions...)
}

// Reset forgets every session (the revocation feed may have lost
// messages).
func (c *SessionCache) Reset() {
	c.mu.Lock()
	c.epoch++
	clear(c.entries)
	c.mu.Unlock()
}

// Publisher wraps next so that a session.revoked published on this
// instance drops the sessions here before it is sent anywhere.
func (c *SessionCache) Publisher(next Publisher) Publisher {
	return &revokingPublisher{c: c, next: next}
}

type revokingPublisher struct {
	c    *SessionCache
	next Publisher
}

func (p *revokingPublisher) drop(msg any) {
	if m, ok := msg.(event.SessionRevoked); ok {
		p.c.Drop(strings.TrimPrefix(m.Topic, event.PlayerPrefix), m.Sessions...)
	}
}

// Publish implements Publisher.
func (p *revokingPublisher) Publish(ctx context.Context, topic string, msg any) {
	p.drop(msg)
	p.next.Publish(ctx, topic, msg)
}

// PublishBatch implements BatchPublisher.
func (p *revokingPublisher) PublishBatch(ctx context.Context, events []Event) {
	for _, e := range events {
		p.drop(e.Msg)
	}
	publishAll(ctx, p.next, events)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
