package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// phoneWidths are the narrowest, a common and the widest phone in the
// range every page must fit.
var phoneWidths = []int64{360, 390, 430}

// overflowJS lists what sticks out past the device width w, or is a touch
// target smaller than 44 px, so a failure names the culprit. The page
// width is compared with w itself: under mobile emulation Chromium zooms
// out to show an overflow, which grows innerWidth and would hide it.
const overflowJS = `(function (w) {
	var out = [];
	var sw = document.documentElement.scrollWidth;
	if (sw > w) {
		out.push("page is " + sw + " px wide");
		document.querySelectorAll("body *").forEach(function (el) {
			var r = el.getBoundingClientRect();
			if (r.width === 0 || r.right <= w + 0.5) { return; }
			for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				var ox = getComputedStyle(p).overflowX;
				if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") { return; }
			}
			if (out.length < 8) {
				out.push((el.tagName + "." + el.className + (el.dataset.testid ? "[" + el.dataset.testid + "]" : "")).trim() + " ends at " + Math.round(r.right));
			}
		});
	}
	document.querySelectorAll(".btn, .nav-link, .lb-tab, input:not([type=hidden]), select").forEach(function (el) {
		var r = el.getBoundingClientRect();
		if (r.width === 0 || el.closest("[hidden], .tr-hidden")) { return; }
		if (r.height < 43.5) {
			out.push("touch target " + el.tagName + "." + el.className + " " + JSON.stringify((el.textContent || el.name || "").trim().slice(0, 20)) + " is " + Math.round(r.height) + " px tall");
		}
	});
	return out;
})(%d)`

// setPhone emulates a phone screen w px wide.
func setPhone(t *testing.T, ctx context.Context, app *testApp, w int64) {
	t.Helper()
	browserStep(t, ctx, app, fmt.Sprintf("phone %d", w),
		chromedp.EmulateViewport(w, 800, chromedp.EmulateScale(2), chromedp.EmulateMobile))
}

// setColorScheme emulates the system's light or dark setting.
func setColorScheme(t *testing.T, ctx context.Context, app *testApp, scheme string) {
	t.Helper()
	browserStep(t, ctx, app, "colour scheme "+scheme, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia,
			emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}

// phonePages builds a site with something on every page: a pair of game
// boards, a custom board with a previous period, a match being played and a
// profile with history. It returns the pages a visitor sees and a signed-in
// player's session.
func phonePages(t *testing.T) (*testApp, []string, signedIn) {
	app, admin := startAdminApp(t, map[string]string{"TURN_TIMEOUT": "10m"})
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "phone-board", "title": "A board with a rather long title for a phone", "reset": "daily"})
	p1, si1 := register(t, app.URL, uniqueName("longname"))
	p2, _ := register(t, app.URL, uniqueName("phtwo"))
	p3, _ := register(t, app.URL, uniqueName("phthree"))
	p1.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Robo Wonderful Longname"})
	for i, c := range []*client{p1, p2} {
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/phone-board/scores", map[string]int{"score": 123456789 - i})
	}
	match := func(p2 *client) string {
		var tk [2]struct {
			TicketID string `json:"ticket_id"`
		}
		p1.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[0])
		p2.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[1])
		id := waitTicket(t, p1, tk[0].TicketID)
		if id == "" {
			t.Fatal("no match made")
		}
		return id
	}
	// A finished match gives the profile and the lobby a history table.
	p2.must(http.StatusOK, "POST", "/api/v1/matches/"+match(p2)+"/resign", nil)
	matchID := match(p3)
	pages := []string{"/", "/play", "/login", "/register", "/leaderboards", "/leaderboards/target-rush",
		"/leaderboards/target-rush-weekly", "/leaderboards/target-rush-weekly?period=previous", "/leaderboards/connect4",
		"/leaderboards/phone-board", "/leaderboards/phone-board?period=previous", "/players/" + si1.Player.ID,
		"/play/target-rush", "/play/connect4", "/matches/" + matchID, "/no-such-page"}
	return app, pages, si1
}

// TestPagesFitPhones opens every public page at three phone widths, as a
// visitor and signed in, and fails when the page scrolls sideways or a
// touch target is too small to hit.
func TestPagesFitPhones(t *testing.T) {
	app, pages, si := phonePages(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	for _, who := range []string{"visitor", "player"} {
		ctx := browsertest.New(t)
		if who == "player" {
			signInAs(t, ctx, app, si.Token)
		}
		for _, w := range phoneWidths {
			setPhone(t, ctx, app, w)
			for _, path := range pages {
				browserStep(t, ctx, app, "open "+path, chromedp.Navigate(app.URL+path), chromedp.WaitReady("body"),
					chromedp.Sleep(100*time.Millisecond))
				if probs := eval[[]string](t, ctx, fmt.Sprintf(overflowJS, w)); len(probs) > 0 {
					t.Errorf("%s at %d px, %s:\n  %s", who, w, path, strings.Join(probs, "\n  "))
					shot(t, ctx, shots, fmt.Sprintf("overflow-%s-%d-%s.png", who, w, slug(path)))
				}
			}
		}
	}
}

// TestScreenshotsLightAndDark saves every public page at a desktop and a
// phone size in both colour schemes, for people to look at; it checks that
// the two schemes differ.
func TestScreenshotsLightAndDark(t *testing.T) {
	app, pages, si := phonePages(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	ctx := browsertest.New(t)
	signInAs(t, ctx, app, si.Token)
	// A ten-minute turn clock reads as minutes and seconds, not "566s".
	var match string
	for _, p := range pages {
		if strings.HasPrefix(p, "/matches/") {
			match = p
		}
	}
	browserStep(t, ctx, app, "match page", chromedp.Navigate(app.URL+match), chromedp.WaitReady("body"))
	waitJS(t, ctx, app, "the turn clock in minutes", `Array.from(document.querySelectorAll(".c4-clock")).some(function (el) {
		return /^[0-9]+:[0-5][0-9]$/.test(el.textContent.trim());
	})`, 10*time.Second)

	bg := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		setColorScheme(t, ctx, app, scheme)
		browserStep(t, ctx, app, "home", chromedp.Navigate(app.URL+"/"), chromedp.WaitReady("body"))
		bg[scheme] = eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
		if shots == "" {
			continue
		}
		for _, size := range []struct {
			name string
			w, h int64
		}{{"desktop", 1366, 900}, {"phone", 390, 844}} {
			if size.name == "phone" {
				browserStep(t, ctx, app, "phone", chromedp.EmulateViewport(size.w, size.h, chromedp.EmulateScale(2), chromedp.EmulateMobile))
			} else {
				browserStep(t, ctx, app, "desktop", chromedp.EmulateViewport(size.w, size.h))
			}
			for _, path := range pages {
				browserStep(t, ctx, app, "open "+path, chromedp.Navigate(app.URL+path), chromedp.WaitReady("body"),
					chromedp.Sleep(300*time.Millisecond))
				shot(t, ctx, shots, fmt.Sprintf("page-%s-%s-%s.png", size.name, scheme, slug(path)))
			}
		}
	}
	if bg["light"] == bg["dark"] {
		t.Errorf("light and dark pages share the background %s", bg["light"])
	}
}

// slug turns a path into a file name part.
func slug(path string) string {
	r := strings.NewReplacer("/", "_", "?", "_", "=", "_")
	s := strings.Trim(r.Replace(path), "_")
	if s == "" {
		return "home"
	}
	return s
}
