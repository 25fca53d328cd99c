package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

type statsJSON struct {
	PlayersOnline     int64 `json:"players_online"`
	PlayersTotal      int64 `json:"players_total"`
	Instances         int   `json:"instances"`
	Sockets           int64 `json:"sockets"`
	Subscriptions     int64 `json:"subscriptions"`
	QueueLength       int64 `json:"queue_length"`
	MatchesLive       int64 `json:"matches_live"`
	SubmissionsPerMin int64 `json:"submissions_per_min"`
	RejectionsPerMin  int64 `json:"rejections_per_min"`
	History           []struct {
		Minute      time.Time `json:"minute"`
		Submissions int64     `json:"submissions"`
		Rejections  int64     `json:"rejections"`
		Sampled     bool      `json:"sampled"`
		QueueLength int64     `json:"queue_length"`
	} `json:"history"`
}

func TestAdminStats(t *testing.T) {
	a, admin := startAdminApp(t, map[string]string{"SCORE_RATE_LIMIT": "2"})
	b := startApp(t, map[string]string{"REDIS_URL": a.Env["REDIS_URL"], "REDIS_PREFIX": a.Env["REDIS_PREFIX"],
		"SCORE_RATE_LIMIT": "2"})
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "darts", "title": "Darts", "order": "desc", "operator": "best", "reset": "never"})
	p1, s1 := register(t, a.URL, "thrower")
	p2 := newClient(t, b.URL)
	p2.Token = s1.Token
	p1.must(http.StatusOK, "POST", "/api/v1/leaderboards/darts/scores", map[string]int{"score": 1})
	p2.must(http.StatusOK, "POST", "/api/v1/leaderboards/darts/scores", map[string]int{"score": 2}) // via the other instance
	p1.must(http.StatusTooManyRequests, "POST", "/api/v1/leaderboards/darts/scores", map[string]int{"score": 3})
	p1.must(http.StatusBadRequest, "POST", "/api/v1/leaderboards/darts/scores", map[string]int{"score": -1}) // counts as neither

	// One socket on each instance, a ticket in the queue.
	wsA := wsDial(t, a.URL, bearer(s1.Token))
	wsExpect(t, wsA, "subscribed", 5*time.Second)
	_, g := guest(t, b.URL)
	wsB := wsDial(t, b.URL, bearer(g.Token))
	wsExpect(t, wsB, "subscribed", 5*time.Second)
	p1.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil)

	var st statsJSON
	// Each instance adds its counts to Redis a moment after counting them.
	historyCounts := func() (subs, rejs int64) {
		for _, p := range st.History {
			subs += p.Submissions
			rejs += p.Rejections
		}
		return subs, rejs
	}
	waitFor(t, 8*time.Second, "both instances' sockets and counts in the stats", func() bool {
		admin.must(http.StatusOK, "GET", "/api/v1/admin/stats", nil).JSON(t, &st)
		subs, rejs := historyCounts()
		return st.Instances == 2 && st.Sockets == 2 && subs+rejs >= 3
	})
	if st.Subscriptions != 2 || st.PlayersOnline != 2 || st.QueueLength != 1 || st.MatchesLive != 0 || st.PlayersTotal != 3 {
		t.Errorf("figures = %+v", st)
	}
	if len(st.History) != 60 {
		t.Fatalf("history has %d points, want 60", len(st.History))
	}
	if subs, rejs := historyCounts(); subs != 2 || rejs != 1 {
		t.Errorf("history counts %d submissions, %d rejections; want 2 and 1", subs, rejs)
	}
	last := st.History[len(st.History)-1]
	if last.Submissions == 2 && (st.SubmissionsPerMin != 2 || st.RejectionsPerMin != 1) {
		t.Errorf("per minute: %d submissions, %d rejections; want 2 and 1", st.SubmissionsPerMin, st.RejectionsPerMin)
	}
	if !last.Sampled || last.QueueLength != 1 {
		t.Errorf("the current minute's gauges = %+v, want the current figures", last)
	}

	// Admins get the figures live; players may not watch them.
	ws := wsDial(t, a.URL, bearer(admin.Token))
	if err := ws.WriteJSON(map[string]string{"type": "subscribe", "topic": "stats"}); err != nil {
		t.Fatal(err)
	}
	if m := wsExpect(t, ws, "stats", 5*time.Second); m["queue_length"] != 1.0 || m["topic"] != "stats" {
		t.Errorf("stats message = %v", m)
	}
	if err := wsA.WriteJSON(map[string]string{"type": "subscribe", "topic": "stats"}); err != nil {
		t.Fatal(err)
	}
	if m := wsExpect(t, wsA, "error", 5*time.Second); m["code"] != "forbidden" {
		t.Errorf("player subscribing to stats: %v", m)
	}

	resp, err := http.Get(a.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`ladder_score_submissions_total{result="accepted"} 1`, `ladder_score_submissions_total{result="rate_limited"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
