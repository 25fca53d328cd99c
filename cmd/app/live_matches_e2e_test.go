package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

type liveList struct {
	Matches []struct {
		ID      string `json:"id"`
		Mode    string `json:"mode"`
		Players []struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
			Rating      int    `json:"rating"`
		} `json:"players"`
		Moves      int       `json:"moves"`
		Spectators int       `json:"spectators"`
		StartedAt  time.Time `json:"started_at"`
	} `json:"matches"`
	Total int64 `json:"total"`
}

// startMatch queues a and b and returns the match they get.
func startMatch(t *testing.T, a, b *client) matchJSON {
	t.Helper()
	var ta, tb struct {
		TicketID string `json:"ticket_id"`
	}
	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	b.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
	id := waitMatched(t, a, ta.TicketID)
	waitMatched(t, b, tb.TicketID)
	var m matchJSON
	a.must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(t, &m)
	return m
}

// waitSpectators polls the list until the match has want spectators.
func waitSpectators(t *testing.T, c *client, id string, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	got := -1
	for time.Now().Before(deadline) {
		var l liveList
		c.must(http.StatusOK, "GET", "/api/v1/matches?status=playing", nil).JSON(t, &l)
		for _, m := range l.Matches {
			if m.ID == id {
				got = m.Spectators
			}
		}
		if got == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("spectators %d, want %d", got, want)
}

func subscribe(t *testing.T, ws *websocket.Conn, topic string) {
	t.Helper()
	if err := ws.WriteJSON(map[string]string{"type": "subscribe", "topic": topic}); err != nil {
		t.Fatal(err)
	}
	wsExpect(t, ws, "subscribed", 5*time.Second)
}

// TestLiveMatchesAcrossInstances: two instances share one Redis; the list
// of matches in play, its live topic and the spectator counts (sockets on
// either instance, the players' own left out) agree on both.
func TestLiveMatchesAcrossInstances(t *testing.T) {
	one, srv := startRedisApp(t, nil)
	two := startApp(t, map[string]string{"REDIS_URL": srv.URL(), "REDIS_PREFIX": one.Env["REDIS_PREFIX"]})
	anon := newClient(t, two.URL)

	// Bad requests are refused.
	for _, q := range []string{"status=finished", "status=", "offset=-1", "offset=x", "limit=0", "limit=101", "limit=ten"} {
		r := anon.do("GET", "/api/v1/matches?"+q, nil)
		if q == "status=" {
			if r.Status != http.StatusOK {
				t.Errorf("%s: status %d, want 200", q, r.Status)
			}
			continue
		}
		if r.Status != http.StatusBadRequest || r.ErrorCode() == "" {
			t.Errorf("%s: status %d %s, want 400 with an error", q, r.Status, r.Body)
		}
	}
	var empty liveList
	anon.must(http.StatusOK, "GET", "/api/v1/matches?status=playing", nil).JSON(t, &empty)
	if empty.Total != 0 || len(empty.Matches) != 0 {
		t.Fatalf("before any match: %+v", empty)
	}

	// A list watcher on instance one.
	lister := wsDial(t, one.URL, nil)
	subscribe(t, lister, "matches")
	if m := wsExpect(t, lister, "matches.live", 5*time.Second); m["total"] != float64(0) {
		t.Fatalf("first matches.live %v", m)
	}

	a, sa := guest(t, one.URL)
	b, sb := guest(t, one.URL)
	m := startMatch(t, a, b)
	var l liveList
	anon.must(http.StatusOK, "GET", "/api/v1/matches?status=playing&offset=0&limit=10", nil).JSON(t, &l)
	if l.Total != 1 || len(l.Matches) != 1 {
		t.Fatalf("list %+v", l)
	}
	lm := l.Matches[0]
	names := map[string]string{sa.Player.ID: sa.Player.DisplayName, sb.Player.ID: sb.Player.DisplayName}
	if lm.ID != m.ID || lm.Mode != "connect4" || lm.Moves != 0 || lm.Spectators != 0 || len(lm.Players) != 2 ||
		time.Since(lm.StartedAt) > time.Minute {
		t.Fatalf("match %+v", lm)
	}
	for i, p := range lm.Players {
		if p.ID != m.Players[i] || p.DisplayName != names[p.ID] || p.Rating != 1500 {
			t.Errorf("player %d: %+v", i, p)
		}
	}
	var page liveList
	anon.must(http.StatusOK, "GET", "/api/v1/matches?offset=1", nil).JSON(t, &page)
	if page.Total != 1 || len(page.Matches) != 0 {
		t.Errorf("offset 1: %+v", page)
	}
	for {
		if got := wsExpect(t, lister, "matches.live", 5*time.Second); got["total"] == float64(1) {
			break
		}
	}

	// Two anonymous spectators on one, one on two, and a signed-in viewer
	// with two tabs on two; the players' own sockets do not count.
	for _, base := range []string{one.URL, one.URL, two.URL} {
		subscribe(t, wsDial(t, base, nil), "match:"+m.ID)
	}
	_, sc := guest(t, one.URL)
	for range 2 {
		subscribe(t, wsDial(t, two.URL, bearer(sc.Token)), "match:"+m.ID)
	}
	player := wsDial(t, one.URL, bearer(sa.Token))
	subscribe(t, player, "match:"+m.ID)
	late := wsDial(t, two.URL, nil)
	subscribe(t, late, "match:"+m.ID)
	waitSpectators(t, anon, m.ID, 5)
	_ = late.Close()
	waitSpectators(t, anon, m.ID, 4)

	// match.state carries the count; the list follows the move.
	byID := map[string]*client{sa.Player.ID: a, sb.Player.ID: b}
	byID[*m.Turn].must(http.StatusOK, "POST", "/api/v1/matches/"+m.ID+"/moves", map[string]int{"column": 3})
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := wsExpect(t, player, "match.state", 5*time.Second)
		if st["seq"] == float64(1) && st["spectators"] == float64(4) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("match.state %v", st)
		}
	}
	for {
		got := wsExpect(t, lister, "matches.live", 5*time.Second)
		ms, _ := got["matches"].([]any)
		if len(ms) == 1 && fmt.Sprint(ms[0].(map[string]any)["moves"]) == "1" &&
			fmt.Sprint(ms[0].(map[string]any)["spectators"]) == "4" {
			break
		}
	}

	// Pages show it: the live page and home list the match with a Watch
	// link, each player's profile says they are playing now.
	for _, path := range []string{"/live", "/"} {
		body := string(anon.must(http.StatusOK, "GET", path, nil).Body)
		if !strings.Contains(body, `href="/matches/`+m.ID+`"`) {
			t.Errorf("%s has no Watch link to the match", path)
		}
	}
	prof := string(anon.must(http.StatusOK, "GET", "/players/"+sa.Player.ID, nil).Body)
	if !strings.Contains(prof, `data-testid="playing-now"`) || !strings.Contains(prof, "/matches/"+m.ID) {
		t.Errorf("profile does not say the player is playing now")
	}

	// An instance that goes away takes its viewers with it: one anonymous
	// and the signed-in viewer were on two.
	two.Stop(t)
	anon = newClient(t, one.URL)
	waitSpectators(t, anon, m.ID, 2)

	// Once it is over the match leaves the list.
	a.must(http.StatusOK, "POST", "/api/v1/matches/"+m.ID+"/resign", map[string]any{})
	for {
		if got := wsExpect(t, lister, "matches.live", 5*time.Second); got["total"] == float64(0) {
			break
		}
	}
	anon.must(http.StatusOK, "GET", "/api/v1/matches", nil).JSON(t, &l)
	if l.Total != 0 || len(l.Matches) != 0 {
		t.Errorf("after the end: %+v", l)
	}
	prof = string(anon.must(http.StatusOK, "GET", "/players/"+sa.Player.ID, nil).Body)
	if strings.Contains(prof, `data-testid="playing-now"`) {
		t.Errorf("profile still says playing now")
	}
}
