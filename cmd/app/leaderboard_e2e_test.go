package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game/targetrush"
	"github.com/ladder/ladder/internal/redistest"
)

// Target Rush rounds last this long in end-to-end tests, so a browser can
// play one quickly. Production never sets testRoundDuration.
const e2eRound = 3 * time.Second

func init() { testRoundDuration = e2eRound }

func adminEnv() map[string]string {
	return map[string]string{"ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "admin-password-1"}
}

func loginClient(t testing.TB, base, user, pw string) *client {
	t.Helper()
	c := newClient(t, base)
	var si signedIn
	c.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": user, "password": pw}).JSON(t, &si)
	c.Token = si.Token
	return c
}

type boardPage struct {
	Board   string `json:"board"`
	Period  string `json:"period"`
	Total   int64  `json:"total"`
	Entries []struct {
		Rank        int64  `json:"rank"`
		PlayerID    string `json:"player_id"`
		DisplayName string `json:"display_name"`
		Score       int64  `json:"score"`
	} `json:"entries"`
}

func TestLeaderboardAPI(t *testing.T) {
	app, srv := startRedisApp(t, adminEnv())
	admin := loginClient(t, app.URL, "root", "admin-password-1")
	anon := newClient(t, app.URL)

	var list []map[string]any
	anon.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil).JSON(t, &list)
	if len(list) != 3 || list[0]["id"] != "target-rush" || list[1]["next_reset"] == nil || list[0]["next_reset"] != nil {
		t.Fatalf("boards = %v", list)
	}

	def := map[string]any{"id": "golf", "title": "Golf", "order": "asc", "operator": "best", "reset": "never", "max_score": 200}
	c, alice := register(t, app.URL, uniqueName("alice"))
	c.must(http.StatusForbidden, "POST", "/api/v1/admin/leaderboards", def)
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/admin/leaderboards", def)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", def)
	admin.must(http.StatusConflict, "POST", "/api/v1/admin/leaderboards", def)
	for _, bad := range []string{`{"id":"Bad Id"}`, `{"id":"x","order":"sideways"}`, `{"id":"x","max_score":0}`, `{"id":"x","max_score":1.5}`, `{"id":"x","colour":"red"}`} {
		if r := admin.do("POST", "/api/v1/admin/leaderboards", bad); r.Status != 400 {
			t.Errorf("create %s: %d %s", bad, r.Status, r.Body)
		}
	}

	b, bob := register(t, app.URL, uniqueName("bob"))
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/golf/scores", map[string]any{"score": 72})
	r := b.must(http.StatusOK, "POST", "/api/v1/leaderboards/golf/scores", map[string]any{"score": 68}).Map(t)
	if r["rank"] != float64(1) || r["score"] != float64(68) || r["improved"] != true {
		t.Errorf("bob's answer = %v", r)
	}
	r = b.must(http.StatusOK, "POST", "/api/v1/leaderboards/golf/scores", map[string]any{"score": 70}).Map(t)
	if r["rank"] != float64(1) || r["score"] != float64(68) || r["improved"] != false {
		t.Errorf("bob's worse round = %v", r)
	}
	var page boardPage
	anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/golf?limit=10", nil).JSON(t, &page)
	if page.Total != 2 || page.Entries[0].PlayerID != bob.Player.ID || page.Entries[0].DisplayName != bob.Player.DisplayName || page.Entries[1].Score != 72 {
		t.Errorf("page = %+v", page)
	}
	st := anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/golf/players/"+alice.Player.ID, nil).Map(t)
	if st["rank"] != float64(2) || st["score"] != float64(72) || st["percentile"] != float64(100) {
		t.Errorf("standing = %v", st)
	}
	anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/golf/around/"+alice.Player.ID+"?radius=1", nil).JSON(t, &page)
	if len(page.Entries) != 2 {
		t.Errorf("around = %+v", page)
	}
	anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/golf/players/"+admin.Token[:8], nil)
	anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/nope", nil)
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/leaderboards/golf/scores", map[string]any{"score": 1})

	// Bad input: 400 and not a single key changes (the limiter included).
	rdb := srv.Client(t)
	dump := func() string {
		keys, _ := rdb.Keys(t.Context(), "*").Result()
		var sb strings.Builder
		for _, k := range keys {
			if strings.Contains(k, ":session:") {
				continue // sessions refresh their idle timeout on use
			}
			if strings.Contains(k, ":stats:") {
				// The dashboard's figures are written on timers: the
				// counts of the good requests above land a moment
				// later. That bad input counts as nothing is
				// TestAdminStats's to check.
				continue
			}
			v, _ := rdb.Dump(t.Context(), k).Result()
			sb.WriteString(k + "=" + v + ";")
		}
		return fmt.Sprint(len(keys), sb.Len(), sb.String())
	}
	before := dump()
	cases := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"negative", "POST", "/api/v1/leaderboards/golf/scores", `{"score":-1}`, 400},
		{"above max", "POST", "/api/v1/leaderboards/golf/scores", `{"score":201}`, 400},
		{"fraction", "POST", "/api/v1/leaderboards/golf/scores", `{"score":1.5}`, 400},
		{"exponent", "POST", "/api/v1/leaderboards/golf/scores", `{"score":1e2}`, 400},
		{"string", "POST", "/api/v1/leaderboards/golf/scores", `{"score":"12"}`, 400},
		{"null", "POST", "/api/v1/leaderboards/golf/scores", `{"score":null}`, 400},
		{"missing", "POST", "/api/v1/leaderboards/golf/scores", `{}`, 400},
		{"huge", "POST", "/api/v1/leaderboards/golf/scores", `{"score":123456789012345678901234}`, 400},
		{"unknown field", "POST", "/api/v1/leaderboards/golf/scores", `{"score":1,"cheat":true}`, 400},
		{"malformed", "POST", "/api/v1/leaderboards/golf/scores", `{"score":`, 400},
		{"run on plain board", "POST", "/api/v1/leaderboards/golf/scores", `{"score":1,"run_id":"x"}`, 400},
		{"hits on plain board", "POST", "/api/v1/leaderboards/golf/scores", `{"score":1,"hits":[]}`, 400},
		{"a malformed hit", "POST", "/api/v1/leaderboards/target-rush/scores", `{"score":1000,"run_id":"7d0b7f4e-8f53-4c53-9a55-3c1b2f0d8a11","hits":[{"t":1}]}`, 400},
		{"no run", "POST", "/api/v1/leaderboards/target-rush/scores", `{"score":100}`, 400},
		{"bad run", "POST", "/api/v1/leaderboards/target-rush/scores", `{"score":100,"run_id":"nope"}`, 400},
		{"over the game's cap", "POST", "/api/v1/leaderboards/target-rush/scores", `{"score":999999,"run_id":"7d0b7f4e-8f53-4c53-9a55-3c1b2f0d8a11"}`, 400},
		{"no such board", "POST", "/api/v1/leaderboards/nope/scores", `{"score":1}`, 404},
		{"connect4 by hand", "POST", "/api/v1/leaderboards/connect4/scores", `{"score":1}`, 403},
		{"bad limit", "GET", "/api/v1/leaderboards/golf?limit=101", nil, 400},
		{"bad offset", "GET", "/api/v1/leaderboards/golf?offset=-3", nil, 400},
		{"bad period", "GET", "/api/v1/leaderboards/golf?period=yesterday", nil, 400},
		{"bad radius", "GET", "/api/v1/leaderboards/golf/around/" + alice.Player.ID + "?radius=x", nil, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := c.do(tc.method, tc.path, tc.body); r.Status != tc.status {
				t.Errorf("status %d, want %d; body %s", r.Status, tc.status, r.Body)
			}
		})
	}
	if after := dump(); after != before {
		t.Errorf("bad input changed data")
	}
}

func TestScoreRateLimitAcrossInstances(t *testing.T) {
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL(), "REDIS_PREFIX": redistest.Prefix(t),
		"SCORE_RATE_LIMIT": "5", "SCORE_RATE_WINDOW": "3s"}
	for k, v := range adminEnv() {
		env[k] = v
	}
	a1, a2 := startApp(t, env), startApp(t, env)
	admin := loginClient(t, a1.URL, "root", "admin-password-1")
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "clicks", "operator": "incr"})
	c1, si := register(t, a1.URL, uniqueName("carol"))
	c2 := newClient(t, a2.URL)
	c2.Token = c1.Token

	// 20 concurrent submissions spread over both instances: exactly 5 pass.
	var ok, limited atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		cl := c1
		if i%2 == 1 {
			cl = c2
		}
		wg.Go(func() {
			r := cl.do("POST", "/api/v1/leaderboards/clicks/scores", map[string]any{"score": 1})
			switch r.Status {
			case 200:
				ok.Add(1)
			case 429:
				limited.Add(1)
				if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 3 {
					t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
				}
				if r.ErrorCode() != "rate_limited" {
					t.Errorf("429 body %s", r.Body)
				}
			default:
				t.Errorf("status %d %s", r.Status, r.Body)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 5 || limited.Load() != 15 {
		t.Errorf("passed %d, limited %d; want 5 and 15", ok.Load(), limited.Load())
	}
	st := c2.must(http.StatusOK, "GET", "/api/v1/leaderboards/clicks/players/"+si.Player.ID, nil).Map(t)
	if st["score"] != float64(5) {
		t.Errorf("score = %v, want 5", st["score"])
	}
	// Once the window has passed, the player may submit again.
	time.Sleep(3100 * time.Millisecond)
	c2.must(http.StatusOK, "POST", "/api/v1/leaderboards/clicks/scores", map[string]any{"score": 1})
}

func TestTargetRushRunAPI(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	c, si := guest(t, app.URL)
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/games/target-rush/runs", nil)
	run := c.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", nil).Map(t)
	runID, _ := run["run_id"].(string)
	seed, ok := run["seed"].(float64)
	if run["duration_ms"] != float64(e2eRound.Milliseconds()) || len(runID) != 36 || !ok || seed != float64(uint32(seed)) {
		t.Fatalf("run = %v", run)
	}
	body := rushRun{ID: runID, Targets: targetrush.Targets(uint32(seed), int(e2eRound.Milliseconds()))}.play(3)
	c.must(http.StatusBadRequest, "POST", "/api/v1/leaderboards/target-rush/scores", body) // too early
	time.Sleep(e2eRound)
	other, _ := guest(t, app.URL)
	other.must(http.StatusBadRequest, "POST", "/api/v1/leaderboards/target-rush/scores", body) // not theirs
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", body)
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush-weekly/scores", body)
	c.must(http.StatusConflict, "POST", "/api/v1/leaderboards/target-rush/scores", body)
	var page boardPage
	c.must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush-weekly?period=current", nil).JSON(t, &page)
	if page.Total != 1 || page.Entries[0].PlayerID != si.Player.ID || page.Entries[0].Score != int64(body["score"].(int)) || page.Period != "current" {
		t.Errorf("weekly = %+v", page)
	}
}

// TestBoardScoreLabel: a board names its score on create and on rename;
// the default is "Score", Connect Four's board says "Rating", bad labels
// are refused and change nothing, and the board page shows the label.
func TestBoardScoreLabel(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	anon := newClient(t, app.URL)
	type def struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		ScoreLabel string `json:"score_label"`
	}
	board := func(id string) def {
		var list []def
		anon.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil).JSON(t, &list)
		for _, b := range list {
			if b.ID == id {
				return b
			}
		}
		return def{}
	}
	label := func(id string) string { return board(id).ScoreLabel }
	var created struct {
		ScoreLabel string `json:"score_label"`
	}
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "golf", "title": "Golf", "order": "asc", "score_label": " Strokes "}).JSON(t, &created)
	if created.ScoreLabel != "Strokes" {
		t.Errorf("created with %q, want Strokes", created.ScoreLabel)
	}
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "plain", "title": "Plain"})
	if got := label("plain"); got != "Score" {
		t.Errorf("default label %q, want Score", got)
	}
	if got := label("connect4"); got != "Rating" {
		t.Errorf("connect4 label %q, want Rating", got)
	}
	for _, bad := range []string{"tab\there", strings.Repeat("x", 25), "line\nbreak"} {
		r := admin.do("PATCH", "/api/v1/admin/leaderboards/golf", map[string]any{"title": "Renamed", "score_label": bad})
		if r.Status != http.StatusBadRequest || r.ErrorCode() != "invalid" {
			t.Errorf("label %q: status %d %s, want 400 invalid", bad, r.Status, r.ErrorCode())
		}
		if r := admin.do("POST", "/api/v1/admin/leaderboards", map[string]any{"id": "bad-label", "score_label": bad}); r.Status != http.StatusBadRequest {
			t.Errorf("create with label %q: status %d, want 400", bad, r.Status)
		}
	}
	if after := board("golf"); after.Title != "Golf" || after.ScoreLabel != "Strokes" {
		t.Errorf("after refused changes: %+v, want Golf/Strokes", after)
	}
	if b := board("bad-label"); b.ID != "" {
		t.Error("a board with a bad label was created")
	}
	var after def

	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/leaderboards/golf", map[string]any{"score_label": "Shots"}).JSON(t, &after)
	if after.ScoreLabel != "Shots" || after.Title != "Golf" {
		t.Errorf("after relabel: %+v", after)
	}
	if got := label("golf"); got != "Shots" {
		t.Errorf("read back %q, want Shots", got)
	}
	html := string(anon.must(http.StatusOK, "GET", "/leaderboards/golf", nil).Body)
	if !strings.Contains(html, `data-testid="score-label">Shots<`) {
		t.Error("the board page does not name its score Shots")
	}
	if !strings.Contains(string(auditOf(t, admin)), "board_score_label") {
		t.Error("the relabel is not in the audit log")
	}
}

func auditOf(t *testing.T, admin *client) []byte {
	t.Helper()
	return admin.must(http.StatusOK, "GET", "/api/v1/admin/audit", nil).Body
}
