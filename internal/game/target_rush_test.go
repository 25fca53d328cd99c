package game

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ladder/ladder/internal/redistest"
)

func TestTargetRushMaxScore(t *testing.T) {
	if got := TargetRushMaxScore(30 * time.Second); got != 25_800 {
		t.Errorf("30 s cap = %d, want 86 targets × 300", got)
	}
	if got := TargetRushMaxScore(time.Second); got != 3*300 {
		t.Errorf("1 s cap = %d", got)
	}
}

func TestTargetRushRuns(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		round := 400 * time.Millisecond
		e := newBoardsEnv(t, target, BoardOptions{RoundDuration: round, ScoreRateLimit: 20})
		ann, bob := e.player(t, "ann"), e.player(t, "bob")
		run, err := e.boards.StartRun(t.Context(), ann.ID)
		if err != nil || run.DurationMS != 400 {
			t.Fatalf("run = %+v, %v", run, err)
		}
		sub := func(p *Player, board, runID string, score int64) error {
			_, err := e.boards.Submit(t.Context(), board, p, Submission{Score: score, RunID: runID})
			return err
		}
		if err := sub(ann, BoardTargetRush, "", 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("no run: %v", err)
		}
		if err := sub(ann, BoardTargetRush, "not-a-uuid", 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("bad run: %v", err)
		}
		if err := sub(ann, BoardTargetRush, run.RunID, 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("round still running: %v", err)
		}
		time.Sleep(round)
		if err := sub(ann, BoardTargetRush, run.RunID, TargetRushMaxScore(round)+1); ErrorCode(err) != CodeInvalid {
			t.Errorf("over the cap: %v", err)
		}
		if err := sub(bob, BoardTargetRush, run.RunID, 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("someone else's run: %v", err)
		}
		if err := sub(ann, BoardTargetRush, uuid.NewString(), 10); ErrorCode(err) != CodeInvalid {
			t.Errorf("unknown run: %v", err)
		}
		max := TargetRushMaxScore(round)
		if err := sub(ann, BoardTargetRush, run.RunID, max); err != nil {
			t.Errorf("a good score: %v", err)
		}
		if err := sub(ann, BoardTargetRushWeekly, run.RunID, max); err != nil {
			t.Errorf("the same run on the weekly board: %v", err)
		}
		if err := sub(ann, BoardTargetRush, run.RunID, max); ErrorCode(err) != CodeConflict {
			t.Errorf("run used twice: %v", err)
		}
		// Failed run checks gave their limiter slots back: 2 of 20 used.
		n, _ := target.Client.ZCard(t.Context(), e.deps.Keys.ScoreLimit(ann.ID)).Result()
		if n != 2 {
			t.Errorf("limiter holds %d calls, want 2", n)
		}
	})
}
