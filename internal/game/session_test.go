package game_test

import (
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

func newDeps(t *testing.T, tg redistest.Target) game.Deps {
	return game.Deps{Redis: tg.Client, Keys: game.NewKeys(redistest.Prefix(t))}
}

func TestSessionLifetimes(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d := newDeps(t, tg)
		s := game.NewSessions(d)
		token, sess, err := s.Create(ctx, "p1", game.ClientInfo{Addr: "1.2.3.4", UserAgent: "test"})
		if err != nil {
			t.Fatal(err)
		}
		key := d.Keys.Session(sess.ID)
		if sess.ID == token {
			t.Fatal("session key must be the token's hash, not the token")
		}
		got, err := s.Lookup(ctx, token)
		if err != nil || got.PlayerID != "p1" || got.CSRF == "" {
			t.Fatalf("lookup = %+v, %v", got, err)
		}
		if ttl := tg.Client.PTTL(ctx, key).Val(); ttl <= 23*time.Hour || ttl > game.SessionIdleTimeout {
			t.Errorf("idle ttl = %v, want ~24h", ttl)
		}

		// Near the absolute lifetime the idle refresh is cut short...
		created := time.Now().Add(-game.SessionMaxLifetime + time.Hour).UnixMilli()
		tg.Client.HSet(ctx, key, "created_at", created)
		if _, err := s.Lookup(ctx, token); err != nil {
			t.Fatal(err)
		}
		if ttl := tg.Client.PTTL(ctx, key).Val(); ttl > time.Hour || ttl < 59*time.Minute {
			t.Errorf("ttl near the end of life = %v, want <= 1h", ttl)
		}
		// ...and past it the session is gone.
		tg.Client.HSet(ctx, key, "created_at", time.Now().Add(-game.SessionMaxLifetime-time.Second).UnixMilli())
		if _, err := s.Lookup(ctx, token); game.ErrorCode(err) != game.CodeUnauthorized {
			t.Fatalf("expired lookup err = %v, want unauthorized", err)
		}
		if n := tg.Client.Exists(ctx, key).Val(); n != 0 {
			t.Errorf("expired session key still exists")
		}
	})
}

func TestDeleteAllSessions(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		s := game.NewSessions(newDeps(t, tg))
		var tokens []string
		for range 3 {
			tok, _, err := s.Create(ctx, "p2", game.ClientInfo{})
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tok)
		}
		list, err := s.List(ctx, "p2")
		if err != nil || len(list) != 3 {
			t.Fatalf("list = %d sessions, %v; want 3", len(list), err)
		}
		n, err := s.DeleteAll(ctx, "p2")
		if err != nil || n != 3 {
			t.Fatalf("DeleteAll = %d, %v", n, err)
		}
		for _, tok := range tokens {
			if _, err := s.Lookup(ctx, tok); game.ErrorCode(err) != game.CodeUnauthorized {
				t.Errorf("session survived DeleteAll: %v", err)
			}
		}
	})
}
