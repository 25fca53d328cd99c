package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// playRushRound starts a round on the open Target Rush page and clicks
// every target it can until the round ends; it returns how many it clicked.
func playRushRound(t *testing.T, ctx context.Context) int {
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
		if state == "playing" {
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
	aceRun := startRush(t, ace)
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
	if clicks := playRushRound(t, ctx); clicks == 0 {
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
	for _, board := range []string{"target-rush", "target-rush-weekly"} {
		ace.must(http.StatusOK, "POST", "/api/v1/leaderboards/"+board+"/scores", aceRun.play(-1))
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
}
