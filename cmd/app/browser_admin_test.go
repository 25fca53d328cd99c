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

// browserStep runs actions with a deadline and fails the test with the app
// log when they do not complete.
func browserStep(t *testing.T, ctx context.Context, app *testApp, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v\napp log:\n%s", what, err, app.out.String())
	}
}

// browserText reads the text of the first element matching sel.
func browserText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// waitLocation waits until the page's URL contains want.
func waitLocation(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		loc, err := chromedp.Run(sctx, chromedp.Location())
		cancel()
		if err == nil && strings.Contains(loc, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("page never reached a URL with %q (at %q, %v)", want, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// signInBrowser signs in through the sign-in form.
func signInBrowser(t *testing.T, ctx context.Context, app *testApp, username, password string) {
	t.Helper()
	browserStep(t, ctx, app, "sign in as "+username,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.WaitVisible(`[data-testid=login-form]`),
		chromedp.SendKeys(`input[name=username]`, username),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`[data-testid=login-form]`),
		chromedp.WaitVisible(`[data-testid=signed-in-as]`),
	)
}

func TestBrowserAdminBansPlayer(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	for i := range 30 {
		register(t, app.URL, fmt.Sprintf("player%02d", i))
	}
	_, victim := register(t, app.URL, "griefer")
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+victim.Player.ID+"/unban", nil)

	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	signInBrowser(t, ctx, app, "boss", "boss-password")
	browserStep(t, ctx, app, "dashboard", chromedp.Navigate(app.URL+"/admin"), chromedp.WaitVisible(`[data-testid=stats]`))
	browsertest.Screenshot(t, ctx, shots, "admin-dashboard.png")
	browserStep(t, ctx, app, "search",
		chromedp.Navigate(app.URL+"/admin/players"),
		chromedp.WaitVisible(`[data-testid=player-search]`),
		chromedp.SendKeys(`[data-testid=player-search]`, "play"),
		chromedp.Submit(`[data-testid=player-search]`),
	)
	// The results table is on the page before the search too: wait for the
	// navigation the search makes.
	waitLocation(t, ctx, "q=play")
	browserStep(t, ctx, app, "results", chromedp.WaitVisible(`[data-testid=player-results]`))
	if got := browserText(t, ctx, `[data-testid=player-results]`); !strings.Contains(got, "player00") || strings.Contains(got, "griefer") {
		t.Fatalf("search results = %q", got)
	}
	browsertest.Screenshot(t, ctx, shots, "admin-players.png")
	browserStep(t, ctx, app, "open player",
		chromedp.Navigate(app.URL+"/admin/players/"+victim.Player.ID),
		chromedp.WaitVisible(`[data-testid=ban-open]`),
		chromedp.Click(`[data-testid=ban-open]`),
		chromedp.WaitVisible(`[data-testid=ban-form]`),
		chromedp.SendKeys(`[data-testid=ban-reason]`, "griefing in chat"),
		chromedp.Click(`[data-testid=ban]`),
		chromedp.WaitVisible(`[data-testid=banned-badge]`),
	)
	browsertest.Screenshot(t, ctx, shots, "admin-player-banned.png")
	browserStep(t, ctx, app, "audit", chromedp.Navigate(app.URL+"/admin/audit"), chromedp.WaitVisible(`[data-testid=audit-log]`))
	if got := browserText(t, ctx, `[data-testid=audit-log]`); !strings.Contains(got, "griefing in chat") || !strings.Contains(got, "boss") {
		t.Fatalf("audit log = %q", got)
	}
	browsertest.Screenshot(t, ctx, shots, "admin-audit.png")
}
