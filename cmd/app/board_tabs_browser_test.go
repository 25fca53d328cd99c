package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestBoardTabsFindAndMarks: Target Rush's two boards share one set of
// tabs, a player can be found by name, rows that move keep a mark for a
// few seconds, and after a reset the previous period says when it ended.
func TestBoardTabsFindAndMarks(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "arena", "title": "Arena", "reset": "weekly", "score_label": "Points"})
	score := func(c *client, n int) {
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": n})
	}
	var ids []string
	var clients []*client
	for i, name := range []string{"alpha", "bravo", "charlie", "delta", "echo"} {
		c, si := register(t, app.URL, uniqueName(name))
		score(c, 1000-100*i)
		ids = append(ids, si.Player.ID)
		clients = append(clients, c)
	}
	ctx := browsertest.New(t)
	tabsJS := `Array.from(document.querySelectorAll("[data-testid=period-tabs] a")).map(function (a) { return (a.classList.contains("active") ? "*" : "") + a.textContent; }).join("|")`

	// The pair of Target Rush boards, one set of tabs.
	browserStep(t, ctx, app, "all-time board", chromedp.Navigate(app.URL+"/leaderboards/target-rush"), chromedp.WaitVisible(`[data-testid=period-tabs]`))
	lastWeek := time.Now().UTC()
	lastWeek = lastWeek.AddDate(0, 0, -((int(lastWeek.Weekday())+6)%7)-7)
	end := lastWeek.AddDate(0, 0, 6)
	wantLast := "Last week · " + lastWeek.Format("2") + "–" + end.Format("2 Jan")
	if lastWeek.Month() != end.Month() {
		wantLast = "Last week · " + lastWeek.Format("2 Jan") + " – " + end.Format("2 Jan")
	}
	if got, want := eval[string](t, ctx, tabsJS), "*All time|This week|"+wantLast; got != want {
		t.Errorf("tabs %q, want %q", got, want)
	}
	browserStep(t, ctx, app, "this week", chromedp.Click(`[data-testid=tab-current]`), chromedp.WaitVisible(`[data-testid=tab-current].active`))
	waitLocation(t, ctx, "/leaderboards/target-rush-weekly")
	browserStep(t, ctx, app, "last week", chromedp.Click(`[data-testid=tab-previous]`), chromedp.WaitVisible(`[data-testid=tab-previous].active`))
	waitLocation(t, ctx, "period=previous")
	if got := eval[string](t, ctx, tabsJS); got != "All time|This week|*"+wantLast {
		t.Errorf("tabs on last week %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("[data-testid=score-label]").textContent`); got != "Score" {
		t.Errorf("Target Rush score label %q", got)
	}

	// Find a player by the start of their username.
	browserStep(t, ctx, app, "open arena", chromedp.Navigate(app.URL+"/leaderboards/arena"), chromedp.WaitVisible(`[data-testid=find-input]`))
	if got := eval[string](t, ctx, `document.querySelector("[data-testid=score-label]").textContent`); got != "Points" {
		t.Errorf("score label %q, want Points", got)
	}
	browserStep(t, ctx, app, "find charlie", chromedp.SendKeys(`[data-testid=find-input]`, "CHAR"),
		chromedp.Click(`[data-testid=find-submit]`), chromedp.WaitVisible(`[data-testid=found]`))
	if got := browserText(t, ctx, `[data-testid=found] .num`); got != "#3" {
		t.Errorf("found at %q, want #3", got)
	}
	around := eval[string](t, ctx, `Array.from(document.querySelectorAll("[data-testid=found-around] li")).map(function (li) { return (li.classList.contains("me") ? "*" : "") + li.dataset.playerId; }).join(",")`)
	if want := strings.Join([]string{ids[0], ids[1], "*" + ids[2], ids[3], ids[4]}, ","); around != want {
		t.Errorf("around the found player %q, want %q", around, want)
	}
	// … or by the start of the name people see, ignoring case.
	clients[1].must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Zulu Bravo"})
	browserStep(t, ctx, app, "find by display name", chromedp.Navigate(app.URL+"/leaderboards/arena"), chromedp.WaitVisible(`[data-testid=find-input]`),
		chromedp.SendKeys(`[data-testid=find-input]`, "zulu b"), chromedp.Click(`[data-testid=find-submit]`), chromedp.WaitVisible(`[data-testid=found]`))
	if got, want := browserText(t, ctx, `[data-testid=found] a`)+" "+browserText(t, ctx, `[data-testid=found] .num`), "Zulu Bravo #2"; got != want {
		t.Errorf("found %q, want %q", got, want)
	}
	shotPhone(t, ctx, app, "board-find")
	browserStep(t, ctx, app, "find nobody", chromedp.Navigate(app.URL+"/leaderboards/arena?find=zzz"), chromedp.WaitVisible(`[data-testid=find-none]`))

	// Moves leave marks for a few seconds.
	browserStep(t, ctx, app, "back to arena", chromedp.Navigate(app.URL+"/leaderboards/arena"), chromedp.WaitVisible(`#board-rows`))
	waitJS(t, ctx, app, "indicator live", `document.querySelector("[data-live-indicator]").dataset.state === "live"`, 10*time.Second)
	score(clients[4], 950) // echo: 5th → 2nd
	markJS := func(id string) string {
		return fmt.Sprintf(`(function () { var m = document.querySelector('#board-rows tr[data-player-id="%s"] [data-testid=row-move]'); return m ? m.textContent : ""; })()`, id)
	}
	waitJS(t, ctx, app, "echo marked up", markJS(ids[4])+` === "▲"`, 5*time.Second)
	for _, id := range ids[1:4] {
		if got := eval[string](t, ctx, markJS(id)); got != "▼" {
			t.Errorf("an overtaken row shows %q, want ▼", got)
		}
	}
	if got := eval[string](t, ctx, markJS(ids[0])); got != "" {
		t.Errorf("the leader, who did not move, shows %q", got)
	}
	newcomer, si := register(t, app.URL, uniqueName("foxtrot"))
	score(newcomer, 5000)
	waitJS(t, ctx, app, "newcomer marked new", markJS(si.Player.ID)+` === "new"`, 5*time.Second)
	waitJS(t, ctx, app, "marks fade", markJS(ids[4])+` === ""`, 6*time.Second)

	// After a reset the previous period is named by the reset's date.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/leaderboards/arena/reset", map[string]any{})
	browserStep(t, ctx, app, "arena after reset", chromedp.Navigate(app.URL+"/leaderboards/arena"), chromedp.WaitVisible(`[data-testid=tab-previous]`))
	if got, want := browserText(t, ctx, `[data-testid=tab-previous]`), "Before the reset on "+time.Now().UTC().Format("2 Jan"); got != want {
		t.Errorf("previous tab %q, want %q", got, want)
	}
}
