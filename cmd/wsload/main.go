// Command wsload opens many WebSocket subscribers against a Ladder instance
// and measures what they cost and how fast events reach them.
//
//	wsload -url ws://127.0.0.1:8081/ws -connections 5000 -topic match:bench -duration 20s \
//	    -redis redis://127.0.0.1:6390 -prefix ladder -rate 20 -pid 12345
//
// With -pid it reports the server's resident memory per idle connection
// (VmRSS growth / connections). With -redis it publishes -rate messages per
// second, each stamped with its send time, straight into the topic's Redis
// channel (as a score submission on any instance would), and reports the
// submit-to-delivery latency over every subscriber. With -app and -board
// it goes the whole way instead: subscribers watch the board, a guest
// submits rising scores at -rate over HTTP, and each delivery is timed from
// the submission to the snapshot that shows it:
//
//	wsload -url ws://127.0.0.1:8081/ws -connections 5000 -app http://127.0.0.1:8081 -board bench -rate 10 -pid 12345
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "wsload:", err)
		os.Exit(1)
	}
}

type config struct {
	url      string
	conns    int
	topic    string
	duration time.Duration
	origin   string
	redisURL string
	prefix   string
	rate     int
	pid      int
	workers  int
	app      string
	board    string
}

func run(ctx context.Context, args []string) error {
	var c config
	fs := flag.NewFlagSet("wsload", flag.ContinueOnError)
	fs.StringVar(&c.url, "url", "ws://127.0.0.1:8080/ws", "WebSocket URL")
	fs.IntVar(&c.conns, "connections", 1000, "subscribers to open")
	fs.StringVar(&c.topic, "topic", "match:bench", "topic every subscriber watches")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "how long to hold the connections (and publish)")
	fs.StringVar(&c.origin, "origin", "", "Origin header to send (none by default)")
	fs.StringVar(&c.redisURL, "redis", "", "Redis URL to publish timestamped events to (latency test)")
	fs.StringVar(&c.prefix, "prefix", "ladder", "the app's REDIS_PREFIX")
	fs.IntVar(&c.rate, "rate", 20, "events published per second")
	fs.IntVar(&c.pid, "pid", 0, "server process id, to read its memory")
	fs.IntVar(&c.workers, "dialers", 64, "parallel dials")
	fs.StringVar(&c.app, "app", "", "base URL of the app, to submit scores to -board (end-to-end latency test)")
	fs.StringVar(&c.board, "board", "", "board to watch and submit to with -app (it must exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (c.app == "") != (c.board == "") {
		return fmt.Errorf("-app and -board go together")
	}
	if c.board != "" {
		c.topic = "leaderboard:" + c.board
	}
	raiseFileLimit(c.conns + 1000)

	rssBefore := rss(c.pid)
	start := time.Now()
	subs, err := openAll(ctx, c)
	defer func() {
		for _, s := range subs {
			_ = s.ws.Close()
		}
	}()
	if err != nil {
		return err
	}
	fmt.Printf("connected %d subscribers to %s in %v\n", len(subs), c.topic, time.Since(start).Round(time.Millisecond))

	if c.pid > 0 {
		time.Sleep(3 * time.Second) // let the server settle
		after := rss(c.pid)
		fmt.Printf("server VmRSS: %d KB before, %d KB with %d idle sockets: %.1f KB per socket\n",
			rssBefore, after, len(subs), float64(after-rssBefore)/float64(len(subs)))
	}

	if c.board != "" {
		return measureSubmitLatency(ctx, c, subs)
	}
	if c.redisURL == "" {
		select {
		case <-ctx.Done():
		case <-time.After(c.duration):
		}
		return nil
	}
	return measureLatency(ctx, c, subs)
}

type sub struct {
	ws        *websocket.Conn
	latencies []time.Duration
	closed    atomic.Bool
}

// openAll dials and subscribes every connection, waiting for each
// subscription's confirmation.
func openAll(ctx context.Context, c config) ([]*sub, error) {
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 1024}
	hdr := http.Header{}
	if c.origin != "" {
		hdr.Set("Origin", c.origin)
	}
	subs := make([]*sub, c.conns)
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range c.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= c.conns || ctx.Err() != nil {
					return
				}
				s, err := openOne(ctx, d, c, hdr)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("connection %d: %w", i, err)
					}
					mu.Unlock()
					return
				}
				subs[i] = s
			}
		}()
	}
	wg.Wait()
	out := subs[:0]
	for _, s := range subs {
		if s != nil {
			out = append(out, s)
		}
	}
	return out, firstErr
}

func openOne(ctx context.Context, d websocket.Dialer, c config, hdr http.Header) (*sub, error) {
	ws, _, err := d.DialContext(ctx, c.url, hdr)
	if err != nil {
		return nil, err
	}
	if err := ws.WriteJSON(map[string]string{"type": "subscribe", "topic": c.topic}); err != nil {
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var m struct{ Type, Topic, Message string }
		if err := ws.ReadJSON(&m); err != nil {
			return nil, err
		}
		if m.Type == "error" {
			return nil, fmt.Errorf("subscribe: %s", m.Message)
		}
		if m.Type == "subscribed" && m.Topic == c.topic {
			_ = ws.SetReadDeadline(time.Time{})
			return &sub{ws: ws}, nil
		}
	}
}

// measureLatency publishes timestamped events at a steady rate and records,
// on every subscriber, how long each took to arrive.
func measureLatency(ctx context.Context, c config, subs []*sub) error {
	opt, err := redis.ParseURL(c.redisURL)
	if err != nil {
		return err
	}
	opt.DisableIdentity = true
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	channel := game.NewKeys(c.prefix).Channel(c.topic)

	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, b, err := s.ws.ReadMessage()
				if err != nil {
					s.closed.Store(true)
					return
				}
				now := time.Now()
				var m struct {
					Type   string `json:"type"`
					SentNS int64  `json:"sent_ns"`
				}
				if json.Unmarshal(b, &m) == nil && m.Type == "bench" {
					s.latencies = append(s.latencies, now.Sub(time.Unix(0, m.SentNS)))
				}
			}
		}()
	}

	tick := time.NewTicker(time.Second / time.Duration(c.rate))
	defer tick.Stop()
	end := time.After(c.duration)
	sent := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-end:
			break loop
		case <-tick.C:
			payload := `{"type":"bench","topic":"` + c.topic + `","sent_ns":` + strconv.FormatInt(time.Now().UnixNano(), 10) + `}`
			if err := rdb.Publish(ctx, channel, payload).Err(); err != nil {
				return err
			}
			sent++
		}
	}
	time.Sleep(2 * time.Second) // let the last events land
	for _, s := range subs {
		_ = s.ws.Close()
	}
	wg.Wait()

	var all []time.Duration
	dropped := 0
	for _, s := range subs {
		all = append(all, s.latencies...)
		if len(s.latencies) < sent {
			dropped++
		}
	}
	slices.Sort(all)
	if len(all) == 0 {
		return fmt.Errorf("no event arrived")
	}
	fmt.Printf("published %d events at %d/s to %d subscribers: %d deliveries (expected %d), %d subscribers missed some\n",
		sent, c.rate, len(subs), len(all), sent*len(subs), dropped)
	fmt.Printf("latency %s\n", percentiles(all))
	return nil
}

// percentiles sums up sorted latencies.
func percentiles(all []time.Duration) string {
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	return fmt.Sprintf("p50 %v  p90 %v  p99 %v  max %v", round(pct(.50)), round(pct(.90)), round(pct(.99)), round(all[len(all)-1]))
}

// measureSubmitLatency submits rising scores to the board at a steady rate
// as one guest and records, on every subscriber, how long each score took
// to show in a leaderboard.top snapshot.
func measureSubmitLatency(ctx context.Context, c config, subs []*sub) error {
	token, err := guestToken(ctx, c.app)
	if err != nil {
		return err
	}
	var sent sync.Map // score -> time submitted
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var seen int64
			for {
				_, b, err := s.ws.ReadMessage()
				if err != nil {
					s.closed.Store(true)
					return
				}
				now := time.Now()
				var m struct {
					Type    string `json:"type"`
					Entries []struct {
						Score int64 `json:"score"`
					} `json:"entries"`
				}
				if json.Unmarshal(b, &m) != nil || m.Type != "leaderboard.top" {
					continue
				}
				var top int64
				for _, e := range m.Entries {
					top = max(top, e.Score)
				}
				for sc := seen + 1; sc <= top; sc++ {
					if t, ok := sent.Load(sc); ok {
						s.latencies = append(s.latencies, now.Sub(t.(time.Time)))
					}
				}
				seen = max(seen, top)
			}
		}()
	}

	// The board's current best is the starting point: scores above it are
	// new bests whatever the board's operator.
	client := &http.Client{Timeout: 10 * time.Second}
	var base int64
	if page, err := getJSON[struct{ Entries []struct{ Score int64 } }](ctx, client, c.app+"/api/v1/leaderboards/"+c.board+"?limit=1"); err == nil && len(page.Entries) > 0 {
		base = page.Entries[0].Score
	}
	tick := time.NewTicker(time.Second / time.Duration(c.rate))
	defer tick.Stop()
	end := time.After(c.duration)
	sent0, refused := 0, 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-end:
			break loop
		case <-tick.C:
			score := base + int64(sent0) + 1
			sent.Store(score, time.Now())
			if st, err := postJSON(ctx, client, c.app+"/api/v1/leaderboards/"+c.board+"/scores", token, map[string]int64{"score": score}); err != nil || st != http.StatusOK {
				refused++
			}
			sent0++
		}
	}
	time.Sleep(2 * time.Second) // let the last snapshots land
	for _, s := range subs {
		_ = s.ws.Close()
	}
	wg.Wait()

	var all []time.Duration
	for _, s := range subs {
		all = append(all, s.latencies...)
	}
	slices.Sort(all)
	if len(all) == 0 {
		return fmt.Errorf("no score arrived")
	}
	fmt.Printf("submitted %d scores at %d/s (%d refused) to %d subscribers: %d deliveries\n",
		sent0, c.rate, refused, len(subs), len(all))
	fmt.Printf("submit to socket: %s\n", percentiles(all))
	return nil
}

// guestToken signs in a guest and returns its bearer token.
func guestToken(ctx context.Context, app string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, app+"/api/v1/auth/guest", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var si struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&si); err != nil || resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("guest sign-in: %d %v", resp.StatusCode, err)
	}
	return si.Token, nil
}

func postJSON(ctx context.Context, c *http.Client, url, token string, body any) (int, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func getJSON[T any](ctx context.Context, c *http.Client, url string) (T, error) {
	var v T
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

func round(d time.Duration) string {
	return strings.TrimSuffix(fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000), "")
}

// rss reads a process's resident set size in KB (0 without a pid).
func rss(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

// raiseFileLimit lifts the open-file limit so thousands of sockets fit.
func raiseFileLimit(want int) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return
	}
	if l.Cur < uint64(want) {
		l.Cur = min(uint64(want), l.Max)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			fmt.Fprintln(os.Stderr, "wsload: raise open-file limit:", err)
		}
	}
}
