package game

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestScoreRateLimit(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		const n = 4
		window := 1500 * time.Millisecond
		e := newBoardsEnv(t, target, BoardOptions{ScoreRateLimit: n, ScoreRateWindow: window})
		e.board(t, Leaderboard{ID: "free", Operator: OpSet})
		p := e.player(t, "p")
		// One call at the start, the rest 600 ms later: at the window's edge
		// exactly one slot frees.
		e.submit(t, "free", p, 0)
		// The first entry was stamped (by Redis) before this point, so its
		// slot frees before start+window however slow the call was.
		start := time.Now()
		time.Sleep(600 * time.Millisecond)
		for i := 1; i < n; i++ {
			e.submit(t, "free", p, int64(i))
		}
		_, err := e.boards.Submit(t.Context(), "free", p, Submission{Score: 99})
		var ge *Error
		if ErrorCode(err) != CodeRateLimited {
			t.Fatalf("N+1-th: %v, want rate_limited", err)
		}
		ge = err.(*Error)
		if max := window - 600*time.Millisecond; ge.RetryAfter <= 0 || ge.RetryAfter > max {
			t.Errorf("retry after %v, want within (0, %v]", ge.RetryAfter, max)
		}
		// Refused calls do not count, and bad input never reaches the limiter.
		for range 5 {
			_, _ = e.boards.Submit(t.Context(), "free", p, Submission{Score: 1})
			_, _ = e.boards.Submit(t.Context(), "free", p, Submission{Score: -1})
		}
		if got := e.ranking(t, "free", ""); len(got) != 1 || got[0] != "p:3" {
			t.Errorf("refused calls changed the board: %v", got)
		}
		// At the window's edge the first slot frees, and only one.
		time.Sleep(time.Until(start.Add(window + 50*time.Millisecond)))
		e.submit(t, "free", p, 7)
		if _, err := e.boards.Submit(t.Context(), "free", p, Submission{Score: 8}); ErrorCode(err) != CodeRateLimited {
			t.Errorf("a second call after the edge: %v, want rate_limited", err)
		}
	})
}

func TestScoreRateLimitConcurrent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		const n = 10
		e := newBoardsEnv(t, target, BoardOptions{ScoreRateLimit: n, ScoreRateWindow: time.Minute})
		e.board(t, Leaderboard{ID: "crowd", Operator: OpIncr})
		p := e.player(t, "p")
		var ok, limited atomic.Int64
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				_, err := e.boards.Submit(t.Context(), "crowd", p, Submission{Score: 1})
				switch ErrorCode(err) {
				case CodeRateLimited:
					limited.Add(1)
				default:
					if err != nil {
						t.Error(err)
						return
					}
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if ok.Load() != n || limited.Load() != 50-n {
			t.Errorf("passed %d, limited %d; want %d and %d", ok.Load(), limited.Load(), n, 50-n)
		}
		if got := e.ranking(t, "crowd", ""); len(got) != 1 || got[0] != "p:10" {
			t.Errorf("board = %v, want p:10", got)
		}
	})
}
