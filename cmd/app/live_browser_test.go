package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
	"github.com/ladder/ladder/static"
)

// TestLiveClientInBrowser loads static/js/live.js into a real page: a topic
// handler sees a message published on another "instance" (straight into
// Redis), the indicator says Live, and says Reconnecting… once the server
// goes away.
func TestLiveClientInBrowser(t *testing.T) {
	app, srv := startRedisApp(t, nil)
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
			Ladder.live.subscribe("match:demo", function (m) { window.got.push(m); });
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
	waitSubscribed(t, srv.Client(t), app, "match:demo")
	publish(t, srv.Client(t), app, "match:demo", `{"type":"match.state","topic":"match:demo","seq":3,"turn":"p1"}`)
	seq, err := chromedp.Run(sctx, chromedp.Poll[int](
		`(window.got.find(function (m) { return m.type === "match.state"; }) || {}).seq`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || seq != 3 {
		t.Fatalf("handler got seq %d (%v), want 3", seq, err)
	}
	text, err := chromedp.Run(sctx, chromedp.Text("[data-live-indicator]"))
	if err != nil || text != "Live" {
		t.Errorf("indicator %q (%v), want Live", text, err)
	}
	dir := os.Getenv("SCREENSHOT_DIR")
	pngShot(t, sctx, dir, "rt-live.png")

	app.Stop(t) // sockets close with 1001; the page keeps trying
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`document.querySelector("[data-live-indicator]").textContent === "Reconnecting…"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("indicator never showed Reconnecting…: %v", err)
	}
	pngShot(t, sctx, dir, "rt-reconnecting.png")
	statuses, _ := chromedp.Run(sctx, chromedp.Evaluate[[]string](`window.statuses`))
	t.Logf("statuses: %v", statuses)
}

// pngShot saves a PNG of the page to dir/name when dir is set.
func pngShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 = PNG
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), buf, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
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
