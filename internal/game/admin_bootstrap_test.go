package game_test

import (
	"sync"
	"testing"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

// Several instances starting at once on one Redis: exactly one creates the
// first admin and gets its password; later starts change nothing.
func TestCreateFirstAdminOnce(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d := newDeps(t, tg)
		var (
			wg        sync.WaitGroup
			mu        sync.Mutex
			passwords []string
		)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{})
				pw, err := acc.CreateFirstAdmin(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if pw != "" {
					mu.Lock()
					passwords = append(passwords, pw)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(passwords) != 1 {
			t.Fatalf("%d instances created the first admin, want 1", len(passwords))
		}
		acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{})
		if pw, err := acc.CreateFirstAdmin(ctx); err != nil || pw != "" {
			t.Fatalf("a later start: password %q, err %v; want neither", pw, err)
		}
		si, err := acc.Login(ctx, game.FirstAdminUsername, passwords[0], game.ClientInfo{})
		if err != nil {
			t.Fatalf("log in with the handed-out password: %v", err)
		}
		if !si.Player.IsAdmin() {
			t.Fatalf("first admin has role %q", si.Player.Role)
		}
	})
}

// A player who registered "admin" before is never promoted.
func TestCreateFirstAdminLeavesPlayerAlone(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d := newDeps(t, tg)
		acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{})
		if _, err := acc.Register(ctx, "Admin", "password1", game.ClientInfo{}); err != nil {
			t.Fatal(err)
		}
		if pw, err := acc.CreateFirstAdmin(ctx); err != nil || pw != "" {
			t.Fatalf("password %q, err %v; want neither", pw, err)
		}
		si, err := acc.Login(ctx, "admin", "password1", game.ClientInfo{})
		if err != nil || si.Player.IsAdmin() {
			t.Fatalf("the player's account changed: %+v, %v", si, err)
		}
	})
}

// A deployment that had a configured admin gets no second one.
func TestCreateFirstAdminAfterConfiguredAdmin(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d := newDeps(t, tg)
		acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{})
		if err := acc.EnsureAdmin(ctx, "boss", "boss-password"); err != nil {
			t.Fatal(err)
		}
		if err := acc.MarkAdminConfigured(ctx, "boss"); err != nil {
			t.Fatal(err)
		}
		if pw, err := acc.CreateFirstAdmin(ctx); err != nil || pw != "" {
			t.Fatalf("password %q, err %v; want neither", pw, err)
		}
		if n := tg.Client.HExists(ctx, d.Keys.Usernames(), "admin").Val(); n {
			t.Fatal("an admin account was created next to the configured one")
		}
	})
}
