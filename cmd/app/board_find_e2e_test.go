package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// foundJSON is the answer of GET /leaderboards/{id}/find.
type foundJSON struct {
	Players []struct {
		PlayerID    string  `json:"player_id"`
		Username    string  `json:"username"`
		DisplayName string  `json:"display_name"`
		Rank        int64   `json:"rank"`
		Score       int64   `json:"score"`
		Percentile  float64 `json:"percentile"`
		Total       int64   `json:"total"`
	} `json:"players"`
}

// TestBoardFindByDisplayName: a board's find matches the start of a
// display name as well as a username, ignoring case; many players off the
// board who share the prefix do not hide the ones on it; the best placed
// five come first; a rename moves the match to the new name, a ban hides
// the player; bad input is a 400 and an unknown board a 404.
func TestBoardFindByDisplayName(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	anon := newClient(t, app.URL)
	find := func(q, period string) foundJSON {
		t.Helper()
		var out foundJSON
		anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/arena/find?q="+url.QueryEscape(q)+"&period="+period, nil).JSON(t, &out)
		return out
	}
	named := func(name string) (*client, string) {
		t.Helper()
		c, si := guest(t, app.URL)
		c.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": name})
		return c, si.Player.ID
	}
	// Thirty players called "Nova …" who never scored here: more than the
	// admin search's first page.
	for i := range 30 {
		named(fmt.Sprintf("Nova Crowd %02d", i))
	}
	// Seven on the board, the best placed with the highest number.
	var onBoard []string
	var clients []*client
	for i := range 7 {
		c, id := named(fmt.Sprintf("Nova Star %d", i))
		c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": 100 + 10*i})
		onBoard = append(onBoard, id)
		clients = append(clients, c)
	}

	got := find("nOVA", "current")
	var ranks, ids []string
	for _, p := range got.Players {
		ranks = append(ranks, fmt.Sprint(p.Rank))
		ids = append(ids, p.PlayerID)
	}
	if want := "1,2,3,4,5"; strings.Join(ranks, ",") != want {
		t.Fatalf("ranks found %v, want %s", ranks, want)
	}
	if want := []string{onBoard[6], onBoard[5], onBoard[4], onBoard[3], onBoard[2]}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("found %v, want %v", ids, want)
	}
	first := got.Players[0]
	if first.DisplayName != "Nova Star 6" || !strings.HasPrefix(first.Username, "guest-") || first.Score != 160 || first.Total != 7 {
		t.Errorf("first found %+v", first)
	}

	// A whole display name, a username and a miss.
	if got := find("nova star 1", "current"); len(got.Players) != 1 || got.Players[0].PlayerID != onBoard[1] || got.Players[0].Rank != 6 {
		t.Errorf("find \"nova star 1\" = %+v", got.Players)
	}
	if got := find(first.Username, "current"); len(got.Players) != 1 || got.Players[0].PlayerID != onBoard[6] {
		t.Errorf("find by username = %+v", got.Players)
	}
	if got := find("Nova Crowd", "current"); len(got.Players) != 0 {
		t.Errorf("players off the board found: %+v", got.Players)
	}
	if got := find("nova", "previous"); len(got.Players) != 0 {
		t.Errorf("a board never reset has no previous period, found %+v", got.Players)
	}

	// A rename: the new name finds the player, the old one no longer does.
	clients[6].must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Orion"})
	if got := find("orion", "current"); len(got.Players) != 1 || got.Players[0].PlayerID != onBoard[6] || got.Players[0].DisplayName != "Orion" {
		t.Errorf("find the new name = %+v", got.Players)
	}
	if got := find("Nova Star 6", "current"); len(got.Players) != 0 {
		t.Errorf("the old name still finds %+v", got.Players)
	}

	// A banned player is not found.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+onBoard[5]+"/ban", map[string]string{"reason": "botting"})
	if got := find("nova star 5", "current"); len(got.Players) != 0 {
		t.Errorf("a banned player found: %+v", got.Players)
	}

	// Bad input changes nothing and says why.
	for _, path := range []string{
		"/api/v1/leaderboards/arena/find",
		"/api/v1/leaderboards/arena/find?q=" + url.QueryEscape("   "),
		"/api/v1/leaderboards/arena/find?q=" + strings.Repeat("n", 33),
		"/api/v1/leaderboards/arena/find?q=nova&period=later",
	} {
		if code := anon.must(http.StatusBadRequest, "GET", path, nil).ErrorCode(); code != "invalid" {
			t.Errorf("%s: code %q, want invalid", path, code)
		}
	}
	anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/nope/find?q=nova", nil)
	if got := find("nova", "current"); len(got.Players) != 5 {
		t.Errorf("after the refused calls %d found, want 5", len(got.Players))
	}
}
