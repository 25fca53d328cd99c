package game

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestBoardOperators(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		cases := []struct {
			op, order string
			ann, bob  []int64 // submissions, in turn: ann[0], bob[0], ann[1], ...
			want      []string
			annLast   ScoreResult
		}{
			{OpBest, OrderDesc, []int64{50, 40}, []int64{60, 70}, []string{"bob:70", "ann:50"}, ScoreResult{Score: 50, Rank: 2, Improved: false}},
			{OpBest, OrderAsc, []int64{50, 40}, []int64{60, 70}, []string{"ann:40", "bob:60"}, ScoreResult{Score: 40, Rank: 1, Improved: true}},
			{OpSet, OrderDesc, []int64{50, 40}, []int64{45, 30}, []string{"ann:40", "bob:30"}, ScoreResult{Score: 40, Rank: 2, Improved: false}},
			{OpSet, OrderAsc, []int64{50, 40}, []int64{45, 30}, []string{"bob:30", "ann:40"}, ScoreResult{Score: 40, Rank: 1, Improved: true}},
			{OpIncr, OrderDesc, []int64{5, 7}, []int64{10, 1}, []string{"ann:12", "bob:11"}, ScoreResult{Score: 12, Rank: 1, Improved: true}},
			{OpIncr, OrderAsc, []int64{5, 7}, []int64{10, 1}, []string{"bob:11", "ann:12"}, ScoreResult{Score: 12, Rank: 2, Improved: false}},
		}
		for _, tc := range cases {
			t.Run(tc.op+"-"+tc.order, func(t *testing.T) {
				id := "b-" + tc.op + "-" + tc.order
				e.board(t, Leaderboard{ID: id, Order: tc.order, Operator: tc.op})
				ann, bob := e.player(t, "ann"), e.player(t, "bob")
				var last *ScoreResult
				for i := range tc.ann {
					last = e.submit(t, id, ann, tc.ann[i])
					e.submit(t, id, bob, tc.bob[i])
				}
				if got := e.ranking(t, id, "current"); !slices.Equal(got, tc.want) {
					t.Errorf("ranking = %v, want %v", got, tc.want)
				}
				// The answer reflects the board right after ann's last write.
				if last.Score != tc.annLast.Score || last.Improved != tc.annLast.Improved {
					t.Errorf("ann's last answer = %+v, want score %d improved %v", *last, tc.annLast.Score, tc.annLast.Improved)
				}
				if last.Rank != tc.annLast.Rank {
					t.Errorf("ann's last rank = %d, want %d", last.Rank, tc.annLast.Rank)
				}
				wantRank := int64(slices.IndexFunc(tc.want, func(s string) bool { return strings.HasPrefix(s, "ann:") }) + 1)
				st, err := e.boards.Standing(t.Context(), id, "current", ann.ID)
				if err != nil || st.Rank != wantRank || st.Percentile != float64(wantRank*50) {
					t.Errorf("ann's standing = %+v, %v; want rank %d", st, err, wantRank)
				}
			})
		}
	})
}

func TestTiesByWhoReachedFirst(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		for _, order := range []string{OrderDesc, OrderAsc} {
			t.Run(order, func(t *testing.T) {
				id := "ties-" + order
				e.board(t, Leaderboard{ID: id, Order: order, Operator: OpBest})
				a, b, c := e.player(t, "a"), e.player(t, "b"), e.player(t, "c")
				e.submit(t, id, b, 100)
				e.submit(t, id, a, 100)
				e.submit(t, id, c, 100)
				want := []string{"b:100", "a:100", "c:100"}
				if got := e.ranking(t, id, ""); !slices.Equal(got, want) {
					t.Fatalf("ranking = %v, want %v", got, want)
				}
				// Sending the same score again does not make b reach it later.
				if r := e.submit(t, id, b, 100); r.Rank != 1 || r.Improved {
					t.Errorf("resubmission = %+v, want rank 1, not improved", *r)
				}
				// c gets there first on a better score and leads alone.
				better := int64(150)
				if order == OrderAsc {
					better = 50
				}
				if r := e.submit(t, id, c, better); r.Rank != 1 || !r.Improved {
					t.Errorf("c's better score = %+v, want rank 1", *r)
				}
				if got := e.ranking(t, id, ""); got[1] != "b:100" || got[2] != "a:100" {
					t.Errorf("ranking = %v", got)
				}
			})
		}
	})
}

func TestScoreBounds(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{ScoreRateLimit: 3, ScoreRateWindow: time.Minute})
		e.board(t, Leaderboard{ID: "small", MaxScore: 100, Operator: OpIncr})
		p := e.player(t, "p")
		for _, s := range []int64{-1, 101, -1 << 62} {
			if _, err := e.boards.Submit(t.Context(), "small", p, Submission{Score: s}); ErrorCode(err) != CodeInvalid {
				t.Errorf("score %d: err %v, want invalid", s, err)
			}
		}
		if _, err := e.boards.Submit(t.Context(), "small", p, Submission{Score: 1, RunID: "x"}); ErrorCode(err) != CodeInvalid {
			t.Errorf("run_id on a plain board: %v", err)
		}
		e.submit(t, "small", p, 0)
		e.submit(t, "small", p, 100)
		// An incr past max_score is refused and gives its limiter slot back.
		if _, err := e.boards.Submit(t.Context(), "small", p, Submission{Score: 1}); ErrorCode(err) != CodeInvalid {
			t.Errorf("incr past max: %v, want invalid", err)
		}
		if got := e.ranking(t, "small", ""); !slices.Equal(got, []string{"p:100"}) {
			t.Errorf("ranking = %v", got)
		}
		// Only 2 of 3 slots were used: one more is allowed.
		if r := e.submit(t, "small", p, 0); r.Score != 100 {
			t.Errorf("incr 0 = %+v", *r)
		}
		if _, err := e.boards.Submit(t.Context(), "small", p, Submission{Score: 0}); ErrorCode(err) != CodeRateLimited {
			t.Errorf("4th call: %v, want rate_limited", err)
		}
		if _, err := e.boards.Submit(t.Context(), "nope", p, Submission{Score: 1}); ErrorCode(err) != CodeNotFound {
			t.Errorf("missing board: %v", err)
		}
		if _, err := e.boards.Submit(t.Context(), BoardConnect4, p, Submission{Score: 1}); ErrorCode(err) != CodeForbidden {
			t.Errorf("connect4 by hand: %v", err)
		}
	})
}

func TestCreateBoardValidation(t *testing.T) {
	e := newBoardsEnv(t, redistest.Target{Client: redistest.Start(t).Client(t)}, BoardOptions{})
	bad := []Leaderboard{
		{ID: ""}, {ID: "Upper"}, {ID: "has space"}, {ID: strings.Repeat("a", 41)},
		{ID: "x", Order: "up"}, {ID: "x", Operator: "max"}, {ID: "x", Reset: "hourly"},
		{ID: "x", MaxScore: -5}, {ID: "x", MaxScore: MaxMaxScore + 1}, {ID: "x", Title: strings.Repeat("t", 61)},
	}
	for _, def := range bad {
		if _, err := e.boards.Create(t.Context(), def); ErrorCode(err) != CodeInvalid {
			t.Errorf("create %+v: %v, want invalid", def, err)
		}
	}
	b := e.board(t, Leaderboard{ID: "x"})
	if b.Order != OrderDesc || b.Operator != OpBest || b.Reset != ResetNever || b.MaxScore != DefaultMaxScore || b.Title != "x" {
		t.Errorf("defaults = %+v", b)
	}
	if _, err := e.boards.Create(t.Context(), Leaderboard{ID: "x"}); ErrorCode(err) != CodeConflict {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := e.boards.Create(t.Context(), Leaderboard{ID: BoardTargetRush}); ErrorCode(err) != CodeConflict {
		t.Errorf("duplicate built-in: %v", err)
	}
	if err := e.boards.EnsureBuiltins(t.Context()); err != nil {
		t.Fatal(err)
	}
	list, err := e.boards.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range list {
		ids = append(ids, b.ID)
	}
	if want := []string{BoardTargetRush, BoardTargetRushWeekly, BoardConnect4, "x"}; !slices.Equal(ids, want) {
		t.Errorf("boards = %v, want %v", ids, want)
	}
	if list[1].NextReset == nil || list[0].NextReset != nil {
		t.Errorf("next_reset: weekly %v, never %v", list[1].NextReset, list[0].NextReset)
	}
	if b, err := e.boards.UpdateTitle(t.Context(), "x", "  Fancy  "); err != nil || b.Title != "Fancy" {
		t.Errorf("update title = %+v, %v", b, err)
	}
}

func TestSetScoreIdempotent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		p := e.player(t, "p")
		for range 3 {
			if err := e.boards.SetScore(t.Context(), BoardConnect4, p.ID, 1612); err != nil {
				t.Fatal(err)
			}
		}
		evs := e.events.take()
		if len(evs) != 2 { // one leaderboard.changed, one rank.changed
			t.Errorf("events = %v, want 2 (one write)", evs)
		}
		if got := e.ranking(t, BoardConnect4, ""); !slices.Equal(got, []string{"p:1612"}) {
			t.Errorf("ranking = %v", got)
		}
		if err := e.boards.SetScore(t.Context(), BoardConnect4, p.ID, 1500); err != nil {
			t.Fatal(err)
		}
		if got := e.ranking(t, BoardConnect4, ""); !slices.Equal(got, []string{"p:1500"}) {
			t.Errorf("ranking after set = %v", got)
		}
		var ge *Error
		if err := e.boards.SetScore(t.Context(), "missing", p.ID, 1); !errors.As(err, &ge) || ge.Code != CodeNotFound {
			t.Errorf("missing board: %v", err)
		}
	})
}
