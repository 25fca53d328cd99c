package game

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestBoardNamesFollowRenames(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		acc := NewAccounts(e.deps, NewSessions(e.deps), LoginLimits{PerUser: 10, PerAddr: 50, Window: time.Minute})
		e.board(t, Leaderboard{ID: "a"})
		e.board(t, Leaderboard{ID: "b"})
		si, err := acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		before := si.Player // what a request signed in before the rename holds
		e.submit(t, "a", before, 10)
		if got := e.ranking(t, "a", ""); !slices.Equal(got, []string{before.DisplayName + ":10"}) {
			t.Fatalf("ranking = %v", got)
		}

		if _, err := acc.SetDisplayName(ctx, before.ID, "Renamed"); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "a", ""); !slices.Equal(got, []string{"Renamed:10"}) {
			t.Errorf("after rename = %v, want Renamed:10", got)
		}
		// A submission carrying the name from before the rename lands after
		// it, on a board the player had no entry on yet and on the old one:
		// the newer name stays.
		e.submit(t, "b", before, 5)
		e.submit(t, "a", before, 20)
		if got := e.ranking(t, "b", ""); !slices.Equal(got, []string{"Renamed:5"}) {
			t.Errorf("b after a stale submission = %v, want Renamed:5", got)
		}
		if got := e.ranking(t, "a", ""); !slices.Equal(got, []string{"Renamed:20"}) {
			t.Errorf("a after a stale submission = %v, want Renamed:20", got)
		}

		// Pages read names from the board's map in the same script...
		e.deps.Redis.HSet(ctx, e.deps.Keys.Player(before.ID), fDisplayName, "hash only")
		if got := e.ranking(t, "a", ""); !slices.Equal(got, []string{"Renamed:20"}) {
			t.Errorf("ranking = %v, want the name from the board's map", got)
		}
		// ...and fall back to the player hash where the map has none (entries
		// written before the map existed).
		// (Pages are cached until the board's change counter moves, as every
		// change through the app makes it; this edit behind the app's back
		// moves it by hand.)
		e.deps.Redis.HDel(ctx, e.deps.Keys.BoardNames("a"), before.ID)
		e.deps.Redis.Incr(ctx, e.deps.Keys.BoardSeq("a"))
		if got := e.ranking(t, "a", ""); !slices.Equal(got, []string{"hash only:20"}) {
			t.Errorf("ranking without a map entry = %v, want the player hash's name", got)
		}
		page, err := e.boards.Around(ctx, "b", "", before.ID, 5)
		if err != nil || len(page.Entries) != 1 || page.Entries[0].DisplayName != "Renamed" {
			t.Errorf("around = %+v, %v", page, err)
		}

		// Settlement writes (SetScore) record the name too; deleting the
		// player forgets it.
		if err := e.boards.SetScore(ctx, BoardConnect4, before.ID, 1500); err != nil {
			t.Fatal(err)
		}
		if n := e.deps.Redis.HGet(ctx, e.deps.Keys.BoardNames(BoardConnect4), before.ID).Val(); n == "" {
			t.Error("SetScore left no name on the board")
		}
		if err := e.boards.DeletePlayer(ctx, before.ID); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "b", BoardConnect4} {
			if n := e.deps.Redis.HExists(ctx, e.deps.Keys.BoardNames(id), before.ID).Val(); n {
				t.Errorf("board %s still has the deleted player's name", id)
			}
		}
	})
}

func TestBoardCacheAcrossInstances(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		other := NewBoards(e.deps, BoardOptions{ScoreRateLimit: 1000}) // a second app instance
		e.board(t, Leaderboard{ID: "c"})
		ann, bob := e.player(t, "ann"), e.player(t, "bob")
		e.submit(t, "c", ann, 10) // this instance now caches the board
		if got := e.ranking(t, "c", "previous"); len(got) != 0 {
			t.Fatalf("previous before any reset = %v", got)
		}

		// Another instance resets the board: this one must not read or
		// write the old period, though its cache still says so.
		if err := other.ResetBoard(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "c", ""); len(got) != 0 {
			t.Errorf("current after a reset elsewhere = %v, want empty", got)
		}
		e.submit(t, "c", bob, 7)
		if got := e.ranking(t, "c", ""); !slices.Equal(got, []string{"bob:7"}) {
			t.Errorf("current = %v, want bob:7", got)
		}
		if got := e.ranking(t, "c", "previous"); !slices.Equal(got, []string{"ann:10"}) {
			t.Errorf("previous = %v, want ann:10", got)
		}
		msg, err := e.boards.TopMessage(ctx, "c")
		if err != nil || !strings.Contains(string(msg), `"display_name":"bob"`) || strings.Contains(string(msg), "ann") {
			t.Errorf("top message = %s, %v", msg, err)
		}

		// A reset elsewhere after this instance cached "no previous period"
		// shows up at once too.
		if err := other.ResetBoard(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "c", "previous"); !slices.Equal(got, []string{"bob:7"}) {
			t.Errorf("previous after the second reset = %v, want bob:7", got)
		}
	})
}
