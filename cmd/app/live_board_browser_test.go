package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// boardOrderJS reads the player ids of the board's rows, top to bottom.
const boardOrderJS = `Array.from(document.querySelectorAll("#board-rows tr")).map(function (r) { return r.dataset.playerId; }).join(",")`

// waitJS polls a JavaScript condition in the page until it holds.
func waitJS(t *testing.T, ctx context.Context, app *testApp, what, cond string, within time.Duration) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, within+5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(within))); err != nil {
		got, _ := chromedp.Run(sctx, chromedp.Evaluate[string](boardOrderJS))
		t.Fatalf("%s: %v (rows %q)\napp log:\n%s", what, err, got, app.out.String())
	}
}

// signInAs puts a session token in the browser's cookie, as signing in would.
func signInAs(t *testing.T, ctx context.Context, app *testApp, token string) {
	t.Helper()
	browserStep(t, ctx, app, "sign in", chromedp.Navigate(app.URL+"/healthz"),
		discard(chromedp.Evaluate[string](fmt.Sprintf(`document.cookie = "ladder_session=%s; path=/"`, token))))
}

// TestLiveLeaderboardPage: an anonymous spectator on a board page sees
// scores submitted through the API arrive in the right rows without a
// reload, and rows move when they are overtaken; a signed-in viewer's own
// row keeps its highlight through the moves and "Your place" follows.
func TestLiveLeaderboardPage(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	p1, s1 := register(t, app.URL, uniqueName("ann"))
	p2, s2 := register(t, app.URL, uniqueName("bob"))
	viewer, sv := register(t, app.URL, uniqueName("viv"))
	score := func(c *client, n int) {
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": n})
	}
	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")

	// Anonymous spectator.
	browserStep(t, ctx, app, "open board", chromedp.Navigate(app.URL+"/leaderboards/arena"),
		chromedp.WaitVisible(`[data-testid=board-empty]`),
		discard(chromedp.Evaluate[int](`window.__sameDocument = 1`)))
	waitJS(t, ctx, app, "indicator live", `document.querySelector("[data-live-indicator]").dataset.state === "live"`, 10*time.Second)

	score(p1, 1200)
	waitJS(t, ctx, app, "first score appears",
		fmt.Sprintf(`(function () {
			var r = document.querySelector('#board-rows tr[data-player-id="%s"]');
			return !!r && r.dataset.rank === "1" && r.querySelector("[data-testid=row-score]").textContent === "1,200";
		})()`, s1.Player.ID), 5*time.Second)
	if got := browserText(t, ctx, `[data-testid=board-total]`); got != "1" {
		t.Errorf("total %q, want 1", got)
	}
	if hidden := eval[bool](t, ctx, `document.querySelector("[data-testid=board-empty]").hidden`); !hidden {
		t.Error("the empty-board note still shows")
	}

	score(p2, 900)
	waitJS(t, ctx, app, "second row below", fmt.Sprintf(`%s === "%s,%s"`, boardOrderJS, s1.Player.ID, s2.Player.ID), 5*time.Second)
	score(p2, 1500) // overtakes p1
	waitJS(t, ctx, app, "rows swap", fmt.Sprintf(`%s === "%s,%s"`, boardOrderJS, s2.Player.ID, s1.Player.ID), 5*time.Second)
	if got := eval[string](t, ctx, `Array.from(document.querySelectorAll("#board-rows .lb-medal")).map(function (m) { return m.textContent; }).join(",")`); got != "1,2" {
		t.Errorf("ranks shown %q, want 1,2", got)
	}
	if eval[int](t, ctx, `window.__sameDocument || 0`) != 1 {
		t.Fatal("the page reloaded")
	}

	// A signed-in viewer with a score of their own.
	score(viewer, 1300)
	signInAs(t, ctx, app, sv.Token)
	for _, vp := range []struct {
		name string
		w, h int64
		mob  bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		var opts []chromedp.EmulateViewportOption
		if vp.mob {
			opts = append(opts, chromedp.EmulateScale(2))
		}
		browserStep(t, ctx, app, "viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...))
		browserStep(t, ctx, app, "open board signed in", chromedp.Navigate(app.URL+"/leaderboards/arena"),
			chromedp.WaitVisible(`#board-rows tr.me`))
		waitJS(t, ctx, app, "indicator live", `document.querySelector("[data-live-indicator]").dataset.state === "live"`, 10*time.Second)
		shot(t, ctx, shots, "live-board-"+vp.name+".png")
	}
	want := strings.Join([]string{s2.Player.ID, sv.Player.ID, s1.Player.ID}, ",")
	if got := eval[string](t, ctx, boardOrderJS); got != want {
		t.Fatalf("rows %q, want %q", got, want)
	}
	if got := browserText(t, ctx, `[data-testid=my-rank]`); got != "#2" {
		t.Errorf("my rank %q, want #2", got)
	}
	browserStep(t, ctx, app, "desktop", chromedp.EmulateViewport(1280, 900))

	score(p1, 2000) // p1 jumps from third to first; the viewer drops to third
	want = strings.Join([]string{s1.Player.ID, s2.Player.ID, sv.Player.ID}, ",")
	waitJS(t, ctx, app, "row moves up", fmt.Sprintf(`%s === %q`, boardOrderJS, want), 5*time.Second)
	shot(t, ctx, shots, "live-board-mid-update-desktop.png") // the FLIP animation runs for 0.5 s
	mine := eval[string](t, ctx, `Array.from(document.querySelectorAll("#board-rows tr.me")).map(function (r) { return r.dataset.playerId + "@" + r.dataset.rank; }).join(",")`)
	if mine != sv.Player.ID+"@3" {
		t.Errorf("highlighted rows %q, want only the viewer's at rank 3", mine)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#board-rows .badge-you").length`); n != 1 {
		t.Errorf("%d \"you\" badges, want 1", n)
	}
	waitJS(t, ctx, app, "your place follows", `document.querySelector("[data-testid=my-rank]").textContent === "#3"`, 5*time.Second)
	if got := browserText(t, ctx, `[data-testid=board-total]`); got != "3" {
		t.Errorf("total %q, want 3", got)
	}
}
