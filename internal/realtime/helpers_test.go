package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
	"github.com/ladder/ladder/internal/redisx"
)

func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }

// testHub is a hub served over HTTP, as the app serves /ws.
type testHub struct {
	*Hub
	boards boardCounter
	URL    string // ws://…/ws
}

// startHub runs a hub on Redis pub/sub, rdb under keys, with test boards
// kept in Redis.
func startHub(t *testing.T, rdb redis.UniversalClient, keys game.Keys, opts Options) *testHub {
	t.Helper()
	// Publishes ride the auto-pipelining Scripter, as in the app.
	broker := NewRedisBroker(rdb, keys).WithScripter(redisx.AutoPipeline(rdb, testLogger(t)))
	return runHub(t, broker, redisCounter{rdb: rdb, keys: keys}, opts)
}

// startMemoryHub runs a hub on a MemoryBroker, with test boards in memory:
// no Redis at all.
func startMemoryHub(t testing.TB, opts Options) *testHub {
	t.Helper()
	return runHub(t, NewMemoryBroker(), &memoryCounter{n: map[string]int64{}}, opts)
}

// runHub serves a hub on broker and runs it until the test ends. The test
// identifies a player with the X-Test-Player header ("id" or "id:admin"),
// its session with X-Test-Session and the client address with X-Test-Addr.
func runHub(t testing.TB, broker Broker, boards boardCounter, opts Options) *testHub {
	t.Helper()
	h := New(broker, testLogger(t), nil, opts)
	h.Handle("leaderboard:", counterHandler(boards))
	h.Handle("match:", TopicHandler{})
	h.Handle("stats", TopicHandler{Authorize: AdminOnly})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var who *game.Player
		if v := r.Header.Get("X-Test-Player"); v != "" {
			id, role, _ := strings.Cut(v, ":")
			who = &game.Player{ID: id, Role: role}
		}
		h.ServeWS(w, r, who, r.Header.Get("X-Test-Session"), r.Header.Get("X-Test-Addr"))
	}))
	runCtx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- h.Run(runCtx) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h.Close(ctx)
		stop()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
		srv.Close()
	})
	return &testHub{Hub: h, boards: boards, URL: "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"}
}

// boardCounter holds the "version" of each test board: its snapshot's seq.
type boardCounter interface {
	get(ctx context.Context, topic string) (int64, error)
	incr(ctx context.Context, topic string) (int64, error)
}

// redisCounter keeps the versions in Redis, so a restart resets them.
type redisCounter struct {
	rdb  redis.UniversalClient
	keys game.Keys
}

func (c redisCounter) key(topic string) string { return c.keys.Prefix() + ":test:" + topic }

func (c redisCounter) get(ctx context.Context, topic string) (int64, error) {
	n, err := c.rdb.Get(ctx, c.key(topic)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, err
}

func (c redisCounter) incr(ctx context.Context, topic string) (int64, error) {
	return c.rdb.Incr(ctx, c.key(topic)).Result()
}

// memoryCounter keeps the versions in the test process.
type memoryCounter struct {
	mu sync.Mutex
	n  map[string]int64
}

func (c *memoryCounter) get(_ context.Context, topic string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[topic], nil
}

func (c *memoryCounter) incr(_ context.Context, topic string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[topic]++
	return c.n[topic], nil
}

// counterHandler is a coalesced handler whose snapshot's seq is the
// board's version; board "missing" does not exist.
func counterHandler(boards boardCounter) TopicHandler {
	return TopicHandler{
		Coalesce: true,
		Snapshot: func(ctx context.Context, topic string) ([]byte, error) {
			if topic == "leaderboard:missing" {
				return nil, game.NotFoundf("no such leaderboard")
			}
			n, err := boards.get(ctx, topic)
			if err != nil {
				return nil, err
			}
			return json.Marshal(map[string]any{"type": "leaderboard.top", "topic": topic, "seq": n, "entries": []any{}})
		},
	}
}

// bump changes a test board and announces it, as a score submission does.
func (h *testHub) bump(t testing.TB, topic string) int64 {
	t.Helper()
	ctx := context.Background()
	n, err := h.boards.incr(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(ctx, topic, map[string]string{"type": "leaderboard.changed", "topic": topic})
	return n
}

// wsClient is a test WebSocket client.
type wsClient struct {
	t  testing.TB
	ws *websocket.Conn
}

// msg is a decoded server message.
type msg struct {
	Type    string `json:"type"`
	Topic   string `json:"topic"`
	Seq     *int64 `json:"seq"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Raw     []byte `json:"-"`
}

func dial(t testing.TB, url string, header http.Header) *wsClient {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial(url, header)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	t.Cleanup(func() { _ = ws.Close() })
	return &wsClient{t: t, ws: ws}
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	var err error
	if s, ok := v.(string); ok {
		err = c.ws.WriteMessage(websocket.TextMessage, []byte(s))
	} else {
		err = c.ws.WriteJSON(v)
	}
	if err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// read returns the next message, or an error (a close error included).
func (c *wsClient) read(within time.Duration) (msg, error) {
	_ = c.ws.SetReadDeadline(time.Now().Add(within))
	_, b, err := c.ws.ReadMessage()
	if err != nil {
		return msg{}, err
	}
	var m msg
	if err := json.Unmarshal(b, &m); err != nil {
		return msg{}, fmt.Errorf("decode %s: %w", b, err)
	}
	m.Raw = b
	return m, nil
}

// expect reads until a message of type typ arrives (skipping others).
func (c *wsClient) expect(typ string, within time.Duration) msg {
	c.t.Helper()
	deadline := time.Now().Add(within)
	for {
		m, err := c.read(time.Until(deadline))
		if err != nil {
			c.t.Fatalf("waiting for %s: %v", typ, err)
		}
		if m.Type == typ {
			return m
		}
	}
}

// subscribe subscribes and waits for the confirmation.
func (c *wsClient) subscribe(topic string) {
	c.t.Helper()
	c.send(map[string]string{"type": "subscribe", "topic": topic})
	if m := c.expect("subscribed", 5*time.Second); m.Topic != topic {
		c.t.Fatalf("subscribed to %q, want %q", m.Topic, topic)
	}
}

// closeCode waits for the server to close the socket and returns the code.
func (c *wsClient) closeCode(within time.Duration) int {
	c.t.Helper()
	deadline := time.Now().Add(within)
	for {
		_, err := c.read(time.Until(deadline))
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		c.t.Fatalf("waiting for close: %v", err)
	}
}

func newKeys(t testing.TB) game.Keys { return game.NewKeys(redistest.Prefix(t)) }

// testLogger logs through t when LADDER_TEST_LOG is set.
func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("LADDER_TEST_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// settle waits until the broker has confirmed every subscribe the hub sent.
func (h *testHub) settle(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.redisMu.Lock()
		h.mu.Lock()
		n := len(h.pending)
		for name := range h.topics {
			if !h.redisSubs[name] {
				n++
			}
		}
		h.mu.Unlock()
		h.redisMu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d subscriptions still unconfirmed", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitRedisSubscribed waits until some connection listens on channel.
func waitRedisSubscribed(t *testing.T, rdb redis.UniversalClient, channel string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	count := func() int64 {
		// In a cluster the count is per node: add them up.
		if cc, ok := rdb.(*redis.ClusterClient); ok {
			var mu sync.Mutex
			var total int64
			_ = cc.ForEachShard(context.Background(), func(ctx context.Context, c *redis.Client) error {
				n, err := c.PubSubNumSub(ctx, channel).Result()
				mu.Lock()
				total += n[channel]
				mu.Unlock()
				return err
			})
			return total
		}
		n, _ := rdb.PubSubNumSub(context.Background(), channel).Result()
		return n[channel]
	}
	for {
		if count() > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nobody subscribed to %s", channel)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
