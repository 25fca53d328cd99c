package game_test

import (
	"strings"
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
		p1 := newPlayer(t, d, s)
		token, sess, err := s.Create(ctx, p1, game.ClientInfo{Addr: "1.2.3.4", UserAgent: "test"})
		if err != nil {
			t.Fatal(err)
		}
		key := d.Keys.Session(p1, sess.ID)
		if sess.ID == token || strings.Contains(sess.ID, token[len(p1)+1:]) {
			t.Fatal("session key must be the token's hash, not the token")
		}
		got, err := s.Lookup(ctx, token)
		if err != nil || got.PlayerID != p1 || got.CSRF == "" {
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
		d := newDeps(t, tg)
		s := game.NewSessions(d)
		p2 := newPlayer(t, d, s)
		var tokens []string
		for range 3 {
			tok, _, err := s.Create(ctx, p2, game.ClientInfo{})
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tok)
		}
		list, err := s.List(ctx, p2)
		// Signing up as a guest opened one more.
		if err != nil || len(list) != 4 {
			t.Fatalf("list = %d sessions, %v; want 4", len(list), err)
		}
		n, err := s.DeleteAll(ctx, p2)
		if err != nil || n != 4 {
			t.Fatalf("DeleteAll = %d, %v", n, err)
		}
		for _, tok := range tokens {
			if _, err := s.Lookup(ctx, tok); game.ErrorCode(err) != game.CodeUnauthorized {
				t.Errorf("session survived DeleteAll: %v", err)
			}
		}
	})
}

// newPlayer creates a guest player and returns its id.
func newPlayer(t *testing.T, d game.Deps, s *game.Sessions) string {
	t.Helper()
	acc := game.NewAccounts(d, s, game.LoginLimits{PerUser: 10, PerAddr: 50, Window: time.Minute})
	si, err := acc.Guest(t.Context(), game.ClientInfo{})
	if err != nil {
		t.Fatal(err)
	}
	return si.Player.ID
}

func TestSessionRefusesBannedAndDeletedPlayers(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d := newDeps(t, tg)
		s := game.NewSessions(d)
		id := newPlayer(t, d, s)
		token, sess, err := s.Create(ctx, id, game.ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		if _, p, err := s.Authenticate(ctx, token); err != nil || p.ID != id || p.DisplayName == "" {
			t.Fatalf("Authenticate = %+v, %v; want the player", p, err)
		}
		// Tampering with the player part finds nothing.
		other := newPlayer(t, d, s)
		if _, err := s.Lookup(ctx, other+token[len(id):]); game.ErrorCode(err) != game.CodeUnauthorized {
			t.Errorf("token with another player id: err = %v, want unauthorized", err)
		}
		for _, bad := range []string{"x", "nodot", id + ".short", "not-a-uuid.AAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			if _, err := s.Lookup(ctx, bad); game.ErrorCode(err) != game.CodeUnauthorized {
				t.Errorf("Lookup(%q) err = %v, want unauthorized", bad, err)
			}
		}

		// A ban flag alone (before the sessions are deleted) already
		// refuses the session, and deletes it.
		tg.Client.HSet(ctx, d.Keys.Player(id), "banned", "1")
		if _, _, err := s.Authenticate(ctx, token); game.ErrorCode(err) != game.CodeForbidden {
			t.Fatalf("banned Authenticate err = %v, want forbidden", err)
		}
		if n := tg.Client.Exists(ctx, d.Keys.Session(id, sess.ID)).Val(); n != 0 {
			t.Error("a banned player's session survived")
		}
		if _, _, err := s.Create(ctx, id, game.ClientInfo{}); game.ErrorCode(err) != game.CodeForbidden {
			t.Errorf("Create for a banned player err = %v, want forbidden", err)
		}

		// A deleted player's session is dead.
		id2 := newPlayer(t, d, s)
		token2, _, err := s.Create(ctx, id2, game.ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		tg.Client.Del(ctx, d.Keys.Player(id2))
		if _, err := s.Lookup(ctx, token2); game.ErrorCode(err) != game.CodeUnauthorized {
			t.Errorf("deleted player's Lookup err = %v, want unauthorized", err)
		}
		if _, _, err := s.Create(ctx, id2, game.ClientInfo{}); game.ErrorCode(err) != game.CodeNotFound {
			t.Errorf("Create for a deleted player err = %v, want not_found", err)
		}
	})
}

func TestSessionTimesFollowTheClock(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		at := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
		d := newDeps(t, tg)
		d.Now = func() time.Time { return at }
		s := game.NewSessions(d)
		id := newPlayer(t, d, s)
		_, sess, err := s.Create(ctx, id, game.ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		if !sess.CreatedAt.Equal(at) || !sess.LastSeen.Equal(at) {
			t.Errorf("created %v, last seen %v; want both %v", sess.CreatedAt, sess.LastSeen, at)
		}
		list, err := s.List(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, got := range list {
			if got.ID == sess.ID {
				found = true
				if !got.CreatedAt.Equal(at) {
					t.Errorf("stored created_at %v, want %v", got.CreatedAt, at)
				}
			}
		}
		if !found {
			t.Errorf("session %s not listed", sess.ID)
		}
	})
}
