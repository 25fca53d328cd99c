// Command app runs Ladder: the web server, the JSON API, the WebSocket hub
// and the background workers, against Redis (or an embedded server when none
// is configured).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/realtime"
	"github.com/ladder/ladder/internal/redisx"
	"github.com/ladder/ladder/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ladder:", err)
		os.Exit(1)
	}
}

// run starts Ladder and blocks until ctx is cancelled, then shuts down
// gracefully. The listening address is logged as "listening" with addr.
// "healthcheck" as the first argument runs that subcommand instead.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 1 && args[1] == "healthcheck" {
		return healthcheck(ctx, args[2:], getenv, stdout, stderr)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrFlag := fs.String("addr", "", "listen address (overrides ADDR)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if *addrFlag != "" {
		cfg.Addr = *addrFlag
	}
	log := newLogger(cfg.LogFormat, stdout)
	// go-redis logs every failed dial itself; route it through our logger at
	// debug level, since callers already report what fails.
	redis.SetLogger(redisLogger{log})

	rdb, closeRedis, err := redisx.Open(ctx, redisx.Options{URL: cfg.RedisURL, ClusterAddrs: cfg.RedisClusterAddrs}, log)
	if err != nil {
		return err
	}
	defer closeRedis()
	// Nothing listens until Redis answers, so a load balancer never sees
	// this instance ready before it can serve.
	if err := redisx.WaitReady(ctx, rdb, cfg.RedisWaitTimeout, log); err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	keys := game.NewKeys(cfg.RedisPrefix)
	// Presence records which players have a socket open on any instance;
	// the hub keeps it fresh and matchmaking reads it.
	presence := game.NewPresence(game.Deps{Redis: rdb, Keys: keys, Log: log})
	// The hub carries every domain event to WebSockets on every instance,
	// through Redis pub/sub; it runs with the background workers below.
	// Lua scripts and publishes of concurrent requests share one
	// auto-pipelined connection per Redis node.
	scripts := redisx.AutoPipeline(rdb, log)
	hub := realtime.New(realtime.NewRedisBroker(rdb, keys).WithScripter(scripts), log, reg, realtime.Options{Presence: presence,
		MaxAnonymousPerAddr: cfg.WSAnonPerAddr, Compression: cfg.WSCompression})
	// Sessions are checked from memory for a second after each lookup; a
	// revocation published here drops them at once, one published
	// elsewhere as its copy arrives on the sessions topic.
	sessionCache := game.NewSessionCache(nil, sessionCacheTTL, sessionCacheSize)
	deps := game.Deps{Redis: rdb, Keys: keys, Log: log, Events: sessionCache.Publisher(hub), Scripts: scripts}
	sessions := game.NewSessions(deps).WithMaxPerPlayer(cfg.MaxSessions)
	sessionCache.Use(sessions)
	hub.Watch(event.SessionsTopic, realtime.Watcher{Message: sessionCache.Revoked, Reset: sessionCache.Reset})
	accounts := game.NewAccounts(deps, sessions, game.LoginLimits{
		PerUser: cfg.LoginRateLimit, PerAddr: 5 * cfg.LoginRateLimit, Window: cfg.LoginRateWindow,
	}).WithSignupLimits(game.SignupLimits{PerAddr: cfg.SignupRateLimit, Window: cfg.SignupRateWindow})
	firstAdminPassword, err := ensureAdmin(ctx, accounts, cfg, log)
	if err != nil {
		return err
	}

	targetRush := game.NewTargetRush(deps, game.TargetRushOptions{
		Round: testRoundDuration, RunLimit: cfg.RunRateLimit, RunWindow: cfg.RunRateWindow,
	})
	boards := game.NewBoards(deps, game.BoardOptions{
		ScoreRateLimit: cfg.ScoreRateLimit, ScoreRateWindow: cfg.ScoreRateWindow, TargetRush: targetRush,
	})
	if err := boards.EnsureBuiltins(ctx); err != nil {
		return fmt.Errorf("ensure leaderboards: %w", err)
	}
	matches := game.NewMatches(deps, game.MatchConfig{TurnTimeout: cfg.TurnTimeout, Retention: cfg.MatchRetention}, boards)
	matchmaker := game.NewMatchmaker(deps, matches, presence)
	audit := game.NewAudit(deps)
	playerAdmin := game.NewPlayerAdmin(deps, accounts, audit, matchmaker, matches, boards, targetRush, presence)
	if err := accounts.EnsureIndexes(ctx); err != nil {
		return fmt.Errorf("search indexes: %w", err)
	}
	// The dashboard adds up every instance's sockets and spectator counts
	// add up every instance's viewers; each names itself.
	instanceID := uuid.NewString()
	stats := game.NewStats(deps, instanceID, presence, matchmaker, matches, func() (int, int) {
		st := hub.Stats()
		return st.Sockets, st.Subscriptions
	})

	// Live topics: boards send coalesced top-25 snapshots, matches forward
	// their events after a state snapshot, the stats topic is for admins.
	hub.Handle(event.LeaderboardPrefix, realtime.LeaderboardHandler(boards))
	hub.Handle(event.MatchPrefix, realtime.TopicHandler{Snapshot: func(ctx context.Context, topic string) ([]byte, error) {
		return matches.StateMessage(ctx, strings.TrimPrefix(topic, "match:"))
	}})
	hub.Handle(event.StatsTopic, realtime.TopicHandler{Authorize: realtime.AdminOnly})
	// The live list: any change only marks it, subscribers get coalesced
	// matches.live snapshots.
	hub.Handle(event.MatchesTopic, realtime.TopicHandler{Coalesce: true, Snapshot: func(ctx context.Context, _ string) ([]byte, error) {
		return matches.LiveMessage(ctx)
	}})

	// Rematch offers and acceptances arrive as client messages; the socket
	// hook lets the last socket of a player withdraw their offer.
	rematches := game.NewRematches(deps, matchmaker, presence, cfg.RematchTTL)
	hub.HandleMessage(event.TypeRematchOffer, func(ctx context.Context, who *game.Player, data []byte) (any, error) {
		req, err := decodeRematch(data)
		if err != nil {
			return nil, err
		}
		if reply, err := rematches.Offer(ctx, who, req.MatchID); reply != nil || err != nil {
			return reply, err
		}
		return nil, nil
	})
	hub.HandleMessage(event.TypeRematchAccept, func(ctx context.Context, who *game.Player, data []byte) (any, error) {
		req, err := decodeRematch(data)
		if err != nil {
			return nil, err
		}
		_, err = rematches.Accept(ctx, who, req.MatchID)
		return nil, err
	})
	hub.OnSocket(func(ctx context.Context, playerID string, open bool) error {
		if open {
			return rematches.SocketOpened(ctx, playerID)
		}
		return rematches.SocketClosed(ctx, playerID)
	})

	srv := web.New(web.Config{CookieSecure: cfg.CookieSecure, TrustProxy: cfg.TrustProxy,
		SeparateMetrics: cfg.MetricsAddr != ""}, web.Deps{
		Log: log, Metrics: reg, Accounts: accounts, PlayerAdmin: playerAdmin, Audit: audit,
		Ready:    func(ctx context.Context) error { return redisx.Ready(ctx, rdb, keys.Prefix()+":readyz") },
		Presence: presence, Matchmaker: matchmaker, Matches: matches, Boards: boards, TargetRush: targetRush,
		Realtime: hub, Stats: stats, BoardAdmin: game.NewBoardAdmin(deps, boards, accounts, audit),
		MatchAdmin:   game.NewMatchAdmin(deps, matches, audit),
		SessionCache: sessionCache,
	})
	srv.OnShutdown(hub.Close)

	// Background workers: every instance runs them; they coordinate
	// through Redis. They stop with workCtx, before Redis is closed.
	workCtx, stopWork := context.WithCancel(ctx)
	var workers sync.WaitGroup
	defer func() { stopWork(); workers.Wait() }()
	// work runs a background loop until shutdown; run waits for them all.
	work := func(loop func(context.Context)) {
		workers.Add(1)
		go func() { defer workers.Done(); loop(workCtx) }()
	}
	work(func(ctx context.Context) {
		if err := hub.Run(ctx); err != nil {
			log.Error("realtime hub stopped", slog.Any("error", err))
		}
	})
	work(matchmaker.Run)
	work(func(ctx context.Context) { playerAdmin.RunBanSweeper(ctx, cfg.BanSweepInterval) })
	work(stats.Run)
	work(matches.RunSweeper)
	work(game.NewRetention(deps, playerAdmin, cfg.GuestRetention, cfg.MatchRetention).Run)
	work(func(ctx context.Context) {
		hub.ReportSpectators(ctx, matches.Spectators(), realtime.SpectatorOptions{
			Instance: instanceID, Changed: matches.SpectatorsChanged,
		})
	})

	stopMetrics, err := serveMetrics(cfg.MetricsAddr, srv.MetricsHandler(), log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// A client gets ReadTimeout to send a whole request and WriteTimeout to
	// take the answer, so a trickled body or a stalled reader cannot hold a
	// connection. The WebSocket upgrade clears both deadlines on the hijacked
	// connection and /ws sets its own.
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: min(10*time.Second, cfg.ReadTimeout),
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Announced before serving: whoever gets an answer has the line.
	log.Info("listening", "addr", ln.Addr().String())
	announce(log, ln.Addr(), firstAdminPassword)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// Stop accepting and finish in-flight requests; hijacked WebSockets are
	// closed by the server's shutdown hooks with 1001 so clients reconnect
	// elsewhere.
	shutdownErr := make(chan error, 1)
	go func() { shutdownErr <- httpSrv.Shutdown(sctx) }()
	srv.Shutdown(sctx)
	if err := <-shutdownErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}

// testRoundDuration shortens Target Rush rounds in end-to-end tests. Only a
// _test.go file assigns it; zero (production) means the real 30 s.
var testRoundDuration time.Duration

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// decodeRematch reads a rematch.offer or rematch.accept message.
func decodeRematch(data []byte) (event.RematchRequest, error) {
	var req event.RematchRequest
	if err := json.Unmarshal(data, &req); err != nil || req.MatchID == "" {
		return req, game.Invalidf("a rematch message needs a match_id")
	}
	return req, nil
}

// The session cache: a second keeps a revocation's worst case (an instance
// whose copy of the event is lost until pub/sub reconnects) short, and
// 10,000 sessions cover a busy instance in a few megabytes.
const (
	sessionCacheTTL  = time.Second
	sessionCacheSize = 10000
)
