package game

import (
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// TestBoardScoreTimes: a standing says when the player reached the score,
// written by the submit script with the score: a better score moves the
// date, one that changes nothing keeps it, a ban and an unban keep it, a
// removal forgets it, and a new period starts without it. Scores from
// before boards kept the time simply have none.
func TestBoardScoreTimes(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		ctx := t.Context()
		e.board(t, Leaderboard{ID: "wk", Reset: ResetWeekly})
		ann, bob := e.player(t, "ann"), e.player(t, "bob")
		at := func(p *Player) *time.Time {
			t.Helper()
			st, err := e.boards.Standing(ctx, "wk", "current", p.ID)
			if err != nil {
				t.Fatalf("standing of %s: %v", p.DisplayName, err)
			}
			return st.At
		}
		same := func(what string, got *time.Time, want time.Time) {
			t.Helper()
			if got == nil || !got.Equal(want) {
				t.Errorf("%s: at %v, want %v", what, got, want)
			}
		}
		t0 := e.clock.Now()
		e.submit(t, "wk", ann, 50)
		same("first score", at(ann), t0)

		e.clock.Set(t0.Add(time.Hour))
		e.submit(t, "wk", ann, 40) // not better: nothing changes
		same("a worse score", at(ann), t0)
		e.submit(t, "wk", ann, 70)
		same("a better score", at(ann), t0.Add(time.Hour))

		// The profile reads the same date.
		standings, err := e.boards.PlayerStandings(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range standings {
			if s.Board.ID == "wk" {
				same("profile standing", s.Standing.At, t0.Add(time.Hour))
			}
		}

		// Banned and back: the date comes back with the score.
		if err := e.boards.HidePlayer(ctx, ann.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.boards.RestorePlayer(ctx, ann.ID); err != nil {
			t.Fatal(err)
		}
		same("after an unban", at(ann), t0.Add(time.Hour))

		// A removed record forgets its time: a new score starts afresh.
		e.submit(t, "wk", bob, 30)
		if err := e.boards.RemoveRecord(ctx, "wk", bob.ID); err != nil {
			t.Fatal(err)
		}
		if keys := e.keysMentioning(t, bob.ID); len(keys) > 1 { // the name map keeps the name
			t.Errorf("bob still in %v", keys)
		}

		// A score from before boards kept the time has none.
		cur := periodsAt(&Leaderboard{ID: "wk", Reset: ResetWeekly}, boardState{}, e.clock.Now()).Current
		if err := e.deps.Redis.HDel(ctx, e.deps.Keys.BoardTimes("wk", cur), ann.ID).Err(); err != nil {
			t.Fatal(err)
		}
		if got := at(ann); got != nil {
			t.Errorf("a score without a time has at %v", got)
		}

		// The next week starts without dates; the time key expires with it.
		e.clock.Set(t0.AddDate(0, 0, 7))
		e.submit(t, "wk", bob, 5)
		same("next week", at(bob), t0.AddDate(0, 0, 7))
		next := periodsAt(&Leaderboard{ID: "wk", Reset: ResetWeekly}, boardState{}, e.clock.Now())
		if ttl := e.deps.Redis.TTL(ctx, e.deps.Keys.BoardTimes("wk", next.Current)).Val(); ttl <= 0 {
			t.Errorf("the week's times key has TTL %v, want it to expire with the week", ttl)
		}
	})
}
