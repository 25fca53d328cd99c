package main

import (
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestSpectatorFindsALiveMatch: an anonymous visitor on the home page sees
// a match begin and end and the ratings it settles land in the feed, all
// without a reload; then finds the next match on the page, clicks Watch
// and follows it move by move to the result. The live page and the
// leaderboards index show at desktop and phone widths without sideways
// scrolling.
func TestSpectatorFindsALiveMatch(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, _ := guest(t, app.URL)
	b, _ := guest(t, app.URL)
	// Fresh players for the match to watch: the first one's ratings would
	// keep its pair apart for a while.
	c, sc := guest(t, app.URL)
	d, sd := guest(t, app.URL)
	byID := map[string]*client{sc.Player.ID: c, sd.Player.ID: d}
	shots := os.Getenv("SCREENSHOT_DIR")
	ctx := browsertest.New(t)

	browserStep(t, ctx, app, "open home", chromedp.Navigate(app.URL+"/"),
		chromedp.WaitVisible(`[data-testid=home-live]`),
		discard(chromedp.Evaluate[int](`window.__sameDocument = 1`)))
	if got := eval[string](t, ctx, `document.title`); got != "Live games and leaderboards · Ladder" {
		t.Errorf("home title %q", got)
	}
	waitJS(t, ctx, app, "socket open", `Ladder.live.status() === "open"`, 10*time.Second)
	row := func(id string) string { return fmt.Sprintf(`[data-testid=live-match][data-match-id=%q]`, id) }

	// A first match appears on the home page and leaves it when resigned;
	// the ratings it settles show in the feed and on the podium.
	first := startMatch(t, a, b)
	waitJS(t, ctx, app, "the match appears", fmt.Sprintf(`!!document.querySelector(%q)`, row(first.ID)), 10*time.Second)
	a.must(http.StatusOK, "POST", "/api/v1/matches/"+first.ID+"/resign", map[string]any{})
	waitJS(t, ctx, app, "the match leaves", fmt.Sprintf(`!document.querySelector(%q) && !document.querySelector("[data-live-empty]").hidden`, row(first.ID)), 10*time.Second)
	waitJS(t, ctx, app, "the feed shows the ratings", `document.querySelectorAll("[data-testid=activity-item]").length >= 2`, 10*time.Second)
	waitJS(t, ctx, app, "the podium follows", `document.querySelectorAll('[data-board=connect4] .lb-mini li').length === 2`, 10*time.Second)

	// The next match is the one to watch.
	m := startMatch(t, c, d)
	waitJS(t, ctx, app, "the next match appears", fmt.Sprintf(`!!document.querySelector(%q)`, row(m.ID)), 10*time.Second)
	if eval[int](t, ctx, `window.__sameDocument || 0`) != 1 {
		t.Fatal("the home page reloaded")
	}

	type viewport struct {
		name string
		w, h int64
		mob  bool
	}
	views := []viewport{{"desktop", 1366, 900, false}, {"phone", 390, 844, true}}
	for _, page := range []struct{ path, name, wait string }{
		{"/", "home", row(m.ID)},
		{"/live", "live", row(m.ID)},
		{"/leaderboards", "leaderboards", `[data-board=connect4] .lb-mini`},
	} {
		browserStep(t, ctx, app, "open "+page.path, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(app.URL+page.path), chromedp.WaitVisible(page.wait))
		waitJS(t, ctx, app, page.path+" live", `Ladder.live.status() === "open"`, 10*time.Second)
		for _, vp := range views {
			var opts []chromedp.EmulateViewportOption
			if vp.mob {
				opts = append(opts, chromedp.EmulateScale(2))
			}
			browserStep(t, ctx, app, "viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...), chromedp.Sleep(300*time.Millisecond))
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("%s at %s scrolls sideways by %dpx", page.path, vp.name, w)
			}
			shot(t, ctx, shots, "front-"+page.name+"-"+vp.name+".png")
		}
	}
	if got := eval[string](t, ctx, `document.title`); got != "Leaderboards · Ladder" {
		t.Errorf("leaderboards title %q", got)
	}

	// From the home page, Watch opens the match.
	browserStep(t, ctx, app, "watch", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(app.URL+"/"),
		chromedp.WaitVisible(row(m.ID)+` [data-testid=watch]`),
		chromedp.Click(row(m.ID)+` [data-testid=watch]`),
		chromedp.WaitVisible(`[data-testid=board]`),
		discard(chromedp.Evaluate[int](`window.__sameDocument = 1`)))
	if got := eval[string](t, ctx, `location.pathname`); got != "/matches/"+m.ID {
		t.Fatalf("Watch opened %s", got)
	}
	waitJS(t, ctx, app, "match socket open", `Ladder.live.status() === "open"`, 10*time.Second)
	waitSpectators(t, c, m.ID, 1)

	cols := []int{3, 4, 3, 4, 3, 4, 3}
	turn := *m.Turn
	for i, col := range cols {
		var s matchJSON
		byID[turn].must(http.StatusOK, "POST", "/api/v1/matches/"+m.ID+"/moves", map[string]int{"column": col}).JSON(t, &s)
		disc := "p1"
		if turn == m.Players[1] {
			disc = "p2"
		}
		waitJS(t, ctx, app, fmt.Sprintf("move %d appears", i+1),
			fmt.Sprintf(`document.querySelectorAll("[data-testid=col-%d] .c4-cell")[%d].firstChild.classList.contains(%q)`, col, 5-i/2, disc),
			5*time.Second)
		if s.Turn != nil {
			turn = *s.Turn
		}
	}
	waitJS(t, ctx, app, "result shows", `!document.querySelector("[data-testid=result]").hidden`, 10*time.Second)
	if eval[int](t, ctx, `window.__sameDocument || 0`) != 1 {
		t.Fatal("the match page reloaded")
	}
}
