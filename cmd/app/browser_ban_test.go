package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// An admin bans a player whose page is open in another browser: that page
// says at once that they were signed out and shows the signed-out header.
func TestBrowserBanSignsPlayerOut(t *testing.T) {
	app, _ := startAdminApp(t, nil)
	register(t, app.URL, "troll")

	player := browsertest.New(t)
	signInBrowser(t, player, app, "troll", "correct horse")
	browserStep(t, player, app, "open the leaderboards", chromedp.Navigate(app.URL+"/leaderboards"),
		chromedp.WaitVisible(`[data-testid=board-cards]`))
	waitJS(t, player, app, "socket open", `Ladder.live && Ladder.live.status() === "open"`, 10*time.Second)

	admin := browsertest.New(t)
	signInBrowser(t, admin, app, "boss", "boss-password")
	browserStep(t, admin, app, "find the player",
		chromedp.Navigate(app.URL+"/admin/players?q=troll"),
		chromedp.Click(`[data-testid=player-link]`),
		chromedp.WaitVisible(`[data-testid=ban-open]`),
		chromedp.Click(`[data-testid=ban-open]`),
		chromedp.WaitVisible(`[data-testid=ban-form]`),
		chromedp.SendKeys(`[data-testid=ban-reason]`, "abusive names"),
		chromedp.Click(`[data-testid=ban]`),
		chromedp.WaitVisible(`[data-testid=banned-badge]`),
	)

	browserStep(t, player, app, "see the sign-out", chromedp.WaitVisible(`[data-testid=signed-out]`),
		chromedp.WaitVisible(`[data-testid=login-link]`))
	if got := browserText(t, player, `[data-testid=signed-out]`); !strings.Contains(got, "You have been signed out") || !strings.Contains(got, "abusive names") {
		t.Errorf("notice = %q", got)
	}
	if n := eval[int](t, player, `document.querySelectorAll("[data-testid=signed-in-as]").length`); n != 0 {
		t.Errorf("the header still shows the player signed in")
	}
	browsertest.Screenshot(t, player, os.Getenv("SCREENSHOT_DIR"), "banned-player-signed-out.png")
	// A reload confirms it: the session is gone server-side.
	browserStep(t, player, app, "reload", chromedp.Reload(), chromedp.WaitVisible(`[data-testid=login-link]`))
}

// TestBrowserAdminConsole walks the admin console after some activity: the
// dashboard's figures follow the stats topic live, and every page renders.
// With SCREENSHOT_DIR set it saves a screenshot of each page.
func TestBrowserAdminConsole(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"SCORE_RATE_LIMIT": "3"})
	shots := os.Getenv("SCREENSHOT_DIR")
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "space-race", "title": "Space Race — daily", "order": "desc", "operator": "best", "reset": "daily"})
	names := []string{"nova", "quasar", "pulsar", "comet", "nebula", "orbit", "zenith", "vega"}
	var clients []*client
	for i, n := range names {
		c, _ := register(t, app.URL, n)
		clients = append(clients, c)
		for j := range 3 {
			c.must(http.StatusOK, "POST", "/api/v1/leaderboards/space-race/scores", map[string]int{"score": 1000 + 137*i + 11*j})
		}
	}
	clients[0].must(http.StatusTooManyRequests, "POST", "/api/v1/leaderboards/space-race/scores", map[string]int{"score": 5})
	var tk [3]struct {
		TicketID string `json:"ticket_id"`
	}
	for i := range 3 {
		clients[i].must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[i])
	}
	matchID := ""
	for i := range 2 {
		if id := waitTicket(t, clients[i], tk[i].TicketID); id != "" {
			matchID = id
		}
	}
	if matchID == "" {
		t.Fatal("no match made")
	}

	ctx := browsertest.New(t)
	signInBrowser(t, ctx, app, "boss", "boss-password")
	browserStep(t, ctx, app, "dashboard", chromedp.Navigate(app.URL+"/admin"), chromedp.WaitVisible(`[data-testid=charts]`))
	waitJS(t, ctx, app, "indicator live", `document.querySelector("[data-live-indicator]").getAttribute("data-state") === "live"`, 10*time.Second)
	// A new player shows up in the figures without a reload.
	before := browserText(t, ctx, `[data-stat=players_total]`)
	register(t, app.URL, "latecomer")
	waitJS(t, ctx, app, "figure updates", `document.querySelector("[data-stat=players_total]").textContent !== `+jsString(before), 10*time.Second)
	if got := browserText(t, ctx, `[data-stat=players_total]`); got != "10" {
		t.Errorf("players after one more registration = %s (was %s)", got, before)
	}
	if got := browserText(t, ctx, `[data-stat=queue_length]`); got != "1" {
		t.Errorf("queue length = %s, want 1", got)
	}
	if got := browserText(t, ctx, `[data-stat=submissions_per_min]`); got != fmt.Sprint(3*len(names)) && got == "0" {
		t.Errorf("submissions per minute shows %q", got)
	}
	browsertest.Screenshot(t, ctx, shots, "admin-dashboard.png")

	for _, page := range []struct{ path, sel, file string }{
		{"/admin/players?q=", "[data-testid=player-results]", "admin-players.png"},
		{"/admin/leaderboards", "[data-testid=admin-boards]", "admin-leaderboards.png"},
		{"/admin/leaderboards/space-race", "[data-testid=admin-board-entries]", "admin-board.png"},
		{"/admin/matches", "[data-testid=live-matches]", "admin-matches.png"},
	} {
		browserStep(t, ctx, app, page.path, chromedp.Navigate(app.URL+page.path), chromedp.WaitVisible(page.sel))
		browsertest.Screenshot(t, ctx, shots, page.file)
	}
	if got := browserText(t, ctx, "[data-testid=live-matches]"); !strings.Contains(got, "nova") && !strings.Contains(got, "quasar") {
		t.Errorf("live matches = %q", got)
	}
	browserStep(t, ctx, app, "player page",
		chromedp.Navigate(app.URL+"/admin/players?q=nova"),
		chromedp.Click(`[data-testid=player-link]`),
		chromedp.WaitVisible(`[data-testid=admin-player-scores]`))
	if got := browserText(t, ctx, "[data-testid=admin-player-scores]"); !strings.Contains(got, "Space Race") {
		t.Errorf("player scores = %q", got)
	}
	browsertest.Screenshot(t, ctx, shots, "admin-player.png")
	browserStep(t, ctx, app, "reset the board",
		chromedp.Navigate(app.URL+"/admin/leaderboards/space-race"),
		chromedp.Click(`[data-testid=board-reset]`),
		chromedp.WaitVisible(`[data-testid=confirm-dialog]`),
		chromedp.Click(`[data-testid=dialog-confirm]`))
	waitLocation(t, ctx, "done=")
	browserStep(t, ctx, app, "after the reset", chromedp.WaitVisible(`[data-testid=previous-tab]`))
	browserStep(t, ctx, app, "audit", chromedp.Navigate(app.URL+"/admin/audit"), chromedp.WaitVisible(`[data-testid=audit-log]`))
	if got := strings.ToLower(browserText(t, ctx, "[data-testid=audit-log]")); !strings.Contains(got, "reset board") || !strings.Contains(got, "created board") {
		t.Errorf("audit log = %q", got)
	}
	browsertest.Screenshot(t, ctx, shots, "admin-audit.png")
}

// waitTicket polls a ticket until it is matched (its match id) or has
// waited a few seconds ("").
func waitTicket(t *testing.T, c *client, ticket string) string {
	t.Helper()
	for range 30 {
		var v struct {
			Status  string `json:"status"`
			MatchID string `json:"match_id"`
		}
		c.must(http.StatusOK, "GET", "/api/v1/matchmaking/tickets/"+ticket, nil).JSON(t, &v)
		if v.Status == "matched" {
			return v.MatchID
		}
		time.Sleep(100 * time.Millisecond)
	}
	return ""
}
