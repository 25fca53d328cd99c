package realtime

import (
	"github.com/ladder/ladder/internal/game/event"

	"context"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/redistest"
)

func TestPlayerSocketCapClosesTheOldest(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{})
	hdr := http.Header{"X-Test-Player": {"tabs"}}
	var socks []*wsClient
	for range 10 {
		c := dial(t, h.URL, hdr)
		c.expect("subscribed", 5*time.Second)
		socks = append(socks, c)
	}
	newest := dial(t, h.URL, hdr)
	newest.expect("subscribed", 5*time.Second)
	if code := socks[0].closeCode(2 * time.Second); code != websocket.ClosePolicyViolation {
		t.Fatalf("oldest socket close code %d, want 1008", code)
	}
	for _, c := range append(socks[1:], newest) {
		c.send(`{"type":"ping"}`)
		c.expect("pong", 2*time.Second)
	}
	// The evicted socket leaves the hub once its reader sees the close.
	deadline := time.Now().Add(5 * time.Second)
	for h.Stats().Sockets != 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := h.Stats().Sockets; n != 10 {
		t.Errorf("sockets = %d, want 10", n)
	}
}

func TestAnonymousSocketsCappedPerAddress(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{MaxAnonymousPerAddr: 3})
	a := http.Header{"X-Test-Addr": {"192.0.2.1"}}
	var socks []*wsClient
	for range 3 {
		socks = append(socks, dial(t, h.URL, a))
	}
	h.settle(t)
	_, resp, err := websocket.DefaultDialer.Dial(h.URL, a)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("fourth anonymous socket: err %v, status %d, want 429 with Retry-After", err, status)
	}
	// Other addresses and signed-in players are not held back.
	dial(t, h.URL, http.Header{"X-Test-Addr": {"192.0.2.2"}}).send(`{"type":"ping"}`)
	dial(t, h.URL, http.Header{"X-Test-Addr": {"192.0.2.1"}, "X-Test-Player": {"p"}}).expect("subscribed", 5*time.Second)
	// A closed socket frees its place.
	_ = socks[0].ws.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ws, _, err := websocket.DefaultDialer.Dial(h.URL, a)
		if err == nil {
			_ = ws.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("place not freed after a close: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSessionRevokedClosesOnlyThatSessionsSockets(t *testing.T) {
	srv := redistest.Start(t)
	keys := newKeys(t)
	h := startHub(t, srv.Client(t), keys, Options{})
	s1 := dial(t, h.URL, http.Header{"X-Test-Player": {"me"}, "X-Test-Session": {"s1"}})
	s1b := dial(t, h.URL, http.Header{"X-Test-Player": {"me"}, "X-Test-Session": {"s1"}})
	s2 := dial(t, h.URL, http.Header{"X-Test-Player": {"me"}, "X-Test-Session": {"s2"}})
	for _, c := range []*wsClient{s1, s1b, s2} {
		c.expect("subscribed", 5*time.Second)
	}
	h.settle(t)
	h.Publish(context.Background(), "player:me", event.NewSessionRevoked("me", "signed out", "s1"))
	for i, c := range []*wsClient{s1, s1b} {
		c.expect("session.revoked", 2*time.Second)
		if code := c.closeCode(2 * time.Second); code != websocket.ClosePolicyViolation {
			t.Errorf("socket %d of the ended session: close code %d, want 1008", i, code)
		}
	}
	// The other session's socket hears nothing of it and stays open.
	s2.send(`{"type":"ping"}`)
	for {
		m, err := s2.read(2 * time.Second)
		if err != nil {
			t.Fatalf("other session's socket: %v", err)
		}
		if m.Type == "session.revoked" {
			t.Fatalf("other session's socket was told: %s", m.Raw)
		}
		if m.Type == "pong" {
			break
		}
	}
}
