package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// liveBoxTextJS is the visible text of the live-matches list.
const liveBoxTextJS = `document.querySelector("[data-testid=live-matches]").innerText.replace(/\s+/g, " ").trim()`

// TestLiveEmptyStateSaysItOnce: with nothing in play the home page and
// /live say so in one sentence that invites a match, not two; a match that
// starts replaces it with the count, and the sentence comes back alone
// when the match ends, all without a reload.
func TestLiveEmptyStateSaysItOnce(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, _ := guest(t, app.URL)
	b, _ := guest(t, app.URL)
	ctx := browsertest.New(t)
	const empty = "Nobody is playing right now: start a match and others can watch you."
	for _, page := range []struct{ path, name string }{{"/", "home-empty"}, {"/live", "live-empty"}} {
		browserStep(t, ctx, app, "open "+page.path, chromedp.Navigate(app.URL+page.path), chromedp.WaitVisible(`[data-testid=live-matches]`))
		text := eval[string](t, ctx, liveBoxTextJS)
		if page.path == "/" {
			text = eval[string](t, ctx, `document.querySelector("[data-testid=live-matches] [data-live-empty]").innerText.trim()`)
			if n := eval[int](t, ctx, `Array.from(document.querySelectorAll("[data-testid=live-matches] p")).filter(function (p) { return p.offsetParent && !p.querySelector("[data-testid=all-live]"); }).length`); n != 1 {
				t.Errorf("home shows %d notes about live matches, want 1", n)
			}
		}
		if text != empty {
			t.Errorf("%s says %q, want %q", page.path, text, empty)
		}
		if got := eval[string](t, ctx, `document.querySelector("[data-testid=live-start]").getAttribute("href")`); got != "/play/connect4" {
			t.Errorf("%s: the call to action goes to %q", page.path, got)
		}
		shotPhone(t, ctx, app, page.name)
	}

	// /live follows a match starting and ending.
	waitJS(t, ctx, app, "socket open", `Ladder.live.status() === "open"`, 10*time.Second)
	m := startMatch(t, a, b)
	waitJS(t, ctx, app, "the match appears", fmt.Sprintf(`!!document.querySelector('[data-match-id="%s"]')`, m.ID), 10*time.Second)
	if got := eval[string](t, ctx, `document.querySelector("[data-live-total]").hidden + " " + document.querySelector("[data-live-total]").textContent + " " + document.querySelector("[data-live-empty]").hidden`); got != "false 1 match being played true" {
		t.Errorf("with a match in play: %q", got)
	}
	a.must(http.StatusOK, "POST", "/api/v1/matches/"+m.ID+"/resign", map[string]any{})
	waitJS(t, ctx, app, "the match leaves", fmt.Sprintf(`!document.querySelector('[data-match-id="%s"]')`, m.ID), 10*time.Second)
	if got := eval[string](t, ctx, liveBoxTextJS); got != empty {
		t.Errorf("after the match /live says %q, want %q", got, empty)
	}
}
