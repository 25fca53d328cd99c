package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// c4Browser is one player's browser on /play/connect4.
type c4Browser struct {
	t    *testing.T
	name string
	ctx  context.Context
	id   string
}

func (b *c4Browser) do(timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", b.name, err)
	}
}

// waitJS polls a JS condition until it is true.
func (b *c4Browser) waitJS(timeout time.Duration, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
		dctx, dcancel := context.WithTimeout(b.ctx, 2*time.Second)
		defer dcancel()
		status, _ := chromedp.Run(dctx, chromedp.Evaluate[string](`(document.querySelector('#c4-status')||{}).textContent + ' | discs=' + document.querySelectorAll('#c4-board .disc').length`))
		b.t.Fatalf("%s: waiting for %s: %v (page says %q)", b.name, cond, err, status)
	}
}

func (b *c4Browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		b.t.Fatalf("%s: text of %s: %v", b.name, sel, err)
	}
	return s
}

func (b *c4Browser) myTurn() bool {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	v, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#c4-board').classList.contains('my-turn')`))
	return v
}

func TestConnect4InTwoBrowsers(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	app, _ := startRedisApp(t, map[string]string{"TURN_TIMEOUT": "60s"})
	shots := os.Getenv("SCREENSHOT_DIR")
	players := []*c4Browser{
		{t: t, name: "alice", ctx: browsertest.New(t)},
		{t: t, name: "bob", ctx: browsertest.New(t)},
	}
	for _, p := range players {
		p.do(15*time.Second, chromedp.Navigate(app.URL+"/"))
		ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(`[data-testid="play-as-guest"]`)))
		cancel()
		if err != nil {
			t.Fatalf("%s: play as guest: %v", p.name, err)
		}
		p.do(10*time.Second, chromedp.Navigate(app.URL+"/play/connect4"), chromedp.WaitVisible(`[data-testid="find-match"]`))
		ctx, cancel = context.WithTimeout(p.ctx, 5*time.Second)
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Ladder.playerId()`))
		cancel()
		if err != nil || id == "" {
			t.Fatalf("%s: player id %q, %v", p.name, id, err)
		}
		p.id = id
	}
	alice, bob := players[0], players[1]

	// Alice queues alone first: the queue screen ticks.
	alice.do(5*time.Second, chromedp.Click(`[data-testid="find-match"]`), chromedp.WaitVisible(`[data-testid="queue"]`))
	alice.waitJS(10*time.Second, `document.querySelector('#c4-waited').textContent !== '0:00' && /\d+ – \d+/.test(document.querySelector('#c4-range').textContent)`)
	browsertest.Screenshot(t, alice.ctx, shots, "c4-queue.png")

	bob.do(5*time.Second, chromedp.Click(`[data-testid="find-match"]`))
	for _, p := range players {
		p.do(15*time.Second, chromedp.WaitVisible(`[data-testid="arena"]`))
		p.waitJS(10*time.Second, `document.querySelector('#c4-p0 .c4-name').textContent !== '—'`)
	}
	// Whoever moves first plays column 0 four times; the other column 1.
	first, second := alice, bob
	deadline := time.Now().Add(10 * time.Second)
	for !alice.myTurn() && !bob.myTurn() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if bob.myTurn() {
		first, second = bob, alice
	}
	if !first.myTurn() {
		t.Fatal("nobody's turn")
	}
	script := []struct {
		p   *c4Browser
		col string
	}{{first, "0"}, {second, "1"}, {first, "0"}, {second, "1"}, {first, "0"}, {second, "1"}, {first, "0"}}
	for i, mv := range script {
		mv.p.waitJS(10*time.Second, `document.querySelector('#c4-board').classList.contains('my-turn')`)
		mv.p.do(5*time.Second, chromedp.Click(`[data-testid="col-`+mv.col+`"]`))
		mv.p.waitJS(5*time.Second, fmt.Sprintf(`document.querySelectorAll('#c4-board .disc').length === %d`, i+1))
		if i == 4 {
			second.waitJS(10*time.Second, `document.querySelectorAll('#c4-board .disc').length === 5`)
			time.Sleep(500 * time.Millisecond) // let the drop animation land
			browsertest.Screenshot(t, second.ctx, shots, "c4-game.png")
		}
	}
	for _, p := range players {
		p.waitJS(15*time.Second, `!document.querySelector('#c4-result').hidden && /→/.test(document.querySelector('#c4-result-rating').textContent)`)
	}
	if got := first.text(`#c4-result-title`); got != "You won!" {
		t.Errorf("winner sees %q", got)
	}
	if got := second.text(`#c4-result-title`); got != "You lost" {
		t.Errorf("loser sees %q", got)
	}
	if got := first.text(`#c4-result-rating`); !strings.Contains(got, "(+") {
		t.Errorf("winner's rating change %q lacks a gain", got)
	}
	if got := second.text(`#c4-result-rating`); !strings.Contains(got, "(-") {
		t.Errorf("loser's rating change %q lacks a loss", got)
	}
	time.Sleep(400 * time.Millisecond)
	browsertest.Screenshot(t, first.ctx, shots, "c4-result.png")

	// The header follows the settled record.
	first.waitJS(10*time.Second, `/1W 0L 0D/.test(document.querySelector('.c4-myrating .muted.num').textContent)`)
	second.waitJS(10*time.Second, `/0W 1L 0D/.test(document.querySelector('.c4-myrating .muted.num').textContent)`)

	// The connect4 leaderboard holds the new ratings.
	var page struct {
		Entries []struct {
			PlayerID string `json:"player_id"`
			Score    int64  `json:"score"`
		} `json:"entries"`
	}
	newClient(t, app.URL).must(200, "GET", "/api/v1/leaderboards/connect4?limit=100", nil).JSON(t, &page)
	scores := map[string]int64{}
	for _, e := range page.Entries {
		scores[e.PlayerID] = e.Score
	}
	if ws, ls := scores[first.id], scores[second.id]; ws <= 1500 || ls >= 1500 || ls == 0 {
		t.Errorf("connect4 board: winner %d, loser %d; entries %+v", ws, ls, page.Entries)
	}

	// Play again puts the winner back in the queue.
	first.do(5*time.Second, chromedp.Click(`[data-testid="play-again"]`), chromedp.WaitVisible(`[data-testid="queue"]`))
}
