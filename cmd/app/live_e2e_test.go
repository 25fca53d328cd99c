package main

import (
	"encoding/json"
	"math"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// topMsg is a leaderboard.top message as a client reads it.
type topMsg struct {
	Type    string           `json:"type"`
	Seq     int64            `json:"seq"`
	Total   int64            `json:"total"`
	Resync  bool             `json:"resync"`
	Entries []map[string]any `json:"entries"`
}

// watchBoard opens an anonymous socket on app subscribed to board and
// returns it after the snapshot.
func watchBoard(t *testing.T, base, board string) (*websocket.Conn, topMsg) {
	t.Helper()
	ws := wsDial(t, base, http.Header{"Origin": {base}})
	if err := ws.WriteJSON(map[string]string{"type": "subscribe", "topic": "leaderboard:" + board}); err != nil {
		t.Fatal(err)
	}
	return ws, readTop(t, ws, 5*time.Second)
}

// readTop reads until the next leaderboard.top message.
func readTop(t *testing.T, ws *websocket.Conn, within time.Duration) topMsg {
	t.Helper()
	m := wsExpect(t, ws, "leaderboard.top", within)
	raw, _ := json.Marshal(m)
	var out topMsg
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// apiTop reads the top entries of a board as the API gives them.
func apiTop(t *testing.T, c *client, board string) []map[string]any {
	t.Helper()
	var page struct {
		Entries []map[string]any `json:"entries"`
	}
	c.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+board+"?limit=25", nil).JSON(t, &page)
	return page.Entries
}

// TestLeaderboardCoalescingEndToEnd: 1,000 scores sent to one board as
// fast as the app takes them reach each subscriber as a handful of
// leaderboard.top snapshots (about ten a second), with strictly
// increasing seq, the last equal to what the API answers.
func TestLeaderboardCoalescingEndToEnd(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"SCORE_RATE_LIMIT": "100000"})
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "burst", "title": "Burst"})
	const subscribers, players, perPlayer = 3, 20, 50
	clients := make([]*client, players)
	for i := range clients {
		clients[i], _ = guest(t, app.URL)
	}
	type got struct {
		msgs []topMsg
		err  error
	}
	results := make([]got, subscribers)
	socks := make([]*websocket.Conn, subscribers)
	for i := range socks {
		socks[i], _ = watchBoard(t, app.URL, "burst")
	}
	var readers sync.WaitGroup
	for i, ws := range socks {
		readers.Go(func() {
			for {
				_ = ws.SetReadDeadline(time.Now().Add(2 * time.Second))
				var m topMsg
				if err := ws.ReadJSON(&m); err != nil {
					return // quiet for 2 s (or closed): done
				}
				if m.Type == "leaderboard.top" {
					results[i].msgs = append(results[i].msgs, m)
				}
			}
		})
	}

	start := time.Now()
	var senders sync.WaitGroup
	for p, c := range clients {
		senders.Go(func() {
			for j := range perPlayer {
				// Every score is a new best, so the top changes each time.
				body := map[string]int{"score": j*players + p + 1}
				if r := c.do("POST", "/api/v1/leaderboards/burst/scores", body); r.Status != http.StatusOK {
					t.Errorf("submit: %d %s", r.Status, r.Body)
					return
				}
			}
		})
	}
	senders.Wait()
	elapsed := time.Since(start)
	want := apiTop(t, admin, "burst")
	readers.Wait()

	// ~10 snapshots a second while scores arrive, a couple more at the
	// edges (the one that closes the burst).
	limit := int(math.Ceil(elapsed.Seconds()*10)) + 3
	t.Logf("%d submissions in %v; allowing %d messages per subscriber", players*perPlayer, elapsed.Round(time.Millisecond), limit)
	for i, r := range results {
		n := len(r.msgs)
		t.Logf("subscriber %d: %d leaderboard.top messages", i, n)
		if n == 0 {
			t.Fatalf("subscriber %d got no update", i)
		}
		if n > limit {
			t.Errorf("subscriber %d got %d messages, want at most %d", i, n, limit)
		}
		for k := 1; k < n; k++ {
			if r.msgs[k].Seq <= r.msgs[k-1].Seq {
				t.Errorf("subscriber %d: seq %d after %d", i, r.msgs[k].Seq, r.msgs[k-1].Seq)
			}
		}
		last := r.msgs[n-1]
		if !reflect.DeepEqual(last.Entries, want) {
			t.Errorf("subscriber %d: last snapshot %v\nwant the API's top %v", i, last.Entries, want)
		}
		if last.Total != players {
			t.Errorf("subscriber %d: total %d, want %d", i, last.Total, players)
		}
	}
}

// TestLiveAcrossInstances: a score submitted on instance A reaches a
// spectator on instance B, and the player it overtook gets rank.changed
// on their own signed-in socket (held by B) without subscribing.
func TestLiveAcrossInstances(t *testing.T) {
	a, admin := startAdminApp(t, nil)
	b := startApp(t, map[string]string{"REDIS_URL": a.Env["REDIS_URL"], "REDIS_PREFIX": a.Env["REDIS_PREFIX"]})
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "duo", "title": "Duo"})
	first, s1 := guest(t, a.URL)
	second, s2 := guest(t, a.URL)

	spectator, snap := watchBoard(t, b.URL, "duo")
	if len(snap.Entries) != 0 {
		t.Fatalf("snapshot of an empty board: %v", snap.Entries)
	}
	own := wsDial(t, b.URL, bearer(s1.Token))
	if m := wsExpect(t, own, "subscribed", 5*time.Second); m["topic"] != "player:"+s1.Player.ID {
		t.Fatalf("first message %v, want the player's channel", m)
	}

	first.must(http.StatusOK, "POST", "/api/v1/leaderboards/duo/scores", map[string]int{"score": 100})
	top := readTop(t, spectator, 5*time.Second)
	if len(top.Entries) != 1 || top.Entries[0]["player_id"] != s1.Player.ID || top.Entries[0]["score"] != 100.0 {
		t.Fatalf("spectator on B got %v, want the score sent to A", top.Entries)
	}
	if m := wsExpect(t, own, "rank.changed", 5*time.Second); m["board"] != "duo" || m["rank"] != 1.0 || m["previous_rank"] != nil {
		t.Errorf("own rank.changed %v, want rank 1 from nowhere", m)
	}

	second.must(http.StatusOK, "POST", "/api/v1/leaderboards/duo/scores", map[string]int{"score": 250})
	m := wsExpect(t, own, "rank.changed", 5*time.Second)
	if m["board"] != "duo" || m["rank"] != 2.0 || m["previous_rank"] != 1.0 {
		t.Errorf("overtaken player got %v, want rank 2 from 1", m)
	}
	next := readTop(t, spectator, 5*time.Second)
	if next.Seq <= top.Seq || len(next.Entries) != 2 || next.Entries[0]["player_id"] != s2.Player.ID {
		t.Errorf("second update seq %d (after %d), entries %v", next.Seq, top.Seq, next.Entries)
	}
}

// TestLiveBoardAfterRedisRestart: Redis restarts empty under a running app.
// A spectator's socket stays open and receives a fresh (empty, resync)
// snapshot without reconnecting; the built-in board heals itself, so new
// scores flow again without restarting the app.
func TestLiveBoardAfterRedisRestart(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	play := func() (*client, signedIn) {
		t.Helper()
		c, si := guest(t, app.URL)
		run := startRush(t, c)
		time.Sleep(e2eRound)
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", run.play(5))
		return c, si
	}
	ws, _ := watchBoard(t, app.URL, "target-rush")
	_, before := play()
	top := readTop(t, ws, 5*time.Second)
	if len(top.Entries) != 1 || top.Entries[0]["player_id"] != before.Player.ID {
		t.Fatalf("before the restart: %v", top.Entries)
	}

	srv.Restart(t)
	fresh := readTop(t, ws, 15*time.Second)
	if len(fresh.Entries) != 0 || !fresh.Resync {
		t.Fatalf("after the restart got seq %d resync %v entries %v; want an empty resync snapshot", fresh.Seq, fresh.Resync, fresh.Entries)
	}

	_, after := play()
	next := readTop(t, ws, 5*time.Second)
	if len(next.Entries) != 1 || next.Entries[0]["player_id"] != after.Player.ID {
		t.Fatalf("a score after the restart: %v", next.Entries)
	}
	if next.Seq <= fresh.Seq {
		t.Errorf("seq %d after the resync's %d", next.Seq, fresh.Seq)
	}
}
