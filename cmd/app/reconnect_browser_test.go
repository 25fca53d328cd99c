package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// boardShownJS is what a board page shows: its rows (rank, player, name,
// score), its total and, signed in, the viewer's rank.
const boardShownJS = `(function () {
	var rows = Array.from(document.querySelectorAll("#board-rows tr")).map(function (r) {
		return r.dataset.rank + " " + r.dataset.playerId + " " + r.querySelector(".lb-name a").textContent + " " + r.querySelector("[data-testid=row-score]").textContent;
	});
	var me = document.querySelector("[data-testid=my-rank]");
	return rows.join("\n") + "\ntotal " + document.querySelector("[data-testid=board-total]").textContent + "\nme " + (me ? me.textContent : "");
})()`

// liveShownJS is what /live lists: each match and its move count.
const liveShownJS = `Array.from(document.querySelectorAll("[data-testid=live-match]")).map(function (li) {
	return li.dataset.matchId + " " + li.querySelector("[data-testid=live-moves]").textContent;
}).sort().join("\n")`

// matchShownJS is a match page's grid, row 0 at the top, and its move list.
const matchShownJS = `(function () {
	var out = [];
	for (var r = 0; r < 6; r++) {
		var row = "";
		for (var c = 0; c < 7; c++) {
			var d = document.querySelectorAll("[data-testid=col-" + c + "] .c4-cell")[r].firstChild;
			row += d.classList.contains("p1") ? "1" : d.classList.contains("p2") ? "2" : "0";
		}
		out.push(row);
	}
	return out.join("\n") + "\nmoves " + document.querySelectorAll("[data-testid=move-list] li").length;
})()`

// TestLivePagesAfterReconnect: pages on an instance that goes away and
// comes back show, once their socket is back, exactly what the API says —
// whatever changed meanwhile on another instance. A board page (delta
// subscription) and its second page, and the delta-free pages: the live
// matches list and a match being watched.
func TestLivePagesAfterReconnect(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"TURN_TIMEOUT": "10m"})
	envB := maps.Clone(app.Env)
	delete(envB, "ADDR")
	other := startApp(t, envB)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	score := func(c *client, n int) {
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": n})
	}
	// via is the same player talking to the other instance.
	via := func(c *client) *client { cc := *c; cc.base = other.URL; return &cc }

	// Thirty players, two pages; the viewer in the middle of the first.
	var players []*client
	var ids []string
	for i := range 30 {
		c, si := guest(t, app.URL)
		score(c, 1000-10*i)
		players, ids = append(players, c), append(ids, si.Player.ID)
	}
	viewer, sv := guest(t, app.URL)
	score(viewer, 855)
	var duel [6]*client
	byID := map[string]*client{}
	for i := range duel {
		var si signedIn
		duel[i], si = guest(t, app.URL)
		byID[si.Player.ID] = duel[i]
	}
	watched := startMatch(t, duel[0], duel[1])
	resigned := startMatch(t, duel[2], duel[3])

	ctx := browsertest.New(t)
	signInAs(t, ctx, app, viewer.Token)
	tab := func(path, ready string) context.Context {
		tctx, cancel := chromedp.NewContext(ctx)
		t.Cleanup(cancel)
		// The tab lives as long as the context of its first run: one with
		// no deadline.
		if err := chromedp.Do(tctx); err != nil {
			t.Fatalf("open a tab: %v", err)
		}
		browserStep(t, tctx, app, "open "+path, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(ready))
		evalUntil(t, tctx, path+" live", `Ladder.live.status()`, "open", 10*time.Second)
		return tctx
	}
	boardTab := tab("/leaderboards/arena", "#board-rows tr.me")
	page2Tab := tab("/leaderboards/arena?page=2", "#board-rows tr")
	liveTab := tab("/live", `[data-testid=live-match]`)
	matchTab := tab("/matches/"+watched.ID, `[data-testid=board]`)

	// The instance the pages are on goes away.
	app.Stop(t)
	for _, tc := range []context.Context{boardTab, page2Tab, liveTab, matchTab} {
		evalUntil(t, tc, "socket down", `String(Ladder.live.status() !== "open")`, "true", 10*time.Second)
	}

	// Meanwhile, on the other instance: the last player jumps to the top
	// from page 2, a newcomer arrives, a record is removed, a player is
	// renamed, one banned, the viewer climbs; the watched match moves on,
	// another ends and a new one starts.
	otherAdmin := via(admin)
	score(via(players[29]), 5000)
	newcomer, _ := guest(t, other.URL)
	score(newcomer, 995)
	otherAdmin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/leaderboards/arena/records/"+ids[0], nil)
	via(players[3]).must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Renamed While Away"})
	otherAdmin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+ids[5]+"/ban", map[string]string{"reason": "botting"})
	score(via(viewer), 985)
	turn := *watched.Turn
	for _, col := range []int{3, 4, 3} {
		var s matchJSON
		via(byID[turn]).must(http.StatusOK, "POST", "/api/v1/matches/"+watched.ID+"/moves", map[string]int{"column": col}).JSON(t, &s)
		turn = *s.Turn
	}
	via(duel[2]).must(http.StatusOK, "POST", "/api/v1/matches/"+resigned.ID+"/resign", nil)
	started := startMatch(t, via(duel[4]), via(duel[5]))

	// The instance comes back where it was; the pages find it by themselves.
	startApp(t, app.Env)
	anon := newClient(t, other.URL)
	wantBoard := func(offset int) string {
		var p boardPage
		anon.must(http.StatusOK, "GET", fmt.Sprintf("/api/v1/leaderboards/arena?offset=%d&limit=25", offset), nil).JSON(t, &p)
		var rows []string
		for _, e := range p.Entries {
			rows = append(rows, fmt.Sprintf("%d %s %s %s", e.Rank, e.PlayerID, e.DisplayName, thousandsStr(int(e.Score))))
		}
		var me struct {
			Rank int `json:"rank"`
		}
		anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/arena/players/"+sv.Player.ID, nil).JSON(t, &me)
		return strings.Join(rows, "\n") + fmt.Sprintf("\ntotal %d\nme #%d", p.Total, me.Rank)
	}
	var l liveList
	anon.must(http.StatusOK, "GET", "/api/v1/matches?status=playing", nil).JSON(t, &l)
	var live []string
	for _, m := range l.Matches {
		live = append(live, m.ID+" "+movesWord(m.Moves))
	}
	slices.Sort(live)
	var ms matchJSON
	anon.must(http.StatusOK, "GET", "/api/v1/matches/"+watched.ID, nil).JSON(t, &ms)
	var grid []string
	for _, row := range ms.Board {
		grid = append(grid, strings.Trim(strings.Join(strings.Fields(fmt.Sprint(row)), ""), "[]"))
	}
	wantMatch := strings.Join(grid, "\n") + fmt.Sprintf("\nmoves %d", len(ms.Moves))
	if len(l.Matches) != 2 || !strings.Contains(strings.Join(live, " "), started.ID) || len(ms.Moves) != 3 {
		t.Fatalf("the changes did not all land: live %v, moves %v", live, ms.Moves)
	}

	for _, c := range []struct {
		name string
		ctx  context.Context
		js   string
		want string
	}{
		{"board page", boardTab, boardShownJS, wantBoard(0)},
		{"board page 2", page2Tab, boardShownJS, wantBoard(25)},
		{"live matches", liveTab, liveShownJS, strings.Join(live, "\n")},
		{"watched match", matchTab, matchShownJS, wantMatch},
	} {
		evalUntil(t, c.ctx, c.name+" reconnects", `Ladder.live.status()`, "open", 20*time.Second)
		if got, ok := evalFor(t, c.ctx, c.js, c.want, 10*time.Second); !ok {
			t.Errorf("%s after the reconnect shows\n%s\nthe API says\n%s", c.name, got, c.want)
		}
	}
	shotPhone(t, boardTab, app, "board-after-reconnect")
}

// evalFor evaluates js in the page until it gives want or within passes,
// and returns what it gave last. It polls from Go: a tab in the background
// runs no animation frames, which chromedp's own polling waits on.
func evalFor(t *testing.T, ctx context.Context, js, want string, within time.Duration) (string, bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := eval[string](t, ctx, js)
		if got == want {
			return got, true
		}
		if time.Now().After(deadline) {
			return got, false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// evalUntil is evalFor that ends the test when want does not come.
func evalUntil(t *testing.T, ctx context.Context, what, js, want string, within time.Duration) {
	t.Helper()
	if got, ok := evalFor(t, ctx, js, want, within); !ok {
		t.Fatalf("%s: %s gives %q, want %q", what, js, got, want)
	}
}

// movesWord is how the live list says a move count.
func movesWord(n int) string {
	switch n {
	case 0:
		return "no moves yet"
	case 1:
		return "1 move"
	}
	return fmt.Sprintf("%d moves", n)
}
