package game_test

import (
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

// TestEnsureIndexesBackfills rebuilds the display-name and banned indexes
// for players written before they existed, and is idempotent.
func TestEnsureIndexesBackfills(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		d, acc, admin, _ := setupAdmin(t, tg)
		si, err := acc.Register(ctx, "zed01", "password1", game.ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acc.SetDisplayName(ctx, si.Player.ID, "Tim Tester"); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.BanFor(ctx, game.Actor{Name: "boss"}, si.Player.ID, "spam", time.Hour); err != nil {
			t.Fatal(err)
		}
		// As an older version left it: no display-name or banned index.
		for _, k := range []string{d.Keys.DisplayNameIndex(), d.Keys.BannedIndex(), d.Keys.IndexVersion()} {
			if err := d.Redis.Del(ctx, k).Err(); err != nil {
				t.Fatal(err)
			}
		}
		tr := true
		if res, _ := admin.Query(ctx, game.PlayerQuery{Q: "tim", Limit: 10}); res.Total != 0 {
			t.Fatalf("before the backfill q=tim found %d", res.Total)
		}
		for range 2 {
			if err := acc.EnsureIndexes(ctx); err != nil {
				t.Fatal(err)
			}
		}
		res, err := admin.Query(ctx, game.PlayerQuery{Q: "tim", Banned: &tr, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Players[0].ID != si.Player.ID || res.Players[0].BannedUntil == nil {
			t.Fatalf("after the backfill = %+v", res)
		}
		if res, _ := admin.Query(ctx, game.PlayerQuery{Banned: &tr, Limit: 10}); res.Total != 1 {
			t.Fatalf("banned filter after the backfill found %d", res.Total)
		}
	})
}
