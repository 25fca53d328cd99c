package game_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

// recorder is a real PlayerCleaner that notes what it was told.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) note(s string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, s)
	return nil
}
func (r *recorder) PlayerBanned(_ context.Context, id string) error   { return r.note("ban " + id) }
func (r *recorder) PlayerUnbanned(_ context.Context, id string) error { return r.note("unban " + id) }
func (r *recorder) PlayerDeleted(_ context.Context, id string) error  { return r.note("delete " + id) }

func setupAdmin(t *testing.T, tg redistest.Target) (game.Deps, *game.Accounts, *game.PlayerAdmin, *recorder) {
	d := newDeps(t, tg)
	acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{})
	rec := &recorder{}
	return d, acc, game.NewPlayerAdmin(d, acc, game.NewAudit(d), rec), rec
}

func TestPlayerSearch(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		_, acc, admin, _ := setupAdmin(t, tg)
		for _, n := range []string{"Alpha", "alphonse", "alps_1", "beta", "ALPINE"} {
			if _, err := acc.Register(ctx, n, "password1", game.ClientInfo{}); err != nil {
				t.Fatal(err)
			}
		}
		ps, total, err := admin.Search(ctx, "ALP", 0, 2)
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 || len(ps) != 2 || ps[0].Username != "Alpha" || ps[1].Username != "alphonse" {
			t.Fatalf("search alp page 1 = %d %v", total, names(ps))
		}
		ps, _, _ = admin.Search(ctx, "alp", 2, 2)
		if got := names(ps); got != "ALPINE,alps_1" {
			t.Fatalf("page 2 = %s", got)
		}
		if _, _, err := admin.Search(ctx, "a", 0, 1000); game.ErrorCode(err) != game.CodeInvalid {
			t.Fatalf("limit 1000: %v, want invalid", err)
		}
	})
}

func names(ps []*game.Player) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Username)
	}
	return strings.Join(s, ",")
}

func TestBanUnbanDelete(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d, acc, admin, rec := setupAdmin(t, tg)
		boss, _ := acc.Register(ctx, "boss", "password1", game.ClientInfo{})
		si, _ := acc.Register(ctx, "Mallory", "password1", game.ClientInfo{})
		actor := game.ActorOf(boss.Player)
		id := si.Player.ID

		if _, err := admin.Ban(ctx, actor, id, "  "); game.ErrorCode(err) != game.CodeInvalid {
			t.Fatalf("ban without reason: %v", err)
		}
		p, err := admin.Ban(ctx, actor, id, "cheating")
		if err != nil || !p.Banned || p.BanReason != "cheating" {
			t.Fatalf("ban = %+v, %v", p, err)
		}
		if _, err := acc.Sessions().Lookup(ctx, si.Token); game.ErrorCode(err) != game.CodeUnauthorized {
			t.Errorf("session survived the ban: %v", err)
		}
		if _, err := acc.Login(ctx, "mallory", "password1", game.ClientInfo{Addr: "x"}); game.ErrorCode(err) != game.CodeForbidden {
			t.Errorf("banned login: %v, want forbidden", err)
		}
		if p, err := admin.Unban(ctx, actor, id); err != nil || p.Banned {
			t.Fatalf("unban = %+v, %v", p, err)
		}
		if err := admin.Delete(ctx, actor, boss.Player.ID); game.ErrorCode(err) != game.CodeForbidden {
			t.Errorf("self-delete: %v, want forbidden", err)
		}
		if err := admin.Delete(ctx, actor, id); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Get(ctx, id); game.ErrorCode(err) != game.CodeNotFound {
			t.Errorf("deleted player still readable: %v", err)
		}
		// Nothing of the player is left: no key, no member, no name claim.
		if keys := keysMentioning(t, tg, d.Keys.Prefix(), id, "mallory"); len(keys) > 0 {
			t.Errorf("keys still mention the deleted player: %v", keys)
		}
		// The name is free again.
		if _, err := acc.Register(ctx, "mallory", "password2", game.ClientInfo{}); err != nil {
			t.Errorf("re-register freed name: %v", err)
		}
		want := fmt.Sprintf("ban %s,unban %s,delete %s", id, id, id)
		if got := strings.Join(rec.calls, ","); got != want {
			t.Errorf("cleaners told %q, want %q", got, want)
		}

		entries, next, err := game.NewAudit(d).List(ctx, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "delete" || entries[1].Action != "unban" || next == "" {
			t.Fatalf("audit page 1 = %+v next %q", entries, next)
		}
		older, next2, _ := game.NewAudit(d).List(ctx, next, 2)
		if len(older) != 1 || older[0].Action != "ban" || older[0].Reason != "cheating" ||
			older[0].Actor != "boss" || older[0].Target != "Mallory" || next2 != "" {
			t.Fatalf("audit page 2 = %+v next %q", older, next2)
		}
	})
}

// keysMentioning scans every key under prefix, and the members of its sets,
// sorted sets and hashes, for any of the needles.
func keysMentioning(t *testing.T, tg redistest.Target, prefix string, needles ...string) []string {
	t.Helper()
	ctx := t.Context()
	var found []string
	check := func(key, what string) {
		for _, n := range needles {
			if strings.Contains(strings.ToLower(what), strings.ToLower(n)) {
				found = append(found, key+" ("+what+")")
			}
		}
	}
	keys := scanKeys(t, tg, prefix+"*")
	for _, k := range keys {
		check(k, k)
		switch tg.Client.Type(ctx, k).Val() {
		case "set":
			for _, m := range tg.Client.SMembers(ctx, k).Val() {
				check(k, m)
			}
		case "zset":
			for _, m := range tg.Client.ZRange(ctx, k, 0, -1).Val() {
				check(k, m)
			}
		case "hash":
			for f, v := range tg.Client.HGetAll(ctx, k).Val() {
				check(k, f+"="+v)
			}
		}
	}
	return found
}
