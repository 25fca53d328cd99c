// Package web is Ladder's HTTP surface: the Echo server, its routes, the page
// and JSON API handlers, and the middleware they share. Handlers parse and
// answer; the domain work happens in internal/game.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ladder/ladder/internal/game"
)

// Config is the part of the app's configuration the web layer reads.
type Config struct {
	// CookieSecure is "auto" (Secure when the request came over TLS),
	// "true" or "false".
	CookieSecure string
	// BodyLimit caps request bodies, e.g. "1M".
	BodyLimit string
	// TrustProxy takes the client address from X-Forwarded-For (only behind
	// a proxy that sets it).
	TrustProxy bool
	// SeparateMetrics leaves /metrics off Handler; the app serves
	// MetricsHandler on its own listener instead.
	SeparateMetrics bool
}

// Deps are the services the handlers use.
type Deps struct {
	Log *slog.Logger
	// Ready reports whether the instance can serve (Redis answers); /readyz
	// answers 503 with its error. Nil means always ready.
	Ready    func(ctx context.Context) error
	Metrics  *prometheus.Registry
	Accounts *game.Accounts
	// PlayerAdmin and Audit serve the admin pages and API.
	PlayerAdmin *game.PlayerAdmin
	Audit       AuditLog
	Presence    *game.Presence
	// Matchmaker and Matches serve ranked Connect Four; nil disables it.
	Matchmaker *game.Matchmaker
	Matches    *game.Matches
	// Boards serves leaderboards.
	Boards *game.Boards
	// TargetRush serves the game's runs; nil takes the one Boards vets
	// its scores with.
	TargetRush *game.TargetRush
	// Realtime serves /ws; nil answers 503.
	Realtime Realtime
	// Stats, BoardAdmin and MatchAdmin serve the admin dashboard,
	// leaderboards and matches.
	Stats      StatsSource
	BoardAdmin *game.BoardAdmin
	MatchAdmin *game.MatchAdmin
	// SessionCache, when set, authenticates requests from memory for a
	// short while after each Redis lookup.
	SessionCache *game.SessionCache
}

// Server is the HTTP server: an Echo instance with Ladder's routes.
type Server struct {
	cfg         Config
	log         *slog.Logger
	ready       func(ctx context.Context) error
	accounts    *game.Accounts
	playerAdmin *game.PlayerAdmin
	audit       AuditLog
	presence    *game.Presence
	mm          *game.Matchmaker
	matches     *game.Matches
	boards      *game.Boards
	targetRush  *game.TargetRush
	realtime    Realtime
	stats       StatsSource
	boardAdmin  *game.BoardAdmin
	matchAdmin  *game.MatchAdmin
	sessCache   *game.SessionCache
	scores      *scoreMetrics
	metrics     *httpMetrics
	// adminPlayerSections are added by the parts that have something to
	// show on an admin's player page.
	adminPlayerSections []adminPlayerSection
	registry            *prometheus.Registry
	echo                *echo.Echo
	// unavailableLog rate-limits the warning about 503s.
	unavailableLog game.Throttle

	shutdownMu    sync.Mutex
	shutdownHooks []func(context.Context)
}

// New builds the server and its routes.
func New(cfg Config, d Deps) *Server {
	if cfg.CookieSecure == "" {
		cfg.CookieSecure = "auto"
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	if d.TargetRush == nil && d.Boards != nil {
		d.TargetRush = d.Boards.TargetRush()
	}
	s := &Server{
		cfg:         cfg,
		log:         d.Log,
		ready:       d.Ready,
		accounts:    d.Accounts,
		playerAdmin: d.PlayerAdmin,
		audit:       d.Audit,
		presence:    d.Presence,
		mm:          d.Matchmaker,
		matches:     d.Matches,
		boards:      d.Boards,
		targetRush:  d.TargetRush,
		realtime:    d.Realtime,
		stats:       d.Stats,
		boardAdmin:  d.BoardAdmin,
		matchAdmin:  d.MatchAdmin,
		sessCache:   d.SessionCache,
		scores:      newScoreMetrics(d.Metrics),
		registry:    d.Metrics,
		metrics:     newHTTPMetrics(d.Metrics),
	}
	s.unavailableLog.Every = time.Minute
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	s.echo = e
	s.registerAdminPlayerSections()
	s.routes(e)
	if s.mm != nil {
		d.Metrics.MustRegister(newMatchmakingCollector(s.mm, s.matches))
	}
	return s
}

// Handler is the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// MetricsHandler serves the Prometheus metrics alone, for a listener kept
// off the public network.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	return mux
}

// OnShutdown registers work to do when the server stops (closing sockets
// with 1001, stopping background loops).
func (s *Server) OnShutdown(fn func(context.Context)) {
	s.shutdownMu.Lock()
	defer s.shutdownMu.Unlock()
	s.shutdownHooks = append(s.shutdownHooks, fn)
}

// Shutdown runs the shutdown hooks.
func (s *Server) Shutdown(ctx context.Context) {
	s.shutdownMu.Lock()
	hooks := s.shutdownHooks
	s.shutdownMu.Unlock()
	for _, fn := range hooks {
		fn(ctx)
	}
}

// Routes lists every route the server answers, for tests that walk them.
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }
