package game

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ladder/ladder/internal/game/targetrush"
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

// sharpLog hits every target of a run dead centre as it appears.
func sharpLog(run *Run) ([]targetrush.Click, int64) {
	ts := targetrush.Targets(run.Seed, int(run.DurationMS))
	log := make([]targetrush.Click, len(ts))
	for i, tg := range ts {
		log[i] = targetrush.Click{T: tg.Born, X: tg.X, Y: tg.Y}
	}
	return log, int64(targetrush.Replay(ts, log).Score)
}

func TestTargetRushRuns(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		round := 1200 * time.Millisecond
		env := newBoardsEnv(t, target, BoardOptions{})
		rush := NewTargetRush(env.deps, TargetRushOptions{Round: round})
		boards := NewBoards(env.deps, BoardOptions{ScoreRateLimit: 20, TargetRush: rush})
		ann, bob := env.player(t, "ann"), env.player(t, "bob")
		run, err := rush.StartRun(t.Context(), ann.ID)
		if err != nil || run.DurationMS != 1200 {
			t.Fatalf("run = %+v, %v", run, err)
		}
		other, _ := rush.StartRun(t.Context(), ann.ID)
		if other.Seed == run.Seed {
			t.Errorf("two runs share seed %d", run.Seed)
		}
		log, score := sharpLog(run)
		if len(log) != 3 || score != 300 {
			t.Fatalf("sharp log of %d clicks scores %d", len(log), score)
		}
		sub := func(p *Player, board, runID string, score int64, hits []targetrush.Click) error {
			_, err := boards.Submit(t.Context(), board, p, Submission{Score: score, RunID: runID, Hits: hits})
			return err
		}
		for _, c := range []struct {
			name  string
			runID string
			score int64
			hits  []targetrush.Click
			code  string
		}{
			{"no run", "", 10, nil, CodeInvalid},
			{"bad run", "not-a-uuid", 10, nil, CodeInvalid},
			{"round still running", run.RunID, score, log, CodeInvalid},
			{"a click after the round", run.RunID, 0, []targetrush.Click{{T: 1200, X: 5, Y: 5}}, CodeInvalid},
			{"a click off the field", run.RunID, 0, []targetrush.Click{{T: 10, X: 5, Y: 1001}}, CodeInvalid},
			{"too many clicks", run.RunID, 0, make([]targetrush.Click, targetrush.MaxClicks(1200)+1), CodeTooLarge},
		} {
			if err := sub(ann, BoardTargetRush, c.runID, c.score, c.hits); ErrorCode(err) != c.code {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		time.Sleep(round)
		forged := []targetrush.Click{{T: 0, X: 1, Y: 1}, {T: 700, X: 1599, Y: 999}}
		for _, c := range []struct {
			name   string
			p      *Player
			runID  string
			score  int64
			hits   []targetrush.Click
			code   string
			reason string
		}{
			{"over the cap", ann, run.RunID, TargetRushMaxScore(round) + 1, log, CodeInvalid, ""},
			{"the cap with no clicks", ann, run.RunID, TargetRushMaxScore(round), nil, CodeInvalid, "replay to 0"},
			{"clicks that miss", ann, run.RunID, score, forged, CodeInvalid, "replay to 0"},
			{"one point more than played", ann, run.RunID, score + 1, log, CodeInvalid, "replay to 300"},
			{"someone else's run", bob, run.RunID, score, log, CodeInvalid, "unknown"},
			{"unknown run", ann, uuid.NewString(), score, log, CodeInvalid, "unknown"},
		} {
			err := sub(c.p, BoardTargetRush, c.runID, c.score, c.hits)
			if ErrorCode(err) != c.code || !contains(err, c.reason) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		// Refused logs left the run unspent; the played one is accepted.
		if err := sub(ann, BoardTargetRush, run.RunID, score, log); err != nil {
			t.Errorf("the played score: %v", err)
		}
		if err := sub(ann, BoardTargetRushWeekly, run.RunID, score, log); err != nil {
			t.Errorf("the same run on the weekly board: %v", err)
		}
		if err := sub(ann, BoardTargetRush, run.RunID, score, log); ErrorCode(err) != CodeConflict {
			t.Errorf("run used twice: %v", err)
		}
		st, err := boards.Standing(t.Context(), BoardTargetRush, "current", ann.ID)
		if err != nil || st.Score != score {
			t.Errorf("standing %+v, %v", st, err)
		}
		// An empty log scores 0, and 0 is a score.
		if err := sub(ann, BoardTargetRush, other.RunID, 0, nil); err != nil {
			t.Errorf("an empty round: %v", err)
		}
		// Failed run checks gave their limiter slots back: 3 of 20 used.
		n, _ := target.Client.ZCard(t.Context(), env.deps.Keys.ScoreLimit(ann.ID)).Result()
		if n != 3 {
			t.Errorf("limiter holds %d calls, want 3", n)
		}
	})
}

func contains(err error, s string) bool {
	return err != nil && (s == "" || strings.Contains(err.Error(), s))
}
