package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// waitMatched polls the ticket until it is matched and returns the match id.
func waitMatched(t *testing.T, c *client, ticket string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var v struct {
			Status  string `json:"status"`
			MatchID string `json:"match_id"`
		}
		c.must(http.StatusOK, "GET", "/api/v1/matchmaking/tickets/"+ticket, nil).JSON(t, &v)
		if v.Status == "matched" {
			return v.MatchID
		}
		if v.Status != "waiting" {
			t.Fatalf("ticket status %q", v.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("ticket not matched within 10s")
	return ""
}

type matchJSON struct {
	ID      string   `json:"id"`
	Mode    string   `json:"mode"`
	Players []string `json:"players"`
	Board   [][]int  `json:"board"`
	Turn    *string  `json:"turn"`
	Status  string   `json:"status"`
	Result  *struct {
		Winner *string `json:"winner"`
		Reason string  `json:"reason"`
	} `json:"result"`
	Moves         []int   `json:"moves"`
	Deadline      *string `json:"deadline"`
	RatingChanges map[string]struct {
		Before, After, Delta int
	} `json:"rating_changes"`
}

func TestConnect4API(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, sa := guest(t, app.URL)
	b, sb := guest(t, app.URL)
	stranger, _ := guest(t, app.URL)

	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/matchmaking/connect4/tickets", nil)
	a.must(http.StatusNotFound, "POST", "/api/v1/matchmaking/chess/tickets", nil)
	var ta struct {
		TicketID string `json:"ticket_id"`
	}
	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	if r := a.must(http.StatusConflict, "POST", "/api/v1/matchmaking/connect4/tickets", nil); r.ErrorCode() != "conflict" {
		t.Errorf("double queue error = %s", r.Body)
	}
	stranger.must(http.StatusNotFound, "DELETE", "/api/v1/matchmaking/tickets/"+ta.TicketID, nil)
	stranger.must(http.StatusNotFound, "GET", "/api/v1/matchmaking/tickets/"+ta.TicketID, nil)
	a.must(http.StatusNotFound, "DELETE", "/api/v1/matchmaking/tickets/00000000-0000-0000-0000-000000000000", nil)
	a.must(http.StatusNoContent, "DELETE", "/api/v1/matchmaking/tickets/"+ta.TicketID, nil)
	a.must(http.StatusNotFound, "DELETE", "/api/v1/matchmaking/tickets/"+ta.TicketID, nil)

	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	var tb struct {
		TicketID string `json:"ticket_id"`
	}
	b.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
	id := waitMatched(t, a, ta.TicketID)
	if got := waitMatched(t, b, tb.TicketID); got != id {
		t.Fatalf("players matched into %s and %s", id, got)
	}
	a.must(http.StatusConflict, "POST", "/api/v1/matchmaking/connect4/tickets", nil)

	var m matchJSON
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(t, &m)
	if m.ID != id || m.Mode != "connect4" || len(m.Players) != 2 || len(m.Board) != 6 || len(m.Board[0]) != 7 ||
		m.Turn == nil || m.Status != "playing" || m.Result != nil || len(m.Moves) != 0 || m.Deadline == nil {
		t.Fatalf("new match = %+v", m)
	}
	first, second := a, b
	if m.Players[0] == sb.Player.ID {
		first, second = b, a
	}
	if *m.Turn != m.Players[0] {
		t.Errorf("turn = %s, want the first player", *m.Turn)
	}
	moves := "/api/v1/matches/" + id + "/moves"
	for _, bad := range []string{`{"column":7}`, `{"column":-1}`, `{"column":"3"}`, `{"column":1.5}`, `{}`, `{"column":3,"x":1}`, `nope`} {
		if r := first.do("POST", moves, bad); r.Status != http.StatusBadRequest {
			t.Errorf("move %s: status %d, want 400 (%s)", bad, r.Status, r.Body)
		}
	}
	stranger.must(http.StatusForbidden, "POST", moves, map[string]int{"column": 3})
	second.must(http.StatusConflict, "POST", moves, map[string]int{"column": 3})
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", moves, map[string]int{"column": 3})
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/matches/nope", nil)

	first.must(http.StatusOK, "POST", moves, map[string]int{"column": 3}).JSON(t, &m)
	if len(m.Moves) != 1 || m.Board[5][3] != 1 || *m.Turn != m.Players[1] {
		t.Errorf("after a move: %+v", m)
	}
	second.must(http.StatusOK, "POST", "/api/v1/matches/"+id+"/resign", nil).JSON(t, &m)
	winner := m.Players[0]
	if m.Status != "finished" || m.Result == nil || m.Result.Reason != "resign" || *m.Result.Winner != winner || m.Turn != nil {
		t.Fatalf("after resign: %+v", m)
	}
	if rc := m.RatingChanges[winner]; rc.Delta <= 0 || rc.After != rc.Before+rc.Delta {
		t.Errorf("rating change of the winner = %+v", rc)
	}
	first.must(http.StatusConflict, "POST", moves, map[string]int{"column": 3})
	first.must(http.StatusConflict, "POST", "/api/v1/matches/"+id+"/resign", nil)

	var me struct {
		Ratings map[string]struct {
			Rating float64 `json:"rating"`
			Games  int     `json:"games"`
		} `json:"ratings"`
	}
	first.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &me)
	if r := me.Ratings["connect4"]; r.Games != 1 || r.Rating <= 1500 {
		t.Errorf("winner's rating after the match = %+v", r)
	}
	// Free to queue again once the match is over.
	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil)

	// The spectator page and the play page render.
	page := newClient(t, app.URL).must(http.StatusOK, "GET", "/matches/"+id, nil)
	if !strings.Contains(string(page.Body), `data-mode="watch"`) || !strings.Contains(string(page.Body), sa.Player.DisplayName) {
		t.Errorf("spectator page lacks the board or the names")
	}
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/matches/nope", nil)
	if r := first.must(http.StatusOK, "GET", "/play/connect4", nil); !strings.Contains(string(r.Body), `data-testid="recent-matches"`) {
		t.Errorf("play page lacks the recent matches")
	}

	metrics := newClient(t, app.URL).must(http.StatusOK, "GET", "/metrics", nil)
	for _, want := range []string{"ladder_matchmaking_queue_length", "ladder_matchmaking_rating_gap"} {
		if !contains(string(metrics.Body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}
