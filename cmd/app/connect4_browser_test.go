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
	"github.com/chromedp/chromedp/kb"

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

// js evaluates a JS expression to a string.
func (b *c4Browser) js(expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, expr, err)
	}
	return v
}

// shotAt saves a screenshot at a viewport size, then restores the desktop.
func (b *c4Browser) shotAt(dir, name string, w, h int64, mobile bool) {
	b.t.Helper()
	if dir == "" {
		return
	}
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	b.do(5*time.Second, chromedp.EmulateViewport(w, h, opts...))
	time.Sleep(300 * time.Millisecond)
	if mobile {
		// The page itself never scrolls sideways on a phone.
		if got := b.js(`String(document.documentElement.scrollWidth <= document.documentElement.clientWidth)`); got != "true" {
			b.t.Errorf("%s: %s scrolls sideways at %dpx", b.name, name, w)
		}
		if got := b.js(`[...document.querySelectorAll('.c4-name')].every(e => e.scrollWidth <= e.clientWidth) ? 'ok' : 'cut'`); got != "ok" {
			b.t.Errorf("%s: player names cut at %dpx", b.name, w)
		}
	}
	browsertest.Screenshot(b.t, b.ctx, dir, name)
	b.do(5*time.Second, chromedp.EmulateViewport(1280, 900))
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
	// The board takes the keys as the match starts; the page names the match.
	first.waitJS(5*time.Second, `document.activeElement && document.activeElement.id === 'c4-board'`)
	if got := first.js(`document.title`); !strings.Contains(got, " vs ") || !strings.HasSuffix(got, " · Connect Four · Ladder") {
		t.Errorf("title %q", got)
	}
	firstName := second.text(`#c4-p0 .c4-name`)
	if got := first.text(`#c4-p0 .c4-name`); got != firstName+" (you)" {
		t.Errorf("first player's own name %q, want %q", got, firstName+" (you)")
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
			// The opponent's move is announced, marked and listed.
			if got := second.text(`#c4-announce`); got != firstName+" dropped in column 1" {
				t.Errorf("announcement %q", got)
			}
			if got := second.js(`document.querySelectorAll('#c4-board .c4-cell.last').length + '|' + document.querySelectorAll('#c4-movelist li').length`); got != "1|5" {
				t.Errorf("last-move marks | listed moves = %s, want 1|5", got)
			}
			if got := second.text(`#c4-role`); got != "Playing" {
				t.Errorf("role while playing %q", got)
			}
			second.shotAt(shots, "c4-live-1366.png", 1366, 900, false)
			second.shotAt(shots, "c4-live-390.png", 390, 844, true)
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

	// Words for each viewer; the four stays marked beside the result.
	if got := first.text(`#c4-result-reason`); !strings.Contains(got, "You connected four") {
		t.Errorf("winner's reason %q", got)
	}
	if got := second.text(`#c4-result-reason`); !strings.Contains(got, firstName+" connected four") {
		t.Errorf("loser's reason %q", got)
	}
	for _, p := range players {
		if got := p.js(`document.querySelectorAll('#c4-board .c4-cell.win').length + '|' + document.querySelector('#c4-role').textContent + '|' + document.querySelector('#c4-phase').hidden + '|' + document.querySelector('#c4-live').hidden`); got != "4|You played|false|true" {
			t.Errorf("%s: win cells|role|phase hidden|live hidden = %s", p.name, got)
		}
	}
	first.shotAt(shots, "c4-finished-1366.png", 1366, 900, false)
	first.shotAt(shots, "c4-finished-390.png", 390, 844, true)

	// Replay: the buttons and the arrow keys step through the moves.
	replayAt := func(n int) {
		t.Helper()
		first.waitJS(3*time.Second, fmt.Sprintf(`document.querySelector('#c4-board').dataset.shown === '%d' && document.querySelectorAll('#c4-board .disc').length === %d && document.querySelector('#c4-rp-pos').textContent === 'Move %d of 7'`, n, n, n))
	}
	first.do(5*time.Second, chromedp.Click(`[data-testid="replay-prev"]`))
	replayAt(6)
	if got := first.js(`document.querySelectorAll('#c4-board .c4-cell.win').length + '|' + document.querySelector('#c4-movelist li.current').dataset.move`); got != "0|6" {
		t.Errorf("mid-replay win cells|current move = %s, want 0|6", got)
	}
	first.do(5*time.Second, chromedp.Focus(`#c4-board`), chromedp.KeyEvent(kb.ArrowLeft))
	replayAt(5)
	first.do(5*time.Second, chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowLeft))
	replayAt(3)
	first.shotAt(shots, "c4-replay-1366.png", 1366, 900, false)
	first.shotAt(shots, "c4-replay-390.png", 390, 844, true)
	first.do(5*time.Second, chromedp.Focus(`#c4-board`), chromedp.KeyEvent(kb.ArrowRight))
	replayAt(4)
	first.do(5*time.Second, chromedp.Click(`[data-testid="replay-first"]`))
	replayAt(0)
	first.do(5*time.Second, chromedp.Click(`[data-testid="replay-last"]`))
	replayAt(7)
	if got := first.js(`String(document.querySelectorAll('#c4-board .c4-cell.win').length)`); got != "4" {
		t.Errorf("win cells after the replay: %s", got)
	}
	// The recent matches list refreshes by itself.
	first.waitJS(10*time.Second, `document.querySelectorAll('.c4-recent [data-testid="match-row"]').length === 1 && /Four in a row/.test(document.querySelector('.c4-recent').textContent)`)

	// A spectator of the finished match is told it is over.
	matchID := first.js(`location.hash.slice(1)`)
	spectator := &c4Browser{t: t, name: "spectator", ctx: browsertest.New(t)}
	spectator.do(15*time.Second, chromedp.Navigate(app.URL+"/matches/"+matchID), chromedp.WaitVisible(`[data-testid="result"]`))
	if got := spectator.js(`document.querySelector('#c4-role').textContent + '|' + document.querySelector('#c4-phase').hidden + '|' + document.querySelector('#c4-eyebrow').textContent + '|' + document.querySelector('#c4-result-reason').textContent`); got != "Spectating|false|Ranked Connect Four · Finished · spectating|Four in a row — "+firstName+" connected four." {
		t.Errorf("spectator sees %q", got)
	}
	if got := spectator.js(`document.title`); !strings.HasSuffix(got, " · Connect Four · Ladder") || !strings.Contains(got, firstName) {
		t.Errorf("match page title %q", got)
	}

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

	// The loser offers a rematch; the winner, already queued again, takes
	// it, and both are in a new match.
	second.do(5*time.Second, chromedp.Click(`[data-testid="rematch-offer"]`))
	second.waitJS(5*time.Second, `/Waiting for .* to accept/.test(document.querySelector('#c4-rematch-msg').textContent)`)
	first.do(10*time.Second, chromedp.WaitVisible(`[data-testid="rematch-accept"]`))
	if got := first.text(`#c4-rematch-msg`); !strings.Contains(got, "offers a rematch") {
		t.Errorf("offer reads %q", got)
	}
	first.do(5*time.Second, chromedp.Click(`[data-testid="rematch-accept"]`))
	for _, p := range players {
		p.waitJS(15*time.Second, fmt.Sprintf(`location.hash.length === 37 && location.hash.slice(1) !== %q && !document.querySelector('#c4-arena').hidden && document.querySelectorAll('#c4-board .disc').length === 0 && /turn|Waiting/.test(document.querySelector('#c4-status').textContent)`, matchID))
	}
	if a, b := first.js(`location.hash`), second.js(`location.hash`); a != b {
		t.Errorf("rematch: the two follow %s and %s", a, b)
	}
}
