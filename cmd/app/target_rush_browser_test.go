package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
	"github.com/ladder/ladder/internal/game/targetrush"
)

type point struct {
	VX float64 `json:"vx"`
	VY float64 `json:"vy"`
}

// step runs one browser action with its own deadline.
func step(t *testing.T, ctx context.Context, d time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// shot saves a full-page PNG (quality 100 makes Chromium encode PNG) to
// dir/name when dir is set.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Error(err)
	}
}

// discard drops an action's result so it can be a step.
func discard[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// TestTargetRushInBrowser plays a (shortened) round as a new guest by
// clicking the targets, then finds the score on the leaderboard page.
func TestTargetRushInBrowser(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")

	step(t, ctx, 15*time.Second, "open the game as a guest",
		chromedp.Navigate(app.URL+"/play/target-rush"),
		chromedp.WaitVisible(`[data-testid="guest-play"]`),
		chromedp.Click(`[data-testid="guest-play"]`),
		chromedp.WaitVisible(`[data-testid="start-button"]`),
		chromedp.Sleep(300*time.Millisecond))
	shot(t, ctx, shots, "target-rush-start.png")
	me := eval[string](t, ctx, `Ladder.playerId()`)
	if me == "" {
		t.Fatal("no player after guest sign-in")
	}

	// A rival starts a round now, to pass the player once theirs is over.
	rival, _ := guest(t, app.URL)
	rivalRun := startRush(t, rival)

	step(t, ctx, 5*time.Second, "start", chromedp.Click(`[data-testid="start-button"]`))
	deadline := time.Now().Add(e2eRound + 15*time.Second)
	clicks, shotMid := 0, false
	for {
		state := eval[string](t, ctx, `__targetRush.state()`)
		if state == "submitting" || state == "over" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("round did not end; state %s", state)
		}
		if state == "playing" {
			ts := eval[[]point](t, ctx, `__targetRush.targets()`)
			if len(ts) > 0 {
				if clicks >= 3 && !shotMid {
					shotMid = true
					shot(t, ctx, shots, "target-rush-mid.png")
				}
				step(t, ctx, 5*time.Second, "click a target", chromedp.MouseClickXY(ts[0].VX, ts[0].VY))
				clicks++
				continue
			}
		}
		time.Sleep(40 * time.Millisecond)
	}
	score := eval[int](t, ctx, `__targetRush.score()`)
	if clicks == 0 || score <= 0 {
		t.Fatalf("clicked %d targets, scored %d", clicks, score)
	}
	step(t, ctx, 15*time.Second, "end screen shows the rank",
		discard(chromedp.Poll[bool](`document.getElementById("tr-rank").textContent.startsWith("#")`)))
	rank := eval[string](t, ctx, `document.getElementById("tr-rank").textContent`)
	pb := eval[string](t, ctx, `document.getElementById("tr-pb").textContent`)
	if rank != "#1" || pb != "New personal best!" {
		t.Errorf("end screen: rank %q, personal best %q (%s)", rank, pb, eval[string](t, ctx, `document.getElementById("tr-msg").textContent`))
	}
	// This round's place, its accuracy and what it takes to pass the next.
	step(t, ctx, 10*time.Second, "round place shows",
		discard(chromedp.Poll[bool](`document.getElementById("tr-place").textContent.startsWith("#") && document.getElementById("tr-next").textContent !== ""`)))
	if got := eval[string](t, ctx, `document.getElementById("tr-place").textContent`); got != "#1" {
		t.Errorf("this round's place %q, want #1", got)
	}
	wantAcc := eval[string](t, ctx, `Math.round(100 * document.getElementById("tr-hits").textContent.replace(/,/g, "") / __targetRush.clicks().length) + "%"`)
	if got := eval[string](t, ctx, `document.getElementById("tr-accuracy").textContent`); got != wantAcc || got == "0%" {
		t.Errorf("accuracy %q, want %q", got, wantAcc)
	}
	if got := eval[string](t, ctx, `document.getElementById("tr-next").textContent`); got != "You are top of the all-time board." {
		t.Errorf("next-player line %q", got)
	}
	// The server replayed the page's click log to the score the page showed.
	anon := newClient(t, app.URL)
	for _, board := range []string{"target-rush", "target-rush-weekly"} {
		st := anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+board+"/players/"+me, nil).Map(t)
		if st["score"] != float64(score) {
			t.Errorf("%s holds %v for the player, the page showed %d", board, st["score"], score)
		}
	}
	// And so does Go's replay of it (a click after the bell is not logged).
	var played struct {
		Seed   uint32             `json:"seed"`
		Clicks []targetrush.Click `json:"clicks"`
	}
	played.Seed = eval[uint32](t, ctx, `__targetRush.seed()`)
	played.Clicks = eval[[]targetrush.Click](t, ctx, `__targetRush.clicks()`)
	res := targetrush.Replay(targetrush.Targets(played.Seed, int(e2eRound.Milliseconds())), played.Clicks)
	if res.Score != score || len(played.Clicks) == 0 || len(played.Clicks) > clicks {
		t.Errorf("the page's log of %d clicks (%d made) replays to %+v, the page showed %d", len(played.Clicks), clicks, res, score)
	}
	// The count-up ends on the score (a busy machine slows its frames).
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_, err := chromedp.Run(sctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('[data-testid="final-score"]').textContent === %q`, thousandsStr(score))))
	cancel()
	if err != nil {
		t.Errorf("final score shows %q, want %s", eval[string](t, ctx, `document.querySelector('[data-testid="final-score"]').textContent`), thousandsStr(score))
	}
	shot(t, ctx, shots, "target-rush-end.png")

	// The rival, hitting every target as it appears, passes the player:
	// the end screen says so, live.
	sharp := rivalRun.play(-1)
	if sharp["score"].(int) <= score {
		t.Fatalf("a perfect round scores %v, the page %d", sharp["score"], score)
	}
	rival.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", sharp)
	step(t, ctx, 10*time.Second, "the rank drops live",
		discard(chromedp.Poll[bool](`document.getElementById("tr-rank").textContent === "#2"`)))
	if got := eval[string](t, ctx, `document.querySelector('[data-testid="rank-change"]').textContent`); !strings.Contains(got, "You dropped to #2") {
		t.Errorf("rank change note %q", got)
	}
	time.Sleep(400 * time.Millisecond) // the note fades in
	shot(t, ctx, shots, "target-rush-end-rank-drop-desktop.png")
	for _, w := range phoneWidths {
		step(t, ctx, 5*time.Second, "phone", chromedp.EmulateViewport(w, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile), chromedp.Sleep(300*time.Millisecond))
		// The end card's buttons sit inside the playing field, reachable
		// (the overlay scrolls when the card is taller than the field).
		fits := eval[bool](t, ctx, `(function () {
			var o = document.getElementById("tr-end"), b = document.querySelector("[data-testid=see-board]");
			b.scrollIntoView({block: "nearest"});
			var ro = o.getBoundingClientRect(), rb = b.getBoundingClientRect();
			return rb.left >= ro.left && rb.right <= ro.right && rb.top >= ro.top - 1 && rb.bottom <= ro.bottom + 1 && document.documentElement.scrollWidth <= window.screen.width;
		})()`)
		if !fits {
			t.Errorf("at %d px the end card's Leaderboard button is clipped or the page overflows", w)
		}
	}
	shot(t, ctx, shots, "target-rush-end-rank-drop-phone.png")
	step(t, ctx, 5*time.Second, "desktop", chromedp.EmulateViewport(1280, 900))

	step(t, ctx, 15*time.Second, "open the board",
		chromedp.Click(`[data-testid="see-board"]`),
		chromedp.WaitVisible(`#board-rows`))
	row := eval[string](t, ctx, fmt.Sprintf(`(function(){var r=document.querySelector('#board-rows tr[data-player-id="%s"]');return r?r.className+"|"+r.querySelector('[data-testid="row-score"]').textContent:""})()`, me))
	if !strings.Contains(row, "me") || !strings.HasSuffix(row, "|"+thousandsStr(score)) {
		t.Errorf("own row on the board = %q, want highlighted with %s", row, thousandsStr(score))
	}
	if got := eval[string](t, ctx, `document.querySelector('[data-testid="my-rank"]').textContent`); got != "#2" {
		t.Errorf("around me rank = %q", got)
	}
}

func thousandsStr(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestLeaderboardScreenshots fills a board with 50 players and saves
// screenshots of the pages on a desktop and a phone. It runs only when
// SCREENSHOT_DIR is set, and still checks what it shows.
func TestLeaderboardScreenshots(t *testing.T) {
	shots := os.Getenv("SCREENSHOT_DIR")
	if shots == "" {
		t.Skip("set SCREENSHOT_DIR to take screenshots")
	}
	app, _ := startRedisApp(t, nil)
	var mu sync.Mutex
	var players []*client
	var runs []rushRun
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			c, _ := guest(t, app.URL)
			run := startRush(t, c)
			mu.Lock()
			players = append(players, c)
			runs = append(runs, run)
			mu.Unlock()
		})
	}
	wg.Wait()
	time.Sleep(e2eRound)
	for i, c := range players {
		body := runs[i].play(i % 9)
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", body)
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush-weekly/scores", body)
	}
	ctx := browsertest.New(t)
	// Sign the browser in as one of the players (the 30th) to show its row.
	you := players[29]
	step(t, ctx, 10*time.Second, "sign in", chromedp.Navigate(app.URL+"/healthz"),
		discard(chromedp.Evaluate[string](fmt.Sprintf(`document.cookie = "ladder_session=%s; path=/"`, you.Token))))
	pages := []struct{ path, name string }{
		{"/leaderboards/target-rush-weekly", "board-50"},
		{"/leaderboards/target-rush?page=2", "board-50-page2"},
		{"/leaderboards", "boards-index"},
		{"/play/target-rush", "target-rush-start-signed-in"},
	}
	for _, vp := range []struct {
		name string
		w, h int64
		mob  bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{}
		if vp.mob {
			opts = append(opts, chromedp.EmulateScale(2))
		}
		step(t, ctx, 5*time.Second, "viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...))
		for _, pg := range pages {
			step(t, ctx, 15*time.Second, "open "+pg.path, chromedp.Navigate(app.URL+pg.path), chromedp.Sleep(400*time.Millisecond))
			shot(t, ctx, shots, pg.name+"-"+vp.name+".png")
		}
		me := eval[string](t, ctx, `Ladder.playerId()`)
		step(t, ctx, 15*time.Second, "profile", chromedp.Navigate(app.URL+"/players/"+me), chromedp.Sleep(300*time.Millisecond))
		shot(t, ctx, shots, "profile-"+vp.name+".png")
	}
	step(t, ctx, 15*time.Second, "board", chromedp.Navigate(app.URL+"/leaderboards/target-rush-weekly"))
	if n := eval[int](t, ctx, `document.querySelectorAll('#board-rows tr').length`); n != 25 {
		t.Errorf("first page has %d rows, want 25", n)
	}
}

// rushVectors is the file of rounds both the Go rules and the page's rules
// must reproduce (internal/game/targetrush checks the Go side).
const rushVectors = "../../internal/game/targetrush/testdata/vectors.json"

// TestTargetRushRulesInBrowser runs the page's own rules (the generator
// and the replay the game plays by) on every shared vector: the same PRNG
// outputs, the same targets, the same result for the same click log as
// the server's.
func TestTargetRushRulesInBrowser(t *testing.T) {
	raw, err := os.ReadFile(rushVectors)
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Seed    uint32              `json:"seed"`
		RoundMS int                 `json:"round_ms"`
		RNG     []uint32            `json:"rng"`
		Targets []targetrush.Target `json:"targets"`
		Clicks  []targetrush.Click  `json:"clicks"`
		Result  targetrush.Result   `json:"result"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil || len(vectors) < 5 {
		t.Fatalf("%d vectors: %v", len(vectors), err)
	}
	app, _ := startRedisApp(t, nil)
	ctx := browsertest.New(t)
	step(t, ctx, 15*time.Second, "open the game", chromedp.Navigate(app.URL+"/play/target-rush"),
		chromedp.WaitVisible(`[data-testid="target-rush"]`))
	type answer struct {
		RNG     []uint32            `json:"rng"`
		Targets []targetrush.Target `json:"targets"`
		Result  targetrush.Result   `json:"result"`
	}
	for _, v := range vectors {
		clicks, _ := json.Marshal(v.Clicks)
		got := eval[answer](t, ctx, fmt.Sprintf(`(function () {
			var R = window.TargetRushRules, next = R.rng(%d), rng = [];
			for (var i = 0; i < %d; i++) rng.push(next());
			var targets = R.targets(%d, %d);
			return { rng: rng, targets: targets, result: R.replay(targets, %s) };
		})()`, v.Seed, len(v.RNG), v.Seed, v.RoundMS, clicks))
		if !slices.Equal(got.RNG, v.RNG) {
			t.Errorf("seed %d: the page's PRNG gives %v, Go %v", v.Seed, got.RNG, v.RNG)
		}
		if !slices.Equal(got.Targets, v.Targets) {
			t.Errorf("seed %d: the page makes %d targets, Go %d; first page %v, Go %v",
				v.Seed, len(got.Targets), len(v.Targets), got.Targets[:min(2, len(got.Targets))], v.Targets[:min(2, len(v.Targets))])
		}
		if got.Result != v.Result {
			t.Errorf("seed %d: the page replays the log to %+v, Go to %+v", v.Seed, got.Result, v.Result)
		}
	}
}
