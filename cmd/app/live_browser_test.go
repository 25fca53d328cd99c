package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
	"github.com/ladder/ladder/static"
)

// TestLiveClientInBrowser loads static/js/live.js into a real page: a topic
// handler gets the board's snapshot, then the new top after a score is
// submitted through the API, the indicator says Live, and says
// Reconnecting… once the server goes away.
func TestLiveClientInBrowser(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(201, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	player, _ := register(t, app.URL, uniqueName("live"))
	ctx := browsertest.New(t)
	step := func(d time.Duration) (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, d) }

	sctx, cancel := step(15 * time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(app.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// The pages that need live data load the script and carry an indicator;
	// this test puts both on the home page.
	load := `new Promise(function (resolve, reject) {
		var ind = document.createElement("span");
		ind.setAttribute("data-live-indicator", "");
		document.querySelector(".header-inner .nav").after(ind);
		var s = document.createElement("script");
		s.src = ` + jsString(static.URL("js/live.js")) + `;
		s.onload = function () {
			window.got = [];
			window.statuses = [];
			Ladder.live.onStatus(function (st) { window.statuses.push(st); });
			Ladder.live.subscribe("leaderboard:arena", function (m) { window.got.push(m); });
			resolve(true);
		};
		s.onerror = reject;
		document.head.appendChild(s);
	})`
	if _, err := chromedp.Run(sctx, chromedp.Evaluate[bool](load, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("load live.js: %v", err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`document.querySelector("[data-live-indicator]").dataset.state === "live"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("indicator never showed live: %v", err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`window.got.some(function (m) { return m.type === "leaderboard.top"; })`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no snapshot on subscribe: %v", err)
	}
	player.must(200, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": 42})
	score, err := chromedp.Run(sctx, chromedp.Poll[int](
		`(function () {
			var tops = window.got.filter(function (m) { return m.type === "leaderboard.top"; });
			var m = tops[tops.length - 1];
			return m && m.entries.length ? m.entries[0].score : 0;
		})()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || score != 42 {
		t.Fatalf("handler got top score %d (%v), want 42", score, err)
	}
	text, err := chromedp.Run(sctx, chromedp.Text("[data-live-indicator]"))
	if err != nil || text != "Live" {
		t.Errorf("indicator %q (%v), want Live", text, err)
	}
	dir := os.Getenv("SCREENSHOT_DIR")
	browsertest.Screenshot(t, ctx, dir, "rt-live.png")

	app.Stop(t) // sockets close with 1001; the page keeps trying
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`document.querySelector("[data-live-indicator]").textContent === "Reconnecting…"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("indicator never showed Reconnecting…: %v", err)
	}
	browsertest.Screenshot(t, ctx, dir, "rt-reconnecting.png")
	statuses, _ := chromedp.Run(sctx, chromedp.Evaluate[[]string](`window.statuses`))
	t.Logf("statuses: %v", statuses)
}

func jsString(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		if r == '"' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, string(r)...)
	}
	return string(append(b, '"'))
}
