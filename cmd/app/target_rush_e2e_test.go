package main

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game/targetrush"
)

// rushRun is a started Target Rush run and the targets its seed makes.
type rushRun struct {
	ID      string
	Seed    uint32
	Targets []targetrush.Target
}

// startRush starts a Target Rush round for c.
func startRush(t testing.TB, c *client) rushRun {
	t.Helper()
	var run struct {
		RunID      string `json:"run_id"`
		DurationMS int    `json:"duration_ms"`
		Seed       uint32 `json:"seed"`
	}
	c.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", nil).JSON(t, &run)
	return rushRun{ID: run.RunID, Seed: run.Seed, Targets: targetrush.Targets(run.Seed, run.DurationMS)}
}

// play is the score body of a round that hits the first n targets (all
// when n < 0 or more than there are) dead centre as they appear, with the
// score the rules give it.
func (r rushRun) play(n int) map[string]any {
	if n < 0 || n > len(r.Targets) {
		n = len(r.Targets)
	}
	hits := make([]targetrush.Click, n)
	for i, tg := range r.Targets[:n] {
		hits[i] = targetrush.Click{T: tg.Born, X: tg.X, Y: tg.Y}
	}
	return r.body(hits)
}

// body is the score body of a click log with the score it replays to.
func (r rushRun) body(hits []targetrush.Click) map[string]any {
	return map[string]any{"score": targetrush.Replay(r.Targets, hits).Score, "run_id": r.ID, "hits": hits}
}

// TestTargetRushVerifiedScores: the server replays every Target Rush score
// from the run's seed and the posted click log, and accepts only the score
// the log earns.
func TestTargetRushVerifiedScores(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	c, si := guest(t, app.URL)
	run := startRush(t, c)
	if len(run.Targets) < 5 {
		t.Fatalf("a %s round has %d targets", e2eRound, len(run.Targets))
	}
	if again := startRush(t, c); again.Seed == run.Seed {
		t.Errorf("two runs share seed %d", run.Seed)
	}
	time.Sleep(e2eRound)
	post := func(body any) response {
		t.Helper()
		return c.do("POST", "/api/v1/leaderboards/target-rush/scores", body)
	}
	refuse := func(name string, body any, status int, msg string) {
		t.Helper()
		r := post(body)
		if r.Status != status || !strings.Contains(string(r.Body), msg) {
			t.Errorf("%s: %d %s, want %d with %q", name, r.Status, r.Body, status, msg)
		}
	}
	cap := targetrush.MaxScore(int(e2eRound.Milliseconds()))
	refuse("the cap without a log", map[string]any{"score": cap, "run_id": run.ID}, 400, "replay to 0")
	refuse("the cap with an empty log", `{"score":`+strconv.Itoa(cap)+`,"run_id":"`+run.ID+`","hits":[]}`, 400, "replay to 0")
	// A forged log: the right times, but where no target is.
	forged := make([]targetrush.Click, len(run.Targets))
	for i, tg := range run.Targets {
		forged[i] = targetrush.Click{T: tg.Born, X: targetrush.FieldW - tg.X, Y: targetrush.HUD}
	}
	good := run.play(-1)
	refuse("a forged log", map[string]any{"score": good["score"], "run_id": run.ID, "hits": forged}, 400, "does not match")
	refuse("a log that plays worse than claimed", map[string]any{"score": good["score"], "run_id": run.ID, "hits": run.play(2)["hits"]}, 400, "does not match")
	for _, bad := range []struct{ name, hits string }{
		{"a fractional time", `[{"t":1.5,"x":10,"y":10}]`},
		{"a missing field", `[{"t":1,"x":10}]`},
		{"a string", `[{"t":"1","x":10,"y":10}]`},
		{"an extra field", `[{"t":1,"x":10,"y":10,"hit":true}]`},
	} {
		refuse(bad.name, `{"score":0,"run_id":"`+run.ID+`","hits":`+bad.hits+`}`, 400, "integer values")
	}
	for _, bad := range []struct{ name, hits, msg string }{
		{"a time after the round", `[{"t":` + strconv.FormatInt(e2eRound.Milliseconds(), 10) + `,"x":10,"y":10}]`, "outside the round"},
		{"a negative time", `[{"t":-1,"x":10,"y":10}]`, "outside the round"},
		{"times out of order", `[{"t":20,"x":10,"y":10},{"t":19,"x":10,"y":10}]`, "time order"},
		{"a click off the field", `[{"t":1,"x":1601,"y":10}]`, "playfield"},
	} {
		refuse(bad.name, `{"score":0,"run_id":"`+run.ID+`","hits":`+bad.hits+`}`, 400, bad.msg)
	}
	flood := make([]targetrush.Click, targetrush.MaxClicks(int(e2eRound.Milliseconds()))+1)
	refuse("too many clicks", map[string]any{"score": 0, "run_id": run.ID, "hits": flood}, 413, "too many clicks")
	// The played log is accepted with its score, once per board.
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", good)
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush-weekly/scores", good)
	c.must(http.StatusConflict, "POST", "/api/v1/leaderboards/target-rush/scores", good)
	st := c.must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush/players/"+si.Player.ID, nil).Map(t)
	if st["score"] != float64(good["score"].(int)) {
		t.Errorf("standing %v, want score %v", st, good["score"])
	}
}
