package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"
)

// soak runs steady churn for cfg.duration: guests sign up, open a socket,
// start a Target Rush run, queue and leave, and sign out; every minute it
// prints the Redis key count and used_memory, which should stay flat once
// retention has caught up (run the app with short GUEST_RETENTION and
// MATCH_RETENTION to see it within minutes).
func soak(ctx context.Context, client *http.Client, cfg config, redisURL string, out io.Writer) error {
	o, err := redis.ParseURL(redisURL)
	if err != nil {
		return fmt.Errorf("-redis: %w", err)
	}
	o.DisableIdentity = true
	rdb := redis.NewClient(o)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var cycles, failures int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				err := soakCycle(ctx, client, cfg.base)
				time.Sleep(cfg.pause)
				mu.Lock()
				cycles++
				if err != nil && ctx.Err() == nil {
					failures++
				}
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	report := func() {
		n, _ := rdb.DBSize(context.Background()).Result()
		info, _ := rdb.Info(context.Background(), "memory").Result()
		used := ""
		for _, line := range strings.Split(info, "\r\n") {
			if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
				used = v
			}
		}
		mu.Lock()
		c, f := cycles, failures
		mu.Unlock()
		mb, _ := strconv.ParseFloat(used, 64)
		fmt.Fprintf(out, "%5.1f min  keys %7d  used_memory %7.2f MB  cycles %d  failed %d\n",
			time.Since(start).Minutes(), n, mb/(1<<20), c, f)
	}
	report()
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			report()
			return nil
		case <-t.C:
			report()
		}
	}
}

// soakCycle is one visitor: sign up as a guest, a socket, a run, a ticket
// queued and left, sign out.
func soakCycle(ctx context.Context, client *http.Client, base string) error {
	var si struct {
		Token string `json:"token"`
	}
	if err := soakCall(ctx, client, base, "", "POST", "/api/v1/auth/guest", &si); err != nil {
		return err
	}
	h := http.Header{"Authorization": {"Bearer " + si.Token}, "Origin": {base}}
	ws, _, err := websocket.DefaultDialer.DialContext(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws", h)
	if err == nil {
		defer ws.Close()
	}
	_ = soakCall(ctx, client, base, si.Token, "POST", "/api/v1/games/target-rush/runs", nil)
	var tk struct {
		TicketID string `json:"ticket_id"`
	}
	if err := soakCall(ctx, client, base, si.Token, "POST", "/api/v1/matchmaking/connect4/tickets", &tk); err == nil {
		_ = soakCall(ctx, client, base, si.Token, "DELETE", "/api/v1/matchmaking/tickets/"+tk.TicketID, nil)
	}
	return soakCall(ctx, client, base, si.Token, "POST", "/api/v1/auth/logout", nil)
}

// soakCall sends one request; a status of 400 or more is an error.
func soakCall(ctx context.Context, c *http.Client, base, token, method, path string, into any) error {
	status, body, err := call(ctx, c, method, base+path, token, nil)
	if err != nil {
		return err
	}
	if status >= 400 {
		return fmt.Errorf("%s %s: %d %s", method, path, status, body)
	}
	if into != nil {
		return json.Unmarshal(body, into)
	}
	return nil
}
