package main

import (
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestSpectatorSeesMovesLive: an anonymous visitor on /matches/{id} sees
// moves made through the API appear over the socket (the page polls only
// while the socket is down), then the result.
func TestSpectatorSeesMovesLive(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, sa := guest(t, app.URL)
	b, sb := guest(t, app.URL)
	var ta, tb struct {
		TicketID string `json:"ticket_id"`
	}
	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	b.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
	id := waitMatched(t, a, ta.TicketID)
	waitMatched(t, b, tb.TicketID)
	var m matchJSON
	a.must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(t, &m)
	byID := map[string]*client{sa.Player.ID: a, sb.Player.ID: b}
	if byID[m.Players[0]] == nil || byID[m.Players[1]] == nil || m.Turn == nil {
		t.Fatalf("players %v, turn %v", m.Players, m.Turn)
	}

	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	browserStep(t, ctx, app, "open the match", chromedp.Navigate(app.URL+"/matches/"+id),
		chromedp.WaitVisible(`[data-testid=board]`),
		discard(chromedp.Evaluate[int](`window.__sameDocument = 1`)))
	waitJS(t, ctx, app, "socket open", `Ladder.live.status() === "open" && document.querySelector("[data-live-indicator]").textContent === "Live"`, 10*time.Second)

	// Player one builds a column at 3, player two answers at 4: every move
	// shows on the spectator's board.
	cols := []int{3, 4, 3, 4, 3, 4}
	turn := *m.Turn
	for i, col := range cols {
		mover := byID[turn]
		var s matchJSON
		mover.must(http.StatusOK, "POST", "/api/v1/matches/"+id+"/moves", map[string]int{"column": col}).JSON(t, &s)
		row := 5 - i/2
		disc := "p1"
		if turn == m.Players[1] {
			disc = "p2"
		}
		waitJS(t, ctx, app, fmt.Sprintf("move %d appears", i+1),
			fmt.Sprintf(`document.querySelectorAll("[data-testid=col-%d] .c4-cell")[%d].firstChild.classList.contains(%q)`, col, row, disc),
			5*time.Second)
		if s.Turn != nil {
			turn = *s.Turn
		}
	}
	if st := eval[string](t, ctx, `Ladder.live.status()`); st != "open" {
		t.Errorf("socket %s: the moves may have come by polling", st)
	}
	time.Sleep(500 * time.Millisecond) // let the last disc land
	for _, vp := range []struct {
		name string
		w, h int64
		mob  bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		var opts []chromedp.EmulateViewportOption
		if vp.mob {
			opts = append(opts, chromedp.EmulateScale(2))
		}
		browserStep(t, ctx, app, "viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...), chromedp.Sleep(300*time.Millisecond))
		shot(t, ctx, shots, "spectate-"+vp.name+".png")
	}
	browserStep(t, ctx, app, "desktop", chromedp.EmulateViewport(1280, 900))

	// The winning move ends the match for the spectator too.
	byID[turn].must(http.StatusOK, "POST", "/api/v1/matches/"+id+"/moves", map[string]int{"column": 3})
	waitJS(t, ctx, app, "result shows", `!document.querySelector("[data-testid=result]").hidden`, 10*time.Second)
	if eval[int](t, ctx, `window.__sameDocument || 0`) != 1 {
		t.Fatal("the page reloaded")
	}

	// The winner's profile lists the match with the rating and record.
	winner := turn
	deadline := time.Now().Add(10 * time.Second)
	for {
		browserStep(t, ctx, app, "open the winner's profile", chromedp.Navigate(app.URL+"/players/"+winner),
			chromedp.WaitVisible(`[data-testid=c4-rating]`))
		if eval[int](t, ctx, `document.querySelectorAll("[data-testid=match-row]").length`) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the match never reached the winner's profile\n%s", app.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := eval[string](t, ctx, `document.querySelector("[data-testid=match-row]").dataset.matchId + "|" + document.querySelector("[data-testid=match-row] .badge").textContent`); got != id+"|Win" {
		t.Errorf("match row %q, want %s|Win", got, id)
	}
	if got := browserText(t, ctx, `[data-testid=c4-wins]`); got != "1" {
		t.Errorf("wins %q, want 1", got)
	}
	if got := browserText(t, ctx, `[data-testid=c4-rating-value]`); got == "" || got == "1500" {
		t.Errorf("rating %q, want the settled rating", got)
	}
	for _, vp := range []struct {
		name string
		w, h int64
		mob  bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		var opts []chromedp.EmulateViewportOption
		if vp.mob {
			opts = append(opts, chromedp.EmulateScale(2))
		}
		browserStep(t, ctx, app, "viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...), chromedp.Sleep(300*time.Millisecond))
		shot(t, ctx, shots, "profile-matches-"+vp.name+".png")
	}
}
