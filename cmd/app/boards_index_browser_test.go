package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestBoardsIndexCountsLive: the leaderboards index's "N players" on each
// card follows the board live, from the totals its socket already brings,
// below the podium as well as on it, without a reload.
func TestBoardsIndexCountsLive(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	score := func(c *client, n int) {
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": n})
	}
	first, _ := guest(t, app.URL)
	score(first, 500)
	ctx := browsertest.New(t)
	countJS := `(function () { var c = document.querySelector("[data-testid=board-card][data-board=arena] .lb-card-sub"); return c.innerText.replace(/\s+/g, " ").trim(); })()`
	browserStep(t, ctx, app, "open the index", chromedp.Navigate(app.URL+"/leaderboards"),
		chromedp.WaitVisible(`[data-board=arena] [data-testid=card-total]`),
		discard(chromedp.Evaluate[int](`window.__sameDocument = 1`)))
	if got := eval[string](t, ctx, countJS); got != "best score · 1 player" {
		t.Errorf("card says %q, want %q", got, "best score · 1 player")
	}
	waitJS(t, ctx, app, "socket open", `Ladder.live.status() === "open"`, 10*time.Second)

	second, _ := guest(t, app.URL)
	score(second, 900) // onto the podium
	waitJS(t, ctx, app, "two players", countJS+` === "best score · 2 players"`, 10*time.Second)
	// Below the top the podium stays as it is; the count still moves.
	for i := range 4 {
		c, _ := guest(t, app.URL)
		score(c, 10+i)
	}
	waitJS(t, ctx, app, "six players", countJS+` === "best score · 6 players"`, 10*time.Second)
	if eval[int](t, ctx, `window.__sameDocument || 0`) != 1 {
		t.Fatal("the page reloaded")
	}
	var api struct {
		Total int `json:"total"`
	}
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/leaderboards/arena", nil).JSON(t, &api)
	if api.Total != 6 {
		t.Errorf("the API counts %d players", api.Total)
	}
	shotPhone(t, ctx, app, "boards-index")
}
