package main

import (
	"net/http"
	"testing"

	"github.com/ladder/ladder/internal/redistest"
)

// startAdminApp starts an app with an admin account and returns it with a
// bearer client for the admin.
func startAdminApp(t *testing.T, env map[string]string) (*testApp, *client) {
	t.Helper()
	app, admin, _ := startAdminRedisApp(t, env)
	return app, admin
}

// startAdminRedisApp is startAdminApp that also hands out the Redis server.
func startAdminRedisApp(t *testing.T, env map[string]string) (*testApp, *client, *redistest.Server) {
	t.Helper()
	e := map[string]string{"ADMIN_USERNAME": "boss", "ADMIN_PASSWORD": "boss-password"}
	for k, v := range env {
		e[k] = v
	}
	app, srv := startRedisApp(t, e)
	admin := newClient(t, app.URL)
	var si signedIn
	admin.must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "boss", "password": "boss-password"}).JSON(t, &si)
	admin.Token = si.Token
	return app, admin, srv
}

func TestAdminPlayerActionsAPI(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	victim, vi := register(t, app.URL, "victim1")
	register(t, app.URL, "victim2")
	id := vi.Player.ID

	var found struct {
		Players []struct{ ID, Username string } `json:"players"`
		Total   int                             `json:"total"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/players?q=VIC&limit=1", nil).JSON(t, &found)
	if found.Total != 2 || len(found.Players) != 1 || found.Players[0].Username != "victim1" {
		t.Fatalf("search = %+v", found)
	}
	admin.must(http.StatusBadRequest, "GET", "/api/v1/admin/players?limit=0", nil)

	admin.must(http.StatusBadRequest, "POST", "/api/v1/admin/players/"+id+"/ban", map[string]string{"reason": ""})
	victim.must(http.StatusOK, "GET", "/api/v1/me", nil) // a refused ban changed nothing
	p := admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/ban", map[string]string{"reason": "spam"}).Map(t)
	if p["banned"] != true {
		t.Fatalf("ban answer = %v", p)
	}
	if r := victim.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden {
		t.Fatalf("banned player's token still works: %d", r.Status)
	}
	newClient(t, app.URL).must(http.StatusForbidden, "POST", "/api/v1/auth/login",
		map[string]string{"username": "victim1", "password": "correct horse"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/unban", nil)
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "victim1", "password": "correct horse"})

	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/players/"+id, map[string]string{"display_name": "Renamed"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/sessions/end", nil)
	admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/players/"+id, nil)
	admin.must(http.StatusNotFound, "GET", "/api/v1/admin/players/"+id, nil)
	register(t, app.URL, "victim1") // the name is free again

	var audit struct {
		Entries []struct{ Action, Actor, Target, Reason string } `json:"entries"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?limit=10", nil).JSON(t, &audit)
	var actions []string
	for _, e := range audit.Entries {
		actions = append(actions, e.Action)
	}
	want := []string{"delete", "end_sessions", "rename", "unban", "ban"}
	if len(actions) != len(want) {
		t.Fatalf("audit actions = %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("audit actions = %v, want %v", actions, want)
		}
	}
	if e := audit.Entries[4]; e.Actor != "boss" || e.Target != "victim1" || e.Reason != "spam" {
		t.Errorf("ban entry = %+v", e)
	}
}
