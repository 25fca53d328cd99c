package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
)

// wsDial opens /ws on app with header, failing the test on error.
func wsDial(t *testing.T, base string, header http.Header) *websocket.Conn {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/ws", header)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial /ws: %v (status %d)", err, status)
	}
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

// wsExpect reads until a message of type typ, returning it decoded.
func wsExpect(t *testing.T, ws *websocket.Conn, typ string, within time.Duration) map[string]any {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(within))
	for {
		var m map[string]any
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		if m["type"] == typ {
			return m
		}
	}
}

// wsCloseCode reads until the server closes the socket.
func wsCloseCode(t *testing.T, ws *websocket.Conn, within time.Duration) int {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(within))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		t.Fatalf("waiting for close: %v", err)
	}
}

func bearer(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

func TestWebSocketAuthAndOrigin(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	_, si := guest(t, app.URL)

	// A page on another site may not open a socket with the visitor's
	// credentials.
	hdr := bearer(si.Token)
	hdr.Set("Origin", "https://evil.example")
	_, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(app.URL, "http")+"/ws", hdr)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign Origin: err %v, response %v; want 403", err, resp)
	}

	// Same-origin anonymous spectators are welcome.
	anon := wsDial(t, app.URL, http.Header{"Origin": {app.URL}})
	if err := anon.WriteJSON(map[string]string{"type": "subscribe", "topic": "player:" + si.Player.ID}); err != nil {
		t.Fatal(err)
	}
	if m := wsExpect(t, anon, "error", 5*time.Second); m["code"] != "forbidden" {
		t.Errorf("anonymous subscribing to a player channel: %v", m)
	}

	// A signed-in socket gets its own events without asking.
	ws := wsDial(t, app.URL, bearer(si.Token))
	if m := wsExpect(t, ws, "subscribed", 5*time.Second); m["topic"] != "player:"+si.Player.ID {
		t.Fatalf("first message %v, want the player's channel", m)
	}
	waitSubscribed(t, srv.Client(t), app, "player:"+si.Player.ID)
	publish(t, srv.Client(t), app, "player:"+si.Player.ID,
		`{"type":"rank.changed","topic":"player:`+si.Player.ID+`","board":"b","rank":2,"previous_rank":5}`)
	if m := wsExpect(t, ws, "rank.changed", 5*time.Second); m["rank"] != 2.0 {
		t.Errorf("rank.changed = %v", m)
	}

	// A dead token is refused before upgrading.
	_, resp, err = websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(app.URL, "http")+"/ws", bearer("nonsense"))
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad token: err %v, response %v; want 401", err, resp)
	}
}

func TestSessionRevokedAcrossInstances(t *testing.T) {
	a, srv := startRedisApp(t, nil)
	b := startApp(t, map[string]string{"REDIS_URL": a.Env["REDIS_URL"], "REDIS_PREFIX": a.Env["REDIS_PREFIX"]})
	_, si := guest(t, a.URL)
	s1 := wsDial(t, b.URL, bearer(si.Token))
	s2 := wsDial(t, b.URL, bearer(si.Token))
	for _, ws := range []*websocket.Conn{s1, s2} {
		wsExpect(t, ws, "subscribed", 5*time.Second)
	}
	rdb := srv.Client(t)
	topic := "player:" + si.Player.ID
	waitSubscribed(t, rdb, b, topic)

	start := time.Now()
	publish(t, rdb, a, topic, `{"type":"session.revoked","reason":"banned: cheating"}`)
	for _, ws := range []*websocket.Conn{s1, s2} {
		if m := wsExpect(t, ws, "session.revoked", time.Second); m["reason"] != "banned: cheating" {
			t.Errorf("message %v", m)
		}
		if code := wsCloseCode(t, ws, time.Second); code != websocket.ClosePolicyViolation {
			t.Errorf("close code %d, want 1008", code)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("sockets closed after %v, want within a second", d)
	}
}

func TestShutdownClosesSocketsGoingAway(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	_, si := guest(t, app.URL)
	player := wsDial(t, app.URL, bearer(si.Token))
	wsExpect(t, player, "subscribed", 5*time.Second)
	spectator := wsDial(t, app.URL, nil)

	stopped := make(chan struct{})
	go func() { // what SIGTERM does: cancel run's context
		defer close(stopped)
		app.Stop(t)
	}()
	for _, ws := range []*websocket.Conn{player, spectator} {
		if code := wsCloseCode(t, ws, 10*time.Second); code != websocket.CloseGoingAway {
			t.Errorf("close code %d, want 1001", code)
		}
	}
	<-stopped
}

// publish sends a raw event on a topic's channel, as another instance would.
func publish(t *testing.T, rdb redis.UniversalClient, app *testApp, topic, payload string) {
	t.Helper()
	if !json.Valid([]byte(payload)) {
		t.Fatalf("bad payload %s", payload)
	}
	ch := game.NewKeys(app.Env["REDIS_PREFIX"]).Channel(topic)
	if err := rdb.Publish(context.Background(), ch, payload).Err(); err != nil {
		t.Fatal(err)
	}
}

// waitSubscribed waits until some instance listens on topic's channel.
func waitSubscribed(t *testing.T, rdb redis.UniversalClient, app *testApp, topic string) {
	t.Helper()
	ch := game.NewKeys(app.Env["REDIS_PREFIX"]).Channel(topic)
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := rdb.PubSubNumSub(context.Background(), ch).Result()
		if err == nil && n[ch] > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nobody subscribed to %s", ch)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
