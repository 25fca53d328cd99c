package game

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// TestTopPageCacheFollowsChanges reads pages on one instance while another
// one changes the board: every kind of change shows on the next read.
func TestTopPageCacheFollowsChanges(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		reader := NewBoards(e.deps, BoardOptions{})
		acc := NewAccounts(e.deps, NewSessions(e.deps), LoginLimits{PerUser: 10, PerAddr: 50, Window: time.Minute})
		e.board(t, Leaderboard{ID: "c", Operator: OpSet})
		si, err := acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		ann, bob := si.Player, e.player(t, "Bob")
		e.submit(t, "c", ann, 10)
		e.submit(t, "c", bob, 20)

		read := func() string {
			t.Helper()
			js, err := reader.TopJSON(ctx, "c", "", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			page, err := reader.Top(ctx, "c", "", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(page)
			if string(js) != string(want)+"\n" {
				t.Fatalf("TopJSON = %s, want the page as c.JSON writes it: %s", js, want)
			}
			var rows []string
			for _, en := range page.Entries {
				rows = append(rows, fmt.Sprintf("%d %s:%d", en.Rank, en.DisplayName, en.Score))
			}
			return strings.Join(rows, ", ")
		}
		check := func(step, want string) {
			t.Helper()
			if got := read(); got != want {
				t.Errorf("%s: page = %q, want %q", step, got, want)
			}
		}

		check("start", "1 Bob:20, 2 "+ann.DisplayName+":10")
		js1, _ := reader.TopJSON(ctx, "c", "", 0, 10)
		js2, _ := reader.TopJSON(ctx, "c", "", 0, 10)
		if &js1[0] != &js2[0] {
			t.Errorf("an unchanged page was encoded again, want the cached bytes")
		}
		page, _ := reader.Top(ctx, "c", "", 0, 10)
		page.Entries[0].DisplayName = "scribbled"
		check("after a caller changed its copy", "1 Bob:20, 2 "+ann.DisplayName+":10")

		e.submit(t, "c", ann, 30)
		check("write", "1 "+ann.DisplayName+":30, 2 Bob:20")
		if _, err := acc.SetDisplayName(ctx, ann.ID, "Ann"); err != nil {
			t.Fatal(err)
		}
		check("rename", "1 Ann:30, 2 Bob:20")
		if err := e.boards.HidePlayer(ctx, ann.ID); err != nil {
			t.Fatal(err)
		}
		check("ban", "1 Bob:20")
		if err := e.boards.RestorePlayer(ctx, ann.ID); err != nil {
			t.Fatal(err)
		}
		check("unban", "1 Ann:30, 2 Bob:20")
		if err := e.boards.RemoveRecord(ctx, "c", bob.ID); err != nil {
			t.Fatal(err)
		}
		check("record removed", "1 Ann:30")
		if err := e.boards.ResetBoard(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		check("reset", "")
		if got, err := reader.Top(ctx, "c", "previous", 0, 10); err != nil || len(got.Entries) != 1 {
			t.Errorf("previous after reset = %+v, %v", got, err)
		}
	})
}

// TestTopPageCacheRollover: when the week ends, the cached page of the
// old week is not served as the current one.
func TestTopPageCacheRollover(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "w", Reset: ResetWeekly})
		e.submit(t, "w", e.player(t, "Ann"), 10)
		if got := e.ranking(t, "w", "current"); len(got) != 1 {
			t.Fatalf("current = %v", got)
		}
		e.clock.Set(e.clock.Now().AddDate(0, 0, 7))
		if got := e.ranking(t, "w", "current"); len(got) != 0 {
			t.Errorf("current after the week ended = %v, want empty", got)
		}
		if got := e.ranking(t, "w", "previous"); len(got) != 1 || got[0] != "Ann:10" {
			t.Errorf("previous after the week ended = %v, want [Ann:10]", got)
		}
		page, err := e.boards.Top(ctx, "w", "previous", 0, 10)
		if err != nil || page.Period != "previous" {
			t.Errorf("previous page = %+v, %v", page, err)
		}
	})
}

func TestPageCacheIsBounded(t *testing.T) {
	c := newPageCache()
	for i := range PageCacheSize + 50 {
		c.put(pageKey{board: "b", offset: i}, &cachedPage{})
		c.get(pageKey{board: "b", offset: 0}) // in use all along
	}
	if got := c.len(); got != PageCacheSize {
		t.Errorf("cache holds %d pages, want %d", got, PageCacheSize)
	}
	if c.get(pageKey{board: "b", offset: 0}) == nil {
		t.Errorf("the page read all along was evicted")
	}
	if c.get(pageKey{board: "b", offset: 1}) != nil {
		t.Errorf("the least recently used page is still there")
	}
}

// TestTopPageCacheAfterDataLoss: when Redis loses a board's data, its
// change counter starts again from zero; a page cached before must not be
// taken for the new one that reached the same counter.
func TestTopPageCacheAfterDataLoss(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "d"})
		e.submit(t, "d", e.player(t, "Ann"), 10)
		if got := e.ranking(t, "d", ""); len(got) != 1 || got[0] != "Ann:10" {
			t.Fatalf("ranking = %v", got)
		}
		k := e.deps.Keys
		for _, key := range []string{k.BoardState("d"), k.BoardSeq("d"), k.BoardScores("d", "all"),
			k.BoardMembers("d", "all"), k.BoardNames("d"), k.BoardPeriods("d")} {
			if err := e.deps.Redis.Del(ctx, key).Err(); err != nil {
				t.Fatal(err)
			}
		}
		e.submit(t, "d", e.player(t, "Bob"), 5)
		if got := e.ranking(t, "d", ""); len(got) != 1 || got[0] != "Bob:5" {
			t.Errorf("ranking after the data loss = %v, want [Bob:5]", got)
		}
	})
}

// TestAroundFollowsResetElsewhere: around-me reads from the cached board
// state in one round trip; a reset made by another instance is noticed at
// once, not when the cache expires.
func TestAroundFollowsResetElsewhere(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		ctx := t.Context()
		e := newBoardsEnv(t, target, BoardOptions{})
		reader := NewBoards(e.deps, BoardOptions{})
		e.board(t, Leaderboard{ID: "r", Operator: OpSet})
		ann, bob := e.player(t, "Ann"), e.player(t, "Bob")
		e.submit(t, "r", ann, 10)
		e.submit(t, "r", bob, 20)
		page, err := reader.Around(ctx, "r", "", ann.ID, 5)
		if err != nil || page.PlayerRank != 2 || len(page.Entries) != 2 {
			t.Fatalf("before the reset: %+v, %v", page, err)
		}

		if err := e.boards.ResetBoard(ctx, "r"); err != nil { // the other instance
			t.Fatal(err)
		}
		if _, err := reader.Around(ctx, "r", "", ann.ID, 5); ErrorCode(err) != CodeNotFound {
			t.Fatalf("after the reset: %v, want not_found (the new period is empty)", err)
		}
		e.submit(t, "r", ann, 5)
		page, err = reader.Around(ctx, "r", "", ann.ID, 5)
		if err != nil || page.PlayerRank != 1 || len(page.Entries) != 1 || page.Entries[0].Score != 5 {
			t.Fatalf("after a new score: %+v, %v", page, err)
		}
		// The previous period still answers for those who ask for it.
		if page, err = reader.Around(ctx, "r", "previous", bob.ID, 5); err != nil || page.PlayerRank != 1 {
			t.Fatalf("previous period: %+v, %v", page, err)
		}
	})
}
