package main

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestBrowserTemporaryBan bans a player for a few seconds through the ban
// dialog, finds the ban record and the hidden score on the player page,
// and sees the ban end by itself.
func TestBrowserTemporaryBan(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"BAN_SWEEP_INTERVAL": "200ms"})
	shots := os.Getenv("SCREENSHOT_DIR")
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "space", "title": "Space", "order": "desc", "operator": "best", "reset": "never"})
	cheat, sc := register(t, app.URL, "cheater")
	cheat.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 4321})

	ctx := browsertest.New(t)
	signInBrowser(t, ctx, app, "boss", "boss-password")
	browserStep(t, ctx, app, "ban through the dialog",
		chromedp.Navigate(app.URL+"/admin/players/"+sc.Player.ID),
		chromedp.Click(`[data-testid=ban-open]`),
		chromedp.WaitVisible(`[data-testid=ban-dialog]`),
		chromedp.SendKeys(`[data-testid=ban-reason]`, "score too good to be true"),
		chromedp.SetValue(`[data-testid=ban-duration]`, "custom"),
		discard(chromedp.Evaluate[bool](`document.querySelector("[data-testid=ban-duration]").dispatchEvent(new Event("change")); true`)),
		chromedp.WaitVisible(`[data-testid=ban-custom-duration]`),
		chromedp.SendKeys(`[data-testid=ban-custom-duration]`, "4s"),
		chromedp.Click(`[data-testid=ban]`),
		chromedp.WaitVisible(`[data-testid=ban-record]`))
	record := browserText(t, ctx, `[data-testid=ban-record]`)
	for _, want := range []string{"score too good to be true", "boss", "lifted by itself"} {
		if !strings.Contains(record, want) {
			t.Errorf("ban record %q lacks %q", record, want)
		}
	}
	if got := browserText(t, ctx, `[data-testid=hidden-score-space]`); got != "4,321" {
		t.Errorf("hidden score = %q, want 4,321", got)
	}
	if !strings.Contains(strings.ToLower(browserText(t, ctx, `[data-testid=admin-player-scores]`)), "hidden") {
		t.Errorf("the hidden score is not marked hidden")
	}
	browsertest.Screenshot(t, ctx, shots, "admin-player-banned.png")

	deadline := time.Now().Add(15 * time.Second)
	for {
		browserStep(t, ctx, app, "reload", chromedp.Reload(), chromedp.WaitVisible(`[data-testid=admin-player-name]`))
		// The record goes first, then the boards bring the entries back:
		// wait for both.
		if eval[int](t, ctx, `document.querySelectorAll("[data-testid=ban-record]").length`) == 0 &&
			strings.Contains(browserText(t, ctx, `[data-testid=admin-player-scores]`), "#1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the ban did not end by itself")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if got := browserText(t, ctx, `[data-testid=admin-player-scores]`); !strings.Contains(got, "#1") || strings.Contains(strings.ToLower(got), "hidden") {
		t.Errorf("after the ban the scores read %q, want the entry back at #1", got)
	}
	browserStep(t, ctx, app, "audit", chromedp.Navigate(app.URL+"/admin/audit?target=cheater"), chromedp.WaitVisible(`[data-testid=audit-log]`))
	if got := strings.ToLower(browserText(t, ctx, `[data-testid=audit-log]`)); !strings.Contains(got, "lifted ban") || !strings.Contains(got, "automatic") ||
		!strings.Contains(got, "banned player") {
		t.Errorf("audit log = %q", got)
	}
}

// TestBrowserAdminPagesFitPhones opens every admin page at phone widths:
// the page never scrolls sideways (wide tables scroll in their card) and
// the admin menu is one button.
func TestBrowserAdminPagesFitPhones(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"TURN_TIMEOUT": "10m"})
	shots := os.Getenv("SCREENSHOT_DIR")
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "space", "title": "Space Race with a rather long title", "order": "desc", "operator": "best", "reset": "weekly"})
	p1, s1 := register(t, app.URL, "longname_player_01")
	p2, _ := register(t, app.URL, "second_player_02")
	p1.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 84349})
	p2.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 1200})
	var tk [2]struct {
		TicketID string `json:"ticket_id"`
	}
	p1.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[0])
	p2.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[1])
	if waitTicket(t, p1, tk[0].TicketID) == "" {
		t.Fatal("no match made")
	}
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+s1.Player.ID+"/sessions/end", nil)

	pages := []struct{ path, sel, shot string }{
		{"/admin", "[data-testid=charts]", "dashboard"},
		{"/admin/players", "[data-testid=player-results]", "players"},
		{"/admin/players/" + s1.Player.ID, "[data-testid=admin-player-scores]", "player"},
		{"/admin/audit", "[data-testid=audit-log]", "audit"},
		{"/admin/leaderboards", "[data-testid=admin-boards]", "leaderboards"},
		{"/admin/leaderboards/space", "[data-testid=admin-board-entries]", "board"},
		{"/admin/matches", "[data-testid=live-matches]", "matches"},
	}
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, app, "boss", "boss-password")
	for _, pg := range pages {
		browserStep(t, ctx, app, pg.path, chromedp.Navigate(app.URL+pg.path), chromedp.WaitVisible(pg.sel))
		browsertest.Screenshot(t, ctx, shots, "admin2-desktop-"+pg.shot+".png")
	}
	for _, width := range []int64{360, 390, 430} {
		browserStep(t, ctx, app, "phone size", chromedp.EmulateViewport(width, 844))
		for _, pg := range pages {
			browserStep(t, ctx, app, pg.path, chromedp.Navigate(app.URL+pg.path), chromedp.WaitVisible(pg.sel))
			if got := eval[int](t, ctx, `document.documentElement.scrollWidth`); got > int(width) {
				t.Errorf("%s at %d px: the page is %d px wide", pg.path, width, got)
			}
			if n := eval[int](t, ctx, `[...document.querySelectorAll(".admin-link")].filter(a => a.offsetParent !== null).length`); n != 0 {
				t.Errorf("%s at %d px: %d menu links shown before the menu is opened", pg.path, width, n)
			}
			if width == 390 {
				browsertest.Screenshot(t, ctx, shots, "admin2-phone-"+pg.shot+".png")
			}
		}
	}
	browserStep(t, ctx, app, "open the menu", chromedp.Click(`[data-testid=admin-menu]`))
	if n := eval[int](t, ctx, `[...document.querySelectorAll(".admin-link")].filter(a => a.offsetParent !== null).length`); n != 5 {
		t.Errorf("the opened menu shows %d links, want 5", n)
	}
}
