package game

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestHideRestoreDelete(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "wk", Reset: ResetWeekly})
		ann, bob, cat := e.player(t, "ann"), e.player(t, "bob"), e.player(t, "cat")
		// Last week and this week, on two boards.
		e.clock.Set(time.Date(2031, 5, 14, 12, 0, 0, 0, time.UTC))
		e.submit(t, "wk", bob, 30)
		e.clock.Set(time.Date(2031, 5, 21, 12, 0, 0, 0, time.UTC))
		for _, id := range []string{"wk"} {
			e.submit(t, id, ann, 10)
			e.submit(t, id, bob, 10) // ties with ann, who was first
			e.submit(t, id, cat, 5)
		}
		if err := e.boards.SetScore(t.Context(), BoardConnect4, bob.ID, 1600); err != nil {
			t.Fatal(err)
		}

		if err := e.boards.HidePlayer(t.Context(), bob.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "wk", ""); !slices.Equal(got, []string{"ann:10", "cat:5"}) {
			t.Errorf("while banned: %v", got)
		}
		if got := e.ranking(t, "wk", "previous"); len(got) != 0 {
			t.Errorf("while banned, last week: %v", got)
		}
		if got := e.ranking(t, BoardConnect4, ""); len(got) != 0 {
			t.Errorf("while banned, connect4: %v", got)
		}
		if _, err := e.boards.Standing(t.Context(), "wk", "", bob.ID); ErrorCode(err) != CodeNotFound {
			t.Errorf("banned standing: %v", err)
		}
		// A banned player cannot write, even past the account check.
		if err := e.boards.SetScore(t.Context(), "wk", bob.ID, 99); ErrorCode(err) != CodeForbidden {
			t.Errorf("banned write: %v, want forbidden", err)
		}

		if err := e.boards.RestorePlayer(t.Context(), bob.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "wk", ""); !slices.Equal(got, []string{"ann:10", "bob:10", "cat:5"}) {
			t.Errorf("after unban: %v (bob keeps his place behind ann)", got)
		}
		if got := e.ranking(t, "wk", "previous"); !slices.Equal(got, []string{"bob:30"}) {
			t.Errorf("after unban, last week: %v", got)
		}
		e.submit(t, "wk", bob, 11)

		// Hidden, then deleted: nothing of bob stays in any board key.
		if err := e.boards.HidePlayer(t.Context(), bob.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.boards.DeletePlayer(t.Context(), bob.ID); err != nil {
			t.Fatal(err)
		}
		if keys := e.keysMentioning(t, bob.ID); len(keys) > 0 {
			t.Errorf("bob still in %v", keys)
		}
		if got := e.ranking(t, "wk", ""); !slices.Equal(got, []string{"ann:10", "cat:5"}) {
			t.Errorf("after delete: %v", got)
		}

		// Reset one player on one board, and remove one record.
		if err := e.boards.ResetPlayer(t.Context(), "wk", ann.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.boards.RemoveRecord(t.Context(), "wk", cat.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, "wk", ""); len(got) != 0 {
			t.Errorf("after reset and remove: %v", got)
		}
		if err := e.boards.ResetPlayer(t.Context(), "nope", ann.ID); ErrorCode(err) != CodeNotFound {
			t.Errorf("reset on a missing board: %v", err)
		}
	})
}

// keysMentioning lists board keys under the test's prefix whose content
// mentions s.
func (e *boardsEnv) keysMentioning(t *testing.T, s string) []string {
	t.Helper()
	ctx := t.Context()
	var found []string
	keys, err := allKeys(t, e)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.Contains(k, ":lb:") {
			continue
		}
		var dump []string
		switch e.deps.Redis.Type(ctx, k).Val() {
		case "zset":
			dump, _ = e.deps.Redis.ZRange(ctx, k, 0, -1).Result()
		case "hash":
			h, _ := e.deps.Redis.HGetAll(ctx, k).Result()
			for f, v := range h {
				dump = append(dump, f, v)
			}
		case "set":
			dump, _ = e.deps.Redis.SMembers(ctx, k).Result()
		}
		if strings.Contains(strings.Join(dump, " "), s) {
			found = append(found, k)
		}
	}
	return found
}

func TestEventsAndTopMessage(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "ev"})
		a, b, c := e.player(t, "a"), e.player(t, "b"), e.player(t, "c")
		e.submit(t, "ev", a, 10)
		e.submit(t, "ev", b, 5)
		e.events.take()
		e.submit(t, "ev", c, 20) // passes a and b
		byTopic := map[string]map[string]any{}
		for _, m := range e.events.take() {
			byTopic[m.Topic] = m.Msg
		}
		if m := byTopic[LeaderboardTopic("ev")]; m["type"] != "leaderboard.changed" || m["board"] != "ev" {
			t.Errorf("board event = %v", m)
		}
		if m := byTopic[PlayerTopic(c.ID)]; m["type"] != "rank.changed" || m["rank"] != int64(1) || m["previous_rank"] != nil {
			t.Errorf("submitter event = %v", m)
		}
		if m := byTopic[PlayerTopic(a.ID)]; m["rank"] != int64(2) || m["previous_rank"] != int64(1) {
			t.Errorf("passed player a = %v", m)
		}
		if m := byTopic[PlayerTopic(b.ID)]; m["rank"] != int64(3) || m["previous_rank"] != int64(2) {
			t.Errorf("passed player b = %v", m)
		}
		// A score that changes nothing announces nothing.
		e.submit(t, "ev", c, 1)
		if evs := e.events.take(); len(evs) != 0 {
			t.Errorf("no-op write announced %v", evs)
		}

		raw, err := e.boards.TopMessage(t.Context(), "ev")
		if err != nil {
			t.Fatal(err)
		}
		var msg struct {
			Type, Topic, Board, Period string
			Seq, Total                 int64
			Entries                    []Entry
		}
		if err := json.Unmarshal(raw, &msg); err != nil {
			t.Fatal(err)
		}
		if msg.Type != "leaderboard.top" || msg.Topic != "leaderboard:ev" || msg.Board != "ev" || msg.Period != "all" ||
			msg.Seq != 3 || msg.Total != 3 || len(msg.Entries) != 3 || msg.Entries[0].DisplayName != "c" {
			t.Errorf("top message = %s", raw)
		}
		e.submit(t, "ev", a, 30)
		raw, _ = e.boards.TopMessage(t.Context(), "ev")
		_ = json.Unmarshal(raw, &msg)
		if msg.Seq != 4 || msg.Entries[0].DisplayName != "a" {
			t.Errorf("seq %d after a change, top %v", msg.Seq, msg.Entries[0])
		}
		if _, err := e.boards.TopMessage(t.Context(), "missing"); ErrorCode(err) != CodeNotFound {
			t.Errorf("missing board: %v", err)
		}
	})
}

func TestAroundAndStandings(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "big"})
		var ps []*Player
		for i := range 30 {
			p := e.player(t, "p"+string(rune('A'+i)))
			ps = append(ps, p)
			e.submit(t, "big", p, int64(1000-i))
		}
		page, err := e.boards.Around(t.Context(), "big", "", ps[10].ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if page.PlayerRank != 11 || len(page.Entries) != 5 || page.Entries[0].Rank != 9 || page.Entries[2].PlayerID != ps[10].ID {
			t.Errorf("around = %+v", page)
		}
		page, _ = e.boards.Around(t.Context(), "big", "", ps[0].ID, 3)
		if len(page.Entries) != 4 || page.Entries[0].Rank != 1 {
			t.Errorf("around the leader = %+v", page.Entries)
		}
		if _, err := e.boards.Around(t.Context(), "big", "", e.player(t, "z").ID, 3); ErrorCode(err) != CodeNotFound {
			t.Errorf("around a stranger: %v", err)
		}
		page, _ = e.boards.Top(t.Context(), "big", "", 25, 10)
		if len(page.Entries) != 5 || page.Entries[0].Rank != 26 || page.Total != 30 {
			t.Errorf("page 2 = %+v", page)
		}
		for _, bad := range [][2]int{{-1, 10}, {0, 101}, {0, -1}} {
			if _, err := e.boards.Top(t.Context(), "big", "", bad[0], bad[1]); ErrorCode(err) != CodeInvalid {
				t.Errorf("offset/limit %v: %v", bad, err)
			}
		}
		st, err := e.boards.Standing(t.Context(), "big", "", ps[2].ID)
		if err != nil || st.Rank != 3 || st.Percentile != 10 || st.Score != 998 {
			t.Errorf("standing = %+v, %v", st, err)
		}
		all, err := e.boards.PlayerStandings(t.Context(), ps[2].ID)
		if err != nil || len(all) != 4 {
			t.Fatalf("standings = %v, %v", all, err)
		}
		for _, s := range all {
			if (s.Board.ID == "big") != (s.Standing != nil) {
				t.Errorf("standing on %s = %+v", s.Board.ID, s.Standing)
			}
		}
	})
}
