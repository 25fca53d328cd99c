package main

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestTrickledBodyIsDropped: a client that sends its headers and then the
// body a byte at a time is cut off once HTTP_READ_TIMEOUT has passed, instead
// of holding the connection for as long as it likes.
func TestTrickledBodyIsDropped(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"HTTP_READ_TIMEOUT": "1s"})
	conn, err := net.Dial("tcp", strings.TrimPrefix(app.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	_, err = io.WriteString(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: ladder\r\n"+
		"Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{")
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan time.Duration, 1)
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(conn)) // until the server hangs up
		closed <- time.Since(start)
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	limit := time.After(5 * time.Second)
	for {
		select {
		case d := <-closed:
			if d < 900*time.Millisecond {
				t.Fatalf("connection closed after %v, before the read timeout", d)
			}
			t.Logf("trickled body dropped after %v", d.Round(time.Millisecond))
			return
		case <-tick.C:
			_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = io.WriteString(conn, " ") // still trickling
		case <-limit:
			t.Fatalf("a body trickled for 5s with HTTP_READ_TIMEOUT=1s and the connection is still open")
		}
	}
}

// TestWebSocketOutlivesHTTPTimeouts: /ws keeps its own deadlines, so a
// socket stays open and answers well past the HTTP read, write and idle
// timeouts.
func TestWebSocketOutlivesHTTPTimeouts(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"HTTP_READ_TIMEOUT": "1s", "HTTP_WRITE_TIMEOUT": "1s", "HTTP_IDLE_TIMEOUT": "1s"})
	_, si := guest(t, app.URL)
	ws := wsDial(t, app.URL, bearer(si.Token))
	wsExpect(t, ws, "subscribed", 5*time.Second)
	time.Sleep(3 * time.Second)
	if err := ws.WriteJSON(map[string]string{"type": "subscribe", "topic": "leaderboard:target-rush"}); err != nil {
		t.Fatalf("write after 3s: %v", err)
	}
	if m := wsExpect(t, ws, "subscribed", 5*time.Second); m["topic"] != "leaderboard:target-rush" {
		t.Fatalf("subscribed = %v", m)
	}
}

func TestHTTPTimeoutConfig(t *testing.T) {
	c, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.ReadTimeout != 30*time.Second || c.WriteTimeout != 30*time.Second || c.IdleTimeout != 120*time.Second {
		t.Errorf("defaults read %v write %v idle %v", c.ReadTimeout, c.WriteTimeout, c.IdleTimeout)
	}
	for _, env := range []string{"HTTP_READ_TIMEOUT", "HTTP_WRITE_TIMEOUT", "HTTP_IDLE_TIMEOUT"} {
		for _, v := range []string{"0s", "-1s", "soon"} {
			_, err := loadConfig(func(k string) string {
				if k == env {
					return v
				}
				return ""
			})
			if err == nil || !strings.Contains(err.Error(), env) {
				t.Errorf("%s=%s: error %v, want one naming %s", env, v, err, env)
			}
		}
	}
}
