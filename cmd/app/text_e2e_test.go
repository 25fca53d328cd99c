package main

import (
	"fmt"
	"net/http"
	"testing"
)

// notPrintable are texts that would hide or reorder what an admin or a
// player reads: control characters and bidi overrides, isolates and marks.
var notPrintable = []string{
	"tab\there", "new\nline", "carriage\rreturn", "nul\x00", "bell\a", "del\x7f", "next\u0085line",
	"\u202eevil", "left\u202aembed", "pop\u202c", "a\u2066isolate\u2069", "first\u2068strong", "\u200fmark",
	"\u200emark", "zero\u200bwidth", "bom\ufeff",
}

// TestAdminTextIsPrintable: board titles (create and rename), ban reasons
// and cancel reasons with such characters are a 400 invalid that changes
// nothing; ordinary Unicode is fine.
func TestAdminTextIsPrintable(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"TURN_TIMEOUT": "10m"})
	p1, si1 := register(t, app.URL, "textone")
	p2, _ := register(t, app.URL, "texttwo")
	var tk [2]struct {
		TicketID string `json:"ticket_id"`
	}
	p1.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[0])
	p2.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[1])
	matchID := waitTicket(t, p1, tk[0].TicketID)
	if matchID == "" {
		t.Fatal("no match made")
	}
	const title = "Café — ünïcode 🚀 board"
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]string{"id": "plain", "title": title})
	before := len(auditActions(t, admin, 100))

	refused := func(what string, r response) {
		t.Helper()
		if r.Status != http.StatusBadRequest || r.ErrorCode() != "invalid" {
			t.Errorf("%s: status %d code %q, want 400 invalid; body %s", what, r.Status, r.ErrorCode(), r.Body)
		}
	}
	for i, bad := range notPrintable {
		id := fmt.Sprintf("bad-%d", i)
		refused(fmt.Sprintf("create %q", bad), admin.do("POST", "/api/v1/admin/leaderboards", map[string]string{"id": id, "title": bad}))
		admin.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/"+id, nil)
		refused(fmt.Sprintf("rename to %q", bad), admin.do("PATCH", "/api/v1/admin/leaderboards/plain", map[string]string{"title": bad}))
		refused(fmt.Sprintf("ban for %q", bad), admin.do("POST", "/api/v1/admin/players/"+si1.Player.ID+"/ban", map[string]string{"reason": bad}))
		refused(fmt.Sprintf("cancel for %q", bad), admin.do("POST", "/api/v1/admin/matches/"+matchID+"/cancel", map[string]string{"reason": bad}))
	}

	var boards []struct{ ID, Title string }
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil).JSON(t, &boards)
	for _, b := range boards {
		if b.ID == "plain" && b.Title != title {
			t.Errorf("title = %q, want %q", b.Title, title)
		}
	}
	var pl struct {
		Banned bool `json:"banned"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+si1.Player.ID, nil).JSON(t, &pl)
	var m struct {
		Status string `json:"status"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/matches/"+matchID, nil).JSON(t, &m)
	if pl.Banned || m.Status != "playing" {
		t.Errorf("after refused requests: banned %v, match %s", pl.Banned, m.Status)
	}
	if after := len(auditActions(t, admin, 100)); after != before {
		t.Errorf("refused requests added %d audit entries", after-before)
	}

	// Printable Unicode goes through.
	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/leaderboards/plain", map[string]string{"title": "Ünïcode — ok ✓"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/matches/"+matchID+"/cancel", map[string]string{"reason": "réseau coupé — «stuck»"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+si1.Player.ID+"/ban", map[string]string{"reason": "spam 🚫 ×3"})
}
