package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// playRushRound starts a round on the open Target Rush page and clicks the
// targets it can, at most max (all when max < 0), until the round ends; it
// returns how many it clicked.
func playRushRound(t *testing.T, ctx context.Context, max int) int {
	t.Helper()
	step(t, ctx, 5*time.Second, "start", chromedp.Click(`[data-testid="start-button"]`))
	deadline := time.Now().Add(e2eRound + 15*time.Second)
	clicks := 0
	for {
		state := eval[string](t, ctx, `__targetRush.state()`)
		if state == "submitting" || state == "over" {
			return clicks
		}
		if time.Now().After(deadline) {
			t.Fatalf("round did not end; state %s", state)
		}
		if state == "playing" && (max < 0 || clicks < max) {
			if ts := eval[[]point](t, ctx, `__targetRush.targets()`); len(ts) > 0 {
				step(t, ctx, 5*time.Second, "click a target", chromedp.MouseClickXY(ts[0].VX, ts[0].VY))
				clicks++
				continue
			}
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// TestTargetRushEndNamesBothBoards: a round that lifts the player on both
// boards it feeds says the place that moved on each, from the rank before
// and after; when someone then passes them on both, the live note names
// both boards too.
func TestTargetRushEndNamesBothBoards(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	rival, _ := guest(t, app.URL)
	me, _ := guest(t, app.URL)
	ace, _ := guest(t, app.URL)
	// Rival and player score 0 on both boards, the rival first, so the
	// player is second on each; the ace's perfect round waits.
	runs := []rushRun{startRush(t, rival), startRush(t, me)}
	// The ace's best perfect round of three, to be sure to pass the page's.
	var aceBody map[string]any
	for range 3 {
		if b := startRush(t, ace).play(-1); aceBody == nil || b["score"].(int) > aceBody["score"].(int) {
			aceBody = b
		}
	}
	time.Sleep(e2eRound + 200*time.Millisecond)
	for i, c := range []*client{rival, me} {
		for _, board := range []string{"target-rush", "target-rush-weekly"} {
			c.must(http.StatusOK, "POST", "/api/v1/leaderboards/"+board+"/scores", runs[i].play(0))
		}
	}

	ctx := browsertest.New(t)
	signInAs(t, ctx, app, me.Token)
	step(t, ctx, 15*time.Second, "open the game", chromedp.Navigate(app.URL+"/play/target-rush"),
		chromedp.WaitVisible(`[data-testid="start-button"]`), chromedp.Sleep(300*time.Millisecond))
	waitJS(t, ctx, app, "socket open", `Ladder.live.status() === "open"`, 10*time.Second)
	if clicks := playRushRound(t, ctx, -1); clicks == 0 {
		t.Fatal("no target clicked")
	}
	step(t, ctx, 15*time.Second, "end screen shows the ranks",
		discard(chromedp.Poll[bool](`document.getElementById("tr-wrank").textContent.startsWith("#") && document.getElementById("tr-moved").textContent !== ""`)))
	if got, want := browserText(t, ctx, `[data-testid=end-moved]`), "▲ All time #2 → #1 · This week #2 → #1"; got != want {
		t.Errorf("end screen says %q, want %q", got, want)
	}
	if got := browserText(t, ctx, `[data-testid=personal-best]`); got != "New personal best!" {
		t.Errorf("personal best line %q", got)
	}

	// The ace passes the player on both boards: the note names each.
	if mine := eval[int](t, ctx, `__targetRush.score()`); aceBody["score"].(int) <= mine {
		t.Fatalf("the ace's perfect round scores %v, the page %d", aceBody["score"], mine)
	}
	for _, board := range []string{"target-rush", "target-rush-weekly"} {
		ace.must(http.StatusOK, "POST", "/api/v1/leaderboards/"+board+"/scores", aceBody)
	}
	waitJS(t, ctx, app, "both drops named",
		`document.querySelector("[data-testid=rank-change]").textContent === "▼ You dropped to #2 all time · ▼ You dropped to #2 this week"`, 10*time.Second)
	if got := browserText(t, ctx, `[data-testid=end-rank]`) + " " + browserText(t, ctx, `[data-testid=end-weekly-rank]`); got != "#2 #2" {
		t.Errorf("ranks shown %q, want #2 #2", got)
	}
	waitJS(t, ctx, app, "the round's place and the next-player line follow",
		`document.querySelector("[data-testid=end-next]").textContent.indexOf(" more to pass ") > 0 && document.querySelector("[data-testid=end-round-place]").textContent === "#2"`, 10*time.Second)
	time.Sleep(400 * time.Millisecond) // the note fades in
	shotPhone(t, ctx, app, "target-rush-end-both-boards")

	// A player whose all-time best this round cannot beat (one hit against
	// a perfect round), new this week: only the weekly board is named.
	veteran, sv := guest(t, app.URL)
	old := startRush(t, veteran)
	time.Sleep(e2eRound + 200*time.Millisecond)
	veteran.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", old.play(-1))
	signInAs(t, ctx, app, veteran.Token)
	step(t, ctx, 15*time.Second, "open the game as the veteran", chromedp.Navigate(app.URL+"/play/target-rush"),
		chromedp.WaitVisible(`[data-testid="start-button"]`), chromedp.Sleep(300*time.Millisecond))
	if clicks := playRushRound(t, ctx, 1); clicks != 1 {
		t.Fatalf("clicked %d targets, want 1", clicks)
	}
	step(t, ctx, 15*time.Second, "end screen shows the weekly rank",
		discard(chromedp.Poll[bool](`document.getElementById("tr-wrank").textContent.startsWith("#") && document.getElementById("tr-moved").textContent !== ""`)))
	var wk struct {
		Rank int `json:"rank"`
	}
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush-weekly/players/"+sv.Player.ID, nil).JSON(t, &wk)
	if got, want := browserText(t, ctx, `[data-testid=end-moved]`), fmt.Sprintf("▲ This week new at #%d", wk.Rank); got != want {
		t.Errorf("end screen says %q, want %q", got, want)
	}
	if got := browserText(t, ctx, `[data-testid=personal-best]`); !strings.HasPrefix(got, "New best this week · personal best ") {
		t.Errorf("personal best line %q", got)
	}
}
