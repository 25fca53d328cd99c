package web

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// Context keys for what authenticate finds.
const (
	ctxPlayer  = "ladder.player"
	ctxSession = "ladder.session"
	ctxBearer  = "ladder.bearer"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "ladder_session"

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		recordHijack(c.Response())
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		r := c.Request()
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" ||
			strings.HasPrefix(r.URL.Path, "/static/") {
			return nil
		}
		s.log.Info("request", "request_id", requestID(c), "method", r.Method, "path", r.URL.Path,
			"status", c.Response().Status, "bytes", c.Response().Size,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "addr", c.RealIP())
		return nil
	}
}

// ContentSecurityPolicy is sent with every response. Pages load scripts and
// styles only from this site, with no inline code, so injected markup cannot
// run; frame-ancestors 'none' keeps pages out of other sites' frames.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate finds the signed-in player from a bearer token or the
// session cookie. A request without valid credentials goes on anonymously;
// routes that need a player say so with requirePlayer.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := bearerToken(c.Request())
		viaBearer := token != ""
		if !viaBearer {
			if ck, err := c.Cookie(SessionCookie); err == nil {
				token = ck.Value
			}
		}
		if token == "" {
			return next(c)
		}
		// One round trip: the session script also reads the player and
		// refuses (and deletes) the session of a banned or deleted one.
		auth := s.accounts.Sessions().Authenticate
		if s.sessCache != nil && cachedAuthRoute(c.Request()) {
			auth = s.sessCache.Authenticate
		}
		sess, p, err := auth(c.Request().Context(), token)
		switch {
		case err == nil:
		case game.ErrorCode(err) == game.CodeUnauthorized:
			if viaBearer {
				return err // a client that sent a token wants to know it is dead
			}
			s.clearSessionCookie(c)
			return next(c)
		case game.ErrorCode(err) == game.CodeForbidden:
			if viaBearer {
				return game.Errorf(game.CodeForbidden, "this account is banned")
			}
			s.clearSessionCookie(c)
			return next(c)
		default:
			return err
		}
		c.Set(ctxPlayer, p)
		c.Set(ctxSession, sess)
		c.Set(ctxBearer, viaBearer)
		return next(c)
	}
}

func currentPlayer(c echo.Context) *game.Player {
	p, _ := c.Get(ctxPlayer).(*game.Player)
	return p
}

func currentSession(c echo.Context) *game.Session {
	s, _ := c.Get(ctxSession).(*game.Session)
	return s
}

func isBearer(c echo.Context) bool {
	b, _ := c.Get(ctxBearer).(bool)
	return b
}

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrf protects unsafe requests that a browser could be tricked into
// sending. Bearer requests are exempt (browsers never add that header on
// their own). Everything else must not come from another site, and a request
// carried by the session cookie must also present the session's CSRF token
// in X-CSRF-Token or the _csrf form field.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if isSafeMethod(r.Method) || isBearer(c) {
			return next(c)
		}
		if crossSite(r) {
			return game.Errorf(game.CodeForbidden, "cross-site request refused (CSRF)")
		}
		sess := currentSession(c)
		if sess == nil {
			return next(c)
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" && isForm(r) {
			got = c.FormValue("_csrf")
		}
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
			return game.Errorf(game.CodeForbidden, "missing or invalid CSRF token")
		}
		return next(c)
	}
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}

// crossSite reports whether the browser told us the request comes from
// another site, through Sec-Fetch-Site or an Origin that is not ours.
func crossSite(r *http.Request) bool {
	if sfs := r.Header.Get("Sec-Fetch-Site"); sfs == "cross-site" {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	return !SameOrigin(origin, r.Host)
}

// SameOrigin reports whether an Origin header names the host the request was
// sent to. "null" (sandboxed frames, some redirects) never matches.
func SameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// requirePlayer refuses requests without a signed-in player.
func (s *Server) requirePlayer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentPlayer(c) == nil {
			return game.Errorf(game.CodeUnauthorized, "sign in first")
		}
		return next(c)
	}
}

// requireAdmin refuses requests from anyone but an admin.
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := currentPlayer(c)
		if p == nil {
			return game.Errorf(game.CodeUnauthorized, "sign in first")
		}
		if !p.IsAdmin() {
			return game.Errorf(game.CodeForbidden, "administrators only")
		}
		return next(c)
	}
}

// cachedAuthRoute says whether a request may be authenticated from the
// session cache: score submissions, the hot write path, which need only
// the player's id and name (boards keep the newest name by its version).
// Everything else reads the session and player fresh, so a page never
// shows a rating or role a second old.
func cachedAuthRoute(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/leaderboards/") &&
		strings.HasSuffix(r.URL.Path, "/scores")
}
