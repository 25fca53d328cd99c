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

// TestBoardPageRunsOnDeltas: the board page subscribes with deltas, and
// the rows it rebuilds from them follow every submission.
func TestBoardPageRunsOnDeltas(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "deltas", "title": "Deltas"})
	var players []*client
	var ids []string
	for _, n := range []string{"dan", "eve", "fay"} {
		c, s := register(t, app.URL, uniqueName(n))
		players, ids = append(players, c), append(ids, s.Player.ID)
	}
	score := func(i, n int) {
		players[i].must(http.StatusOK, "POST", "/api/v1/leaderboards/deltas/scores", map[string]int{"score": n})
	}
	score(0, 100)
	ctx := browsertest.New(t)
	browserStep(t, ctx, app, "open board", chromedp.Navigate(app.URL+"/leaderboards/deltas"),
		chromedp.WaitVisible(`#board-rows tr`),
		discard(chromedp.Evaluate[int](`window.__deltas = 0; Ladder.live.on("leaderboard.delta", function () { window.__deltas++; }); 1`)))
	waitJS(t, ctx, app, "indicator live", `document.querySelector("[data-live-indicator]").dataset.state === "live"`, 10*time.Second)

	steps := []struct {
		who, score int
		order      []int
	}{
		{1, 50, []int{0, 1}},
		{2, 150, []int{2, 0, 1}},
		{1, 200, []int{1, 2, 0}},
		{0, 300, []int{0, 1, 2}},
	}
	for _, s := range steps {
		score(s.who, s.score)
		want := make([]string, len(s.order))
		for i, o := range s.order {
			want[i] = ids[o]
		}
		waitJS(t, ctx, app, "rows follow", fmt.Sprintf(`%s === %q`, boardOrderJS, strings.Join(want, ",")), 5*time.Second)
		time.Sleep(150 * time.Millisecond) // each step its own update
	}
	if n := eval[int](t, ctx, `window.__deltas`); n == 0 {
		t.Fatal("the page got no leaderboard.delta: it is not subscribed with deltas")
	}
	if got := browserText(t, ctx, `[data-testid=board-total]`); got != "3" {
		t.Errorf("total %q, want 3", got)
	}
}
