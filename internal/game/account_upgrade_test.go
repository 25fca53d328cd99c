package game

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// TestUpgradeRaces: two upgrades of one guest, and two guests upgrading to
// one name, each end with exactly one winner and consistent name indexes.
func TestUpgradeRaces(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		setHashWait(t, time.Minute) // the race is for names, not hash slots
		e := newAccountsEnv(t, tg, LoginLimits{})
		g, err := e.acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"racer_one", "racer_two", "racer_three", "racer_four"}
		errs := make([]error, len(names))
		var wg sync.WaitGroup
		for i, n := range names {
			wg.Go(func() { _, errs[i] = e.acc.Upgrade(ctx, g.Player.ID, n, "long enough", ClientInfo{}) })
		}
		wg.Wait()
		won := ""
		for i, err := range errs {
			switch {
			case err == nil && won == "":
				won = names[i]
			case err == nil:
				t.Fatalf("both %s and %s won the upgrade", won, names[i])
			case ErrorCode(err) != CodeConflict:
				t.Fatalf("upgrade %s: %v", names[i], err)
			}
		}
		if won == "" {
			t.Fatal("no upgrade won")
		}
		claims, _ := e.deps.Redis.HGetAll(ctx, e.deps.Keys.Usernames()).Result()
		lex, _ := e.deps.Redis.ZRange(ctx, e.deps.Keys.UsernameIndex(), 0, -1).Result()
		if len(claims) != 1 || claims[won] != g.Player.ID || len(lex) != 1 || lex[0] != won+":"+g.Player.ID {
			t.Fatalf("after the race: claims %v, index %v", claims, lex)
		}

		// Two guests, one name.
		a, _ := e.acc.Guest(ctx, ClientInfo{})
		b, _ := e.acc.Guest(ctx, ClientInfo{})
		var ea, eb error
		wg.Go(func() { _, ea = e.acc.Upgrade(ctx, a.Player.ID, "Shared", "long enough", ClientInfo{}) })
		wg.Go(func() { _, eb = e.acc.Upgrade(ctx, b.Player.ID, "shared", "long enough", ClientInfo{}) })
		wg.Wait()
		lost := ea
		if ea == nil {
			lost = eb
		}
		if (ea == nil) == (eb == nil) || ErrorCode(lost) != CodeConflict {
			t.Fatalf("same name: %v / %v", ea, eb)
		}
		loser := b.Player
		if eb == nil {
			loser = a.Player
		}
		p, err := e.acc.Get(ctx, loser.ID)
		if err != nil || !p.Guest || p.Username != loser.Username {
			t.Fatalf("the loser changed: %+v, %v", p, err)
		}
		if taken, _ := e.acc.nameTaken(ctx, loser.Username); !taken {
			t.Error("the loser lost its guest name")
		}
		lex, _ = e.deps.Redis.ZRange(ctx, e.deps.Keys.UsernameIndex(), 0, -1).Result()
		n := 0
		for _, m := range lex {
			if strings.HasPrefix(m, "shared:") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("index holds %d entries for the shared name: %v", n, lex)
		}
	})
}
