package game

import (
	"slices"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestNaturalPeriods(t *testing.T) {
	at := time.Date(2031, 5, 18, 23, 59, 59, 0, time.UTC) // a Sunday
	cases := []struct {
		reset, id string
		end       time.Time
	}{
		{ResetDaily, "d20310518", time.Date(2031, 5, 19, 0, 0, 0, 0, time.UTC)},
		{ResetWeekly, "w20310512", time.Date(2031, 5, 19, 0, 0, 0, 0, time.UTC)},
		{ResetMonthly, "m203105", time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC)},
		{ResetNever, "all", time.Time{}},
	}
	for _, tc := range cases {
		id, _, end := naturalPeriod(tc.reset, at)
		if id != tc.id || !end.Equal(tc.end) {
			t.Errorf("%s: %s ending %v, want %s ending %v", tc.reset, id, end, tc.id, tc.end)
		}
	}
	// Monday 00:00 UTC starts the next week.
	if id, _, _ := naturalPeriod(ResetWeekly, at.Add(time.Second)); id != "w20310519" {
		t.Errorf("monday = %s", id)
	}
}

func TestPeriodRollover(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		e.board(t, Leaderboard{ID: "wk", Reset: ResetWeekly})
		ann, bob := e.player(t, "ann"), e.player(t, "bob")
		sunday := time.Date(2031, 5, 18, 23, 59, 59, 0, time.UTC)
		monday := sunday.Add(time.Second)
		e.clock.Set(sunday)
		e.submit(t, "wk", ann, 10)
		b, _ := e.boards.Get(t.Context(), "wk")
		if b.NextReset == nil || !b.NextReset.Equal(monday) {
			t.Errorf("next_reset = %v, want %v", b.NextReset, monday)
		}
		// The period's keys expire when it stops being "previous": the end
		// of the next week.
		exp, err := target.Client.ExpireTime(t.Context(), e.deps.Keys.BoardScores("wk", "w20310512")).Result()
		if err != nil || exp != time.Duration(monday.AddDate(0, 0, 7).Unix())*time.Second {
			t.Errorf("expire time = %v, %v; want %v", exp, err, monday.AddDate(0, 0, 7).Unix())
		}

		e.clock.Set(monday)
		if got := e.ranking(t, "wk", "current"); len(got) != 0 {
			t.Errorf("new week = %v, want empty", got)
		}
		if got := e.ranking(t, "wk", "previous"); !slices.Equal(got, []string{"ann:10"}) {
			t.Errorf("previous = %v", got)
		}
		e.submit(t, "wk", bob, 5)
		if r := e.submit(t, "wk", ann, 3); r.Rank != 2 || !r.Improved {
			t.Errorf("ann in the new week = %+v, want a fresh rank 2", *r)
		}
		if got := e.ranking(t, "wk", "current"); !slices.Equal(got, []string{"bob:5", "ann:3"}) {
			t.Errorf("current = %v", got)
		}
		// Two weeks on, last week's board is empty and the old one is gone.
		e.clock.Set(monday.AddDate(0, 0, 14))
		if got := e.ranking(t, "wk", "previous"); len(got) != 0 {
			t.Errorf("previous two weeks later = %v", got)
		}
		if _, err := e.boards.Top(t.Context(), "wk", "last-year", 0, 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("bad period: %v", err)
		}
	})
}

func TestResetBoard(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		ann, bob := e.player(t, "ann"), e.player(t, "bob")
		for _, reset := range []string{ResetNever, ResetDaily} {
			t.Run(reset, func(t *testing.T) {
				id := "r-" + reset
				e.board(t, Leaderboard{ID: id, Reset: reset})
				if got := e.ranking(t, id, "previous"); len(got) != 0 && reset == ResetNever {
					t.Errorf("previous before any reset = %v", got)
				}
				e.submit(t, id, ann, 10)
				if err := e.boards.ResetBoard(t.Context(), id); err != nil {
					t.Fatal(err)
				}
				if got := e.ranking(t, id, "current"); len(got) != 0 {
					t.Errorf("after reset current = %v", got)
				}
				if got := e.ranking(t, id, "previous"); !slices.Equal(got, []string{"ann:10"}) {
					t.Errorf("after reset previous = %v", got)
				}
				e.submit(t, id, bob, 7)
				if err := e.boards.ResetBoard(t.Context(), id); err != nil {
					t.Fatal(err)
				}
				if got := e.ranking(t, id, "previous"); !slices.Equal(got, []string{"bob:7"}) {
					t.Errorf("after 2nd reset previous = %v", got)
				}
				if reset == ResetDaily {
					// The next day, "previous" is the (post-reset) day before.
					e.clock.Set(e.clock.Now().AddDate(0, 0, 1))
					e.submit(t, id, ann, 1)
					if err := e.boards.ResetBoard(t.Context(), id); err != nil {
						t.Fatal(err)
					}
					if got := e.ranking(t, id, "previous"); !slices.Equal(got, []string{"ann:1"}) {
						t.Errorf("reset next day: previous = %v", got)
					}
					e.clock.Set(e.clock.Now().AddDate(0, 0, -1))
				}
			})
		}
	})
}
