// Command loadgen drives a running Ladder over real HTTP: guest players
// signed in with bearer tokens submit scores to one board while others read
// its top page (or, with -around, the entries around a player), and it
// reports throughput and latency percentiles per kind of request. The app should run with a score limit that does not get in
// the way (e.g. SCORE_RATE_LIMIT=1000000); refused submissions are counted
// apart.
//
//	go run ./cmd/loadgen -base http://127.0.0.1:8090 -admin boss:secret-pass \
//	    -players 200 -duration 20s -concurrency 64 -submit 0.5
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type config struct {
	base        string
	admin       string
	board       string
	players     int
	duration    time.Duration
	concurrency int
	submit      float64
	limit       int
	around      float64
	pause       time.Duration
}

func run(args []string, out io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.StringVar(&cfg.base, "base", "http://127.0.0.1:8080", "base URL of the app")
	fs.StringVar(&cfg.admin, "admin", "", "admin username:password, to create the board (else it must exist)")
	fs.StringVar(&cfg.board, "board", "loadgen", "board to use (created as desc/set/never with -admin)")
	fs.IntVar(&cfg.players, "players", 100, "guest players to sign in")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long to run")
	fs.IntVar(&cfg.concurrency, "concurrency", 32, "requests in flight")
	fs.Float64Var(&cfg.submit, "submit", 0.5, "share of requests that submit a score (the rest read the top page)")
	fs.IntVar(&cfg.limit, "limit", 100, "top page size")
	fs.Float64Var(&cfg.around, "around", 0, "share of reads that ask for the entries around a random player (radius 5) "+
		"instead of the top page; every player then scores once first")
	fs.DurationVar(&cfg.pause, "pause", 0, "soak mode: pause of each client between visitors, to set the sign-up rate")
	soakRedis := fs.String("soak-redis", "", "soak mode: churn guests, sockets, runs and tickets for -duration, printing "+
		"DBSIZE and used_memory of this Redis URL every minute")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.players < 1 || cfg.concurrency < 1 || cfg.submit < 0 || cfg.submit > 1 || cfg.around < 0 || cfg.around > 1 || cfg.duration <= 0 {
		return errors.New("players and concurrency must be ≥ 1, submit and around in [0,1], duration > 0")
	}
	cfg.base = strings.TrimRight(cfg.base, "/")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: cfg.concurrency * 2, MaxIdleConnsPerHost: cfg.concurrency * 2, IdleConnTimeout: time.Minute,
	}}
	ctx := context.Background()
	if *soakRedis != "" {
		return soak(ctx, client, cfg, *soakRedis, out)
	}
	if cfg.admin != "" {
		if err := createBoard(ctx, client, cfg); err != nil {
			return err
		}
	}
	players, err := signIn(ctx, client, cfg)
	if err != nil {
		return err
	}
	if cfg.around > 0 {
		if err := seed(ctx, client, cfg, players); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%d players signed in; %d concurrent clients for %s, %.0f%% submissions, reads %.0f%% around-me and the rest top %d\n",
		len(players), cfg.concurrency, cfg.duration, cfg.submit*100, cfg.around*100, cfg.limit)
	res := drive(ctx, client, cfg, players)
	res.print(out, cfg.duration)
	return nil
}

// call sends one JSON request and returns the status and body.
func call(ctx context.Context, c *http.Client, method, url, token string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func createBoard(ctx context.Context, c *http.Client, cfg config) error {
	user, pass, _ := strings.Cut(cfg.admin, ":")
	st, body, err := call(ctx, c, http.MethodPost, cfg.base+"/api/v1/auth/login", "", map[string]string{"username": user, "password": pass})
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("admin login: %d %s %v", st, body, err)
	}
	var si struct{ Token string }
	if err := json.Unmarshal(body, &si); err != nil {
		return err
	}
	st, body, err = call(ctx, c, http.MethodPost, cfg.base+"/api/v1/admin/leaderboards", si.Token,
		map[string]any{"id": cfg.board, "title": "Load test", "order": "desc", "operator": "set", "reset": "never"})
	if err != nil || (st != http.StatusCreated && st != http.StatusConflict) {
		return fmt.Errorf("create board: %d %s %v", st, body, err)
	}
	return nil
}

// player is a signed-in guest.
type player struct{ token, id string }

// signIn creates the guest players, a few at a time.
func signIn(ctx context.Context, c *http.Client, cfg config) ([]player, error) {
	players := make([]player, cfg.players)
	errs := make(chan error, cfg.players)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range players {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			st, body, err := call(ctx, c, http.MethodPost, cfg.base+"/api/v1/auth/guest", "", struct{}{})
			if err != nil || st != http.StatusCreated {
				errs <- fmt.Errorf("guest sign-in: %d %.200s %v", st, body, err)
				return
			}
			var si struct {
				Token  string
				Player struct{ ID string }
			}
			if err := json.Unmarshal(body, &si); err != nil {
				errs <- err
				return
			}
			players[i] = player{token: si.Token, id: si.Player.ID}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return players, nil
}

// seed gives every player a score, so each has a place to read around.
func seed(ctx context.Context, c *http.Client, cfg config, players []player) error {
	url := fmt.Sprintf("%s/api/v1/leaderboards/%s/scores", cfg.base, cfg.board)
	for i, p := range players {
		st, body, err := call(ctx, c, http.MethodPost, url, p.token, map[string]int{"score": (i * 7919) % 1_000_000})
		if err != nil || st != http.StatusOK {
			return fmt.Errorf("seed score: %d %.200s %v", st, body, err)
		}
	}
	return nil
}

// kind is one sort of request and what happened to it.
type kind struct {
	lat      []time.Duration
	statuses map[int]int
	errors   int
}

type results struct{ submit, top, around kind }

func (k *kind) add(o kind) {
	k.lat = append(k.lat, o.lat...)
	if k.statuses == nil {
		k.statuses = map[int]int{}
	}
	for s, n := range o.statuses {
		k.statuses[s] += n
	}
	k.errors += o.errors
}

func (k *kind) record(d time.Duration, status int, err error) {
	if k.statuses == nil {
		k.statuses = map[int]int{}
	}
	if err != nil {
		k.errors++
		return
	}
	k.statuses[status]++
	if status < 300 {
		k.lat = append(k.lat, d)
	}
}

func drive(ctx context.Context, c *http.Client, cfg config, players []player) results {
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var mu sync.Mutex
	var total results
	var wg sync.WaitGroup
	topURL := fmt.Sprintf("%s/api/v1/leaderboards/%s?limit=%d", cfg.base, cfg.board, cfg.limit)
	scoreURL := fmt.Sprintf("%s/api/v1/leaderboards/%s/scores", cfg.base, cfg.board)
	for w := range cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			var mine results
			for ctx.Err() == nil {
				start := time.Now()
				if rng.Float64() < cfg.submit {
					tok := players[rng.IntN(len(players))].token
					st, _, err := call(ctx, c, http.MethodPost, scoreURL, tok, map[string]int{"score": rng.IntN(1_000_000)})
					if ctx.Err() != nil {
						break
					}
					mine.submit.record(time.Since(start), st, err)
				} else if rng.Float64() < cfg.around {
					id := players[rng.IntN(len(players))].id
					st, _, err := call(ctx, c, http.MethodGet, fmt.Sprintf("%s/api/v1/leaderboards/%s/around/%s?radius=5", cfg.base, cfg.board, id), "", nil)
					if ctx.Err() != nil {
						break
					}
					mine.around.record(time.Since(start), st, err)
				} else {
					st, _, err := call(ctx, c, http.MethodGet, topURL, "", nil)
					if ctx.Err() != nil {
						break
					}
					mine.top.record(time.Since(start), st, err)
				}
			}
			mu.Lock()
			total.submit.add(mine.submit)
			total.top.add(mine.top)
			total.around.add(mine.around)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

func (r results) print(out io.Writer, d time.Duration) {
	fmt.Fprintf(out, "%-8s %10s %10s %10s %10s  %s\n", "kind", "ok/s", "p50", "p99", "max", "statuses")
	for _, k := range []struct {
		name string
		k    kind
	}{{"submit", r.submit}, {"top", r.top}, {"around", r.around}} {
		lat := slices.Clone(k.k.lat)
		slices.Sort(lat)
		pct := func(p float64) time.Duration {
			if len(lat) == 0 {
				return 0
			}
			return lat[min(len(lat)-1, int(p*float64(len(lat))))]
		}
		var mx time.Duration
		if len(lat) > 0 {
			mx = lat[len(lat)-1]
		}
		fmt.Fprintf(out, "%-8s %10.0f %10s %10s %10s  %v errors=%d\n", k.name, float64(len(lat))/d.Seconds(),
			pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), mx.Round(time.Microsecond), k.k.statuses, k.k.errors)
	}
}
