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
	"github.com/redis/go-redis/v9"

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
}

// Deps are the services the handlers use.
type Deps struct {
	Log      *slog.Logger
	Redis    redis.UniversalClient
	Metrics  *prometheus.Registry
	Accounts *game.Accounts
	// PlayerAdmin and Audit serve the admin pages and API.
	PlayerAdmin *game.PlayerAdmin
	Audit       *game.Audit
	Presence    *game.Presence
	Keys        game.Keys
	// Matchmaker and Matches serve ranked Connect Four; nil disables it.
	Matchmaker *game.Matchmaker
	Matches    *game.Matches
	// Boards serves leaderboards and Target Rush.
	Boards *game.Boards
	// Realtime serves /ws; nil answers 503.
	Realtime Realtime
	// Stats, BoardAdmin and MatchAdmin serve the admin dashboard,
	// leaderboards and matches.
	Stats      *game.Stats
	BoardAdmin *game.BoardAdmin
	MatchAdmin *game.MatchAdmin
}

// Server is the HTTP server: an Echo instance with Ladder's routes.
type Server struct {
	cfg         Config
	log         *slog.Logger
	rdb         redis.UniversalClient
	accounts    *game.Accounts
	playerAdmin *game.PlayerAdmin
	audit       *game.Audit
	presence    *game.Presence
	keys        game.Keys
	mm          *game.Matchmaker
	matches     *game.Matches
	boards      *game.Boards
	realtime    Realtime
	stats       *game.Stats
	boardAdmin  *game.BoardAdmin
	matchAdmin  *game.MatchAdmin
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
	s := &Server{
		cfg:         cfg,
		log:         d.Log,
		rdb:         d.Redis,
		accounts:    d.Accounts,
		playerAdmin: d.PlayerAdmin,
		audit:       d.Audit,
		presence:    d.Presence,
		keys:        d.Keys,
		mm:          d.Matchmaker,
		matches:     d.Matches,
		boards:      d.Boards,
		realtime:    d.Realtime,
		stats:       d.Stats,
		boardAdmin:  d.BoardAdmin,
		matchAdmin:  d.MatchAdmin,
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
