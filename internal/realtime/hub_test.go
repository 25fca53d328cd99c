package realtime

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/redistest"
)

func TestSnapshotThenIncreasingUpdates(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{})
	const topic = "leaderboard:daily"
	h.bump(t, topic) // seq 1 before anyone watches

	c := dial(t, h.URL, nil)
	c.subscribe(topic)
	snap := c.expect("leaderboard.top", 5*time.Second)
	if snap.Topic != topic || snap.Seq == nil || *snap.Seq != 1 {
		t.Fatalf("snapshot = %s, want topic %s seq 1", snap.Raw, topic)
	}

	last := *snap.Seq
	for i := range 5 {
		want := h.bump(t, topic)
		m := c.expect("leaderboard.top", 5*time.Second)
		if *m.Seq <= last {
			t.Fatalf("update %d: seq %d after %d, want strictly increasing", i, *m.Seq, last)
		}
		if *m.Seq != want {
			t.Fatalf("update %d: seq %d, want %d", i, *m.Seq, want)
		}
		last = *m.Seq
	}
	if st := h.Stats(); st.Sockets != 1 || st.Subscriptions != 1 {
		t.Errorf("stats = %+v, want 1 socket, 1 subscription", st)
	}

	// After unsubscribing, changes no longer arrive.
	c.send(map[string]string{"type": "unsubscribe", "topic": topic})
	c.expect("unsubscribed", 5*time.Second)
	h.bump(t, topic)
	if m, err := c.read(400 * time.Millisecond); err == nil {
		t.Fatalf("got %s after unsubscribing", m.Raw)
	}
}

func TestCoalescing(t *testing.T) {
	h := startMemoryHub(t, Options{})
	const topic = "leaderboard:busy"
	subs := []*wsClient{dial(t, h.URL, nil), dial(t, h.URL, nil)}
	for _, c := range subs {
		c.subscribe(topic)
		c.expect("leaderboard.top", 5*time.Second)
	}

	const changes = 1000
	var final int64
	start := time.Now()
	for i := range changes {
		final = h.bump(t, topic)
		// Spread the changes over about a second.
		if d := time.Duration(i+1)*time.Second/changes - time.Since(start); d > 0 {
			time.Sleep(d)
		}
	}
	elapsed := time.Since(start)

	for i, c := range subs {
		var got []int64
		for {
			m, err := c.read(time.Second)
			if err != nil {
				break // quiet for a second: coalescing has settled
			}
			if m.Type == "leaderboard.top" {
				got = append(got, *m.Seq)
			}
		}
		if len(got) == 0 {
			t.Fatalf("subscriber %d got no update", i)
		}
		// ~10 per second, plus one at each end of the burst.
		limit := int(elapsed/(100*time.Millisecond)) + 3
		if len(got) > limit {
			t.Errorf("subscriber %d got %d messages for %d changes in %v, want at most %d", i, len(got), changes, elapsed, limit)
		}
		for j := 1; j < len(got); j++ {
			if got[j] <= got[j-1] {
				t.Errorf("subscriber %d: seq %d after %d", i, got[j], got[j-1])
			}
		}
		if last := got[len(got)-1]; last != final {
			t.Errorf("subscriber %d: last seq %d, want final %d", i, last, final)
		}
		t.Logf("subscriber %d: %d messages for %d changes in %v", i, len(got), changes, elapsed.Round(time.Millisecond))
	}
}

func TestTwoHubsDeliverEachOthersMessages(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		keys := newKeys(t)
		a := startHub(t, target.Client, keys, Options{})
		b := startHub(t, target.Client, keys, Options{})

		// Passthrough: published on a, delivered by b, byte for byte.
		watcher := dial(t, b.URL, nil)
		watcher.subscribe("match:m1")
		// A passthrough topic without a snapshot has nothing to resend, so
		// publish only once Redis has b's subscription.
		waitRedisSubscribed(t, target.Client, keys.Channel("match:m1"))
		a.Publish(context.Background(), "match:m1", map[string]any{"type": "match.state", "topic": "match:m1", "seq": 7})
		m := watcher.expect("match.state", 5*time.Second)
		if m.Topic != "match:m1" || *m.Seq != 7 {
			t.Errorf("got %s", m.Raw)
		}

		// Coalesced: a change announced through b reaches a's subscriber.
		lw := dial(t, a.URL, nil)
		lw.subscribe("leaderboard:x")
		lw.expect("leaderboard.top", 5*time.Second)
		want := b.bump(t, "leaderboard:x")
		if m := lw.expect("leaderboard.top", 5*time.Second); *m.Seq != want {
			t.Errorf("seq %d, want %d", *m.Seq, want)
		}

		// A player's own channel, from the other instance.
		pc := dial(t, b.URL, http.Header{"X-Test-Player": {"p42"}})
		pc.expect("subscribed", 5*time.Second)
		b.settle(t)
		a.Publish(context.Background(), "player:p42", map[string]any{"type": "rank.changed", "topic": "player:p42", "board": "x", "rank": 1, "previous_rank": 3})
		if m := pc.expect("rank.changed", 5*time.Second); m.Topic != "player:p42" {
			t.Errorf("got %s", m.Raw)
		}
	})
}

func TestOriginCheck(t *testing.T) {
	h := startMemoryHub(t, Options{})
	host := strings.TrimPrefix(strings.TrimSuffix(h.URL, "/ws"), "ws://")
	tests := []struct {
		name   string
		origin string
		ok     bool
	}{
		{"no origin (game client)", "", true},
		{"same origin", "http://" + host, true},
		{"foreign origin", "https://evil.example", false},
		{"same host other port", "http://" + strings.Split(host, ":")[0] + ":1", false},
		{"null origin", "null", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := http.Header{}
			if tt.origin != "" {
				hdr.Set("Origin", tt.origin)
			}
			ws, resp, err := websocket.DefaultDialer.Dial(h.URL, hdr)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				ws.Close()
				return
			}
			if err == nil {
				ws.Close()
				t.Fatal("a foreign Origin was accepted")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Fatalf("response %v, want 403", resp)
			}
		})
	}
}

func TestBadClientMessages(t *testing.T) {
	h := startMemoryHub(t, Options{MaxSubscriptions: 3})
	c := dial(t, h.URL, http.Header{"X-Test-Player": {"me"}})
	tests := []struct {
		name string
		send string
		code string
	}{
		{"not json", "hello", "invalid"},
		{"json array", "[1,2]", "invalid"},
		{"no type", `{"topic":"leaderboard:a"}`, "invalid"},
		{"unknown type", `{"type":"shout"}`, "invalid"},
		{"no topic", `{"type":"subscribe"}`, "invalid"},
		{"malformed topic", `{"type":"subscribe","topic":"leader board"}`, "invalid"},
		{"unknown topic kind", `{"type":"subscribe","topic":"weather:today"}`, "not_found"},
		{"unknown board", `{"type":"subscribe","topic":"leaderboard:missing"}`, "not_found"},
		{"another player", `{"type":"subscribe","topic":"player:someone-else"}`, "forbidden"},
		{"admin topic", `{"type":"subscribe","topic":"stats"}`, "forbidden"},
		{"own channel stays", `{"type":"unsubscribe","topic":"player:me"}`, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.send(tt.send)
			m := c.expect("error", 5*time.Second)
			if m.Code != tt.code || m.Message == "" {
				t.Errorf("error = %s, want code %s", m.Raw, tt.code)
			}
		})
	}

	// The connection survived all that and still works, up to the cap.
	for i := range 3 {
		c.subscribe(fmt.Sprintf("leaderboard:b%d", i))
	}
	c.send(`{"type":"subscribe","topic":"leaderboard:b3"}`)
	if m := c.expect("error", 5*time.Second); m.Code != "too_many_subscriptions" {
		t.Errorf("error = %s, want too_many_subscriptions", m.Raw)
	}
	c.send(`{"type":"ping"}`)
	c.expect("pong", 5*time.Second)

	// A message over the read limit ends the connection (1009).
	c.send(`{"type":"subscribe","topic":"` + strings.Repeat("x", 5000) + `"}`)
	if code := c.closeCode(5 * time.Second); code != websocket.CloseMessageTooBig {
		t.Errorf("close code %d, want %d", code, websocket.CloseMessageTooBig)
	}
}

func TestSlowClientIsDroppedOthersKeepReceiving(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{SendQueue: 16})
	const topic = "match:bulk"

	// The slow client never reads, with a tiny receive buffer so the
	// kernel does not soak up the backlog for it.
	d := *websocket.DefaultDialer
	d.NetDialContext = smallBufferDialer(4096)
	slow, _, err := d.Dial(h.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if err := slow.WriteJSON(map[string]string{"type": "subscribe", "topic": topic}); err != nil {
		t.Fatal(err)
	}

	fast := dial(t, h.URL, nil)
	fast.subscribe(topic)
	time.Sleep(200 * time.Millisecond) // let the slow client's subscription land

	const n = 300
	payload := strings.Repeat("x", 64<<10)
	var got int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for got < n {
			m, err := fast.read(10 * time.Second)
			if err != nil {
				t.Errorf("fast client: %v after %d messages", err, got)
				return
			}
			if m.Type == "bulk" {
				got++
			}
		}
	}()
	for i := range n {
		h.Publish(context.Background(), topic, map[string]any{"type": "bulk", "topic": topic, "i": i, "pad": payload})
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	if got != n {
		t.Fatalf("fast client got %d of %d messages", got, n)
	}
	st := h.Stats()
	if st.SlowDropped != 1 {
		t.Errorf("slow clients dropped = %d, want 1", st.SlowDropped)
	}
	if st.Dropped < 1 {
		t.Errorf("messages dropped = %d, want > 0", st.Dropped)
	}
	// The slow socket is gone from the hub.
	deadline := time.Now().Add(5 * time.Second)
	for h.Stats().Sockets != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if s := h.Stats().Sockets; s != 1 {
		t.Errorf("open sockets = %d, want 1", s)
	}
}

func TestRedisRestartRefreshesSubscribers(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{})
	const topic = "leaderboard:r"
	for range 5 {
		h.bump(t, topic)
	}
	c := dial(t, h.URL, nil)
	c.subscribe(topic)
	if m := c.expect("leaderboard.top", 5*time.Second); *m.Seq != 5 {
		t.Fatalf("snapshot seq %d, want 5", *m.Seq)
	}
	pw := dial(t, h.URL, nil)
	pw.subscribe("match:r")
	h.settle(t)

	srv.Restart(t) // the data is gone: the board's seq is back to 0

	// Without any publish, the subscriber gets the fresh state: the hub
	// noticed the reconnect and sent a new snapshot even though seq fell.
	if m := c.expect("leaderboard.top", 10*time.Second); *m.Seq != 0 {
		t.Fatalf("after restart: seq %d, want 0 (fresh data)", *m.Seq)
	}
	// And the subscriptions are live again, passthrough ones included.
	want := h.bump(t, topic)
	if m := c.expect("leaderboard.top", 5*time.Second); *m.Seq != want {
		t.Fatalf("after restart: seq %d, want %d", *m.Seq, want)
	}
	h.Publish(context.Background(), "match:r", map[string]any{"type": "match.state", "topic": "match:r", "seq": 1})
	pw.expect("match.state", 5*time.Second)
	if r := h.Stats().Reconnects; r < 1 {
		t.Errorf("reconnects = %d, want ≥ 1", r)
	}
}

func TestCloseSaysGoingAway(t *testing.T) {
	h := startMemoryHub(t, Options{})
	c := dial(t, h.URL, nil)
	c.subscribe("match:z")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go h.Close(ctx)
	if code := c.closeCode(5 * time.Second); code != websocket.CloseGoingAway {
		t.Errorf("close code %d, want 1001", code)
	}
}

func TestSessionRevokedClosesPlayerSockets(t *testing.T) {
	srv := redistest.Start(t)
	keys := newKeys(t)
	a := startHub(t, srv.Client(t), keys, Options{})
	b := startHub(t, srv.Client(t), keys, Options{})
	p1 := dial(t, b.URL, http.Header{"X-Test-Player": {"banned"}})
	p2 := dial(t, b.URL, http.Header{"X-Test-Player": {"banned"}})
	other := dial(t, b.URL, http.Header{"X-Test-Player": {"fine"}})
	for _, c := range []*wsClient{p1, p2, other} {
		c.expect("subscribed", 5*time.Second)
	}
	b.settle(t)

	start := time.Now()
	a.Publish(context.Background(), "player:banned", map[string]string{"type": "session.revoked", "reason": "cheating"})
	for _, c := range []*wsClient{p1, p2} {
		c.expect("session.revoked", time.Second)
		if code := c.closeCode(time.Second); code != websocket.ClosePolicyViolation {
			t.Errorf("close code %d, want 1008", code)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want under a second", d)
	}
	other.send(`{"type":"ping"}`)
	other.expect("pong", time.Second)
}

func TestRunEndsWithGoingAway(t *testing.T) {
	b := NewMemoryBroker()
	h := New(b, testLogger(t), nil, Options{})
	h.Handle("match:", TopicHandler{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeWS(w, r, nil, "", "") }))
	defer srv.Close()
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- h.Run(ctx) }()

	c := dial(t, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	c.subscribe("match:run")
	// The ack precedes the broker's own subscription, and this topic has no
	// snapshot to cover the gap: wait for the broker before publishing.
	for deadline := time.Now().Add(5 * time.Second); !b.subscribed("match:run"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the broker never subscribed to match:run")
		}
	}
	h.Publish(context.Background(), "match:run", map[string]any{"type": "match.state", "topic": "match:run", "seq": 1})
	c.expect("match.state", 5*time.Second)

	stop() // what SIGTERM does to the app's background loops
	if code := c.closeCode(5 * time.Second); code != websocket.CloseGoingAway {
		t.Errorf("close code %d, want 1001", code)
	}
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if err := h.Run(context.Background()); err == nil {
		t.Error("a second Run succeeded, want an error")
	}
	// A stopped hub refuses new sockets.
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("handshake after Run: status %d, want 503", resp.StatusCode)
	}
}

// TestSlowClientHearsWhy: a client that stops reading while the server
// sends a lot is dropped, and once it reads again it finds the close frame
// with 1013, not a connection cut without one (1006).
func TestSlowClientHearsWhy(t *testing.T) {
	srv := redistest.Start(t)
	h := startHub(t, srv.Client(t), newKeys(t), Options{SendQueue: 8})
	const topic = "match:flood"
	d := *websocket.DefaultDialer
	d.NetDialContext = smallBufferDialer(4096)
	ws, _, err := d.Dial(h.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	slow := &wsClient{t: t, ws: ws}
	slow.subscribe(topic)

	// The client reads nothing while the server floods it.
	payload := strings.Repeat("x", 1<<20) // larger than the socket buffers: the writer blocks mid-frame
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; h.Stats().SlowDropped == 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("the slow client was never dropped")
		}
		h.Publish(context.Background(), topic, map[string]any{"type": "bulk", "topic": topic, "i": i, "pad": payload})
		time.Sleep(time.Millisecond)
	}
	if code := slow.closeCode(10 * time.Second); code != websocket.CloseTryAgainLater {
		t.Errorf("close code %d, want %d (try again later)", code, websocket.CloseTryAgainLater)
	}
}

// subscribed reports whether the broker holds topic.
func (b *MemoryBroker) subscribed(topic string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.subs[topic]
}

// TestServerPings: the hub pings every socket each PingInterval, and a
// client that answers keeps its socket; pings go out through the queue,
// behind the messages already waiting.
func TestServerPings(t *testing.T) {
	h := startMemoryHub(t, Options{PingInterval: 50 * time.Millisecond, PongWait: 300 * time.Millisecond})
	c := dial(t, h.URL, nil)
	pings := make(chan struct{}, 100)
	c.ws.SetPingHandler(func(data string) error {
		pings <- struct{}{}
		return c.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	// Pings are handled while reading: read for well past PongWait.
	go func() {
		for {
			if _, _, err := c.ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	deadline := time.After(5 * time.Second)
	for n := 0; n < 10; n++ {
		select {
		case <-pings:
		case <-deadline:
			t.Fatalf("%d pings in 5s, want 10", n)
		}
	}
	if s := h.Stats(); s.Sockets != 1 {
		t.Errorf("after answering pings for ten intervals: %d sockets, want 1 (kept)", s.Sockets)
	}
}
