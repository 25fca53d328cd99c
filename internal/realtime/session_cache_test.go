package realtime

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/redistest"
)

// instance is one app instance's share of the session path: its hub, its
// session cache (fed by the hub's sessions topic) and the domain on top.
type instance struct {
	cache    *game.SessionCache
	sessions *game.Sessions
	accounts *game.Accounts
	admin    *game.PlayerAdmin
}

func startInstance(t *testing.T, rdb redis.UniversalClient, keys game.Keys, ttl time.Duration) *instance {
	t.Helper()
	h := New(NewRedisBroker(rdb, keys), testLogger(t), nil, Options{})
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- h.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	cache := game.NewSessionCache(nil, ttl, 100)
	d := game.Deps{Redis: rdb, Keys: keys, Events: cache.Publisher(h)}
	sessions := game.NewSessions(d)
	cache.Use(sessions)
	h.Watch(event.SessionsTopic, Watcher{Message: cache.Revoked, Reset: cache.Reset})
	acc := game.NewAccounts(d, sessions, game.LoginLimits{})
	in := &instance{cache: cache, sessions: sessions, accounts: acc, admin: game.NewPlayerAdmin(d, acc, game.NewAudit(d))}
	// Wait until the sessions topic is live on the broker.
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.redisMu.Lock()
		h.mu.Lock()
		ok := h.redisSubs[event.SessionsTopic] && h.pending[event.SessionsTopic] == 0
		h.mu.Unlock()
		h.redisMu.Unlock()
		if ok {
			return in
		}
		if time.Now().After(deadline) {
			t.Fatal("sessions topic never subscribed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// refusedWithin polls in's cache until it refuses token with code.
func refusedWithin(t *testing.T, in *instance, token, code string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		_, _, err := in.cache.Authenticate(t.Context(), token)
		if err != nil {
			if game.ErrorCode(err) != code {
				t.Fatalf("refused with %v, want %s", err, code)
			}
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("token still accepted %v after its revocation", within)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestBanReachesCachedSessionOnAnotherInstance: instance B holds a session
// in its cache (with a TTL far too long to help); a ban issued on instance
// A is refused on B as soon as the ban's event arrives, and on A at once.
func TestBanReachesCachedSessionOnAnotherInstance(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := newKeys(t)
	a := startInstance(t, rdb, keys, time.Hour)
	b := startInstance(t, rdb, keys, time.Hour)
	ctx := t.Context()

	// The cache is real: a session deleted behind its back (no event)
	// is still served from memory on B.
	quiet, err := a.accounts.Guest(ctx, game.ClientInfo{Addr: "10.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.cache.Authenticate(ctx, quiet.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.sessions.DeleteAll(ctx, quiet.Player.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.sessions.Authenticate(ctx, quiet.Token); game.ErrorCode(err) != game.CodeUnauthorized {
		t.Fatalf("deleted session read from Redis: %v, want unauthorized", err)
	}
	if _, _, err := b.cache.Authenticate(ctx, quiet.Token); err != nil {
		t.Fatalf("cache did not hold the session: %v", err)
	}

	si, err := a.accounts.Guest(ctx, game.ClientInfo{Addr: "10.0.0.2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []*instance{a, b} {
		if _, p, err := in.cache.Authenticate(ctx, si.Token); err != nil || p.ID != si.Player.ID {
			t.Fatalf("authenticate: %v %v", p, err)
		}
	}
	if _, err := a.admin.Ban(ctx, game.Actor{ID: "admin", Name: "admin"}, si.Player.ID, "spam"); err != nil {
		t.Fatal(err)
	}
	// On the banning instance the very next request is refused.
	if _, _, err := a.cache.Authenticate(ctx, si.Token); err == nil {
		t.Fatal("the banning instance still accepts the session")
	}
	took := refusedWithin(t, b, si.Token, game.CodeUnauthorized, 2*time.Second)
	t.Logf("ban reached instance B's cache in %v", took)

	// A sign-out names its session only: the player's other session
	// stays cached and accepted.
	p, err := a.accounts.Guest(ctx, game.ClientInfo{Addr: "10.0.0.3"})
	if err != nil {
		t.Fatal(err)
	}
	sess, _, err := b.cache.Authenticate(ctx, p.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.sessions.Delete(ctx, sess); err != nil {
		t.Fatal(err)
	}
	refusedWithin(t, b, p.Token, game.CodeUnauthorized, 2*time.Second)
}

// TestSessionCacheKeepsLimits: an entry never outlives its TTL.
func TestSessionCacheKeepsLimits(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := newKeys(t)
	in := startInstance(t, rdb, keys, 50*time.Millisecond)
	ctx := t.Context()
	si, err := in.accounts.Guest(ctx, game.ClientInfo{Addr: "10.0.0.4"})
	if err != nil {
		t.Fatal(err)
	}
	sess, _, err := in.cache.Authenticate(ctx, si.Token)
	if err != nil {
		t.Fatal(err)
	}
	// Deleted with no event at all: only the TTL can end it.
	if err := rdb.Del(ctx, keys.Session(si.Player.ID, sess.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	refusedWithin(t, in, si.Token, game.CodeUnauthorized, time.Second)
}
