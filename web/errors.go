package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redisx"
	"github.com/ladder/ladder/templates"
)

// statusOf maps domain error codes to HTTP statuses.
var statusOf = map[string]int{
	game.CodeInvalid:      http.StatusBadRequest,
	game.CodeUnauthorized: http.StatusUnauthorized,
	game.CodeForbidden:    http.StatusForbidden,
	game.CodeNotFound:     http.StatusNotFound,
	game.CodeConflict:     http.StatusConflict,
	game.CodeRateLimited:  http.StatusTooManyRequests,
	game.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	game.CodeUnavailable:  http.StatusServiceUnavailable,
	game.CodeInternal:     http.StatusInternalServerError,
}

// codeOf maps statuses produced by Echo itself back to codes.
var codeOf = map[int]string{
	http.StatusBadRequest:            game.CodeInvalid,
	http.StatusUnauthorized:          game.CodeUnauthorized,
	http.StatusForbidden:             game.CodeForbidden,
	http.StatusNotFound:              game.CodeNotFound,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusConflict:              game.CodeConflict,
	http.StatusRequestEntityTooLarge: "body_too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusTooManyRequests:       game.CodeRateLimited,
	http.StatusServiceUnavailable:    game.CodeUnavailable,
}

// apiError is the JSON error body: {"error":{"code","message"}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// classify turns any error into a status, a code and a message fit to show.
func classify(err error) (status int, code, message string, retry int) {
	var ge *game.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ge):
		status = statusOf[ge.Code]
		if status == 0 {
			status = http.StatusInternalServerError
		}
		if ge.RetryAfter > 0 {
			retry = int((ge.RetryAfter.Milliseconds() + 999) / 1000)
		}
		return status, ge.Code, ge.Message, retry
	case errors.As(err, &he):
		status = he.Code
		code = codeOf[status]
		if code == "" {
			code = strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
		}
		message = http.StatusText(status)
		if m, ok := he.Message.(string); ok && m != "" {
			message = m
		}
		if status == http.StatusRequestEntityTooLarge {
			message = "request body is too large"
		}
		return status, code, message, 0
	case redisx.IsUnavailable(err):
		return http.StatusServiceUnavailable, game.CodeUnavailable, "the data store is unavailable, try again shortly", 1
	default:
		return http.StatusInternalServerError, game.CodeInternal, "something went wrong on our side", 0
	}
}

// handleError is Echo's error handler: JSON for the API, a page otherwise.
// Only server-side failures are logged as errors.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, message, retry := classify(err)
	switch {
	case status == http.StatusServiceUnavailable:
		// Redis refusing service shows on every request at once: one
		// warning a minute says it, the 503s tell the clients.
		if s.unavailableLog.Allow(time.Now()) {
			s.log.Warn("request refused: service unavailable (repeats are not logged for a minute)",
				"request_id", requestID(c), "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
		}
		retry = max(retry, 1)
	case status >= 500:
		s.log.Error("request failed", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "status", status, slog.Any("error", err))
	}
	if retry > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retry))
	}
	if wantsJSON(c) {
		_ = c.JSON(status, apiError{Error: apiErrorBody{Code: code, Message: message}})
		return
	}
	if status == http.StatusUnauthorized && c.Request().Method == http.MethodGet {
		_ = c.Redirect(http.StatusSeeOther, "/login?next="+c.Request().URL.RequestURI())
		return
	}
	_ = s.renderStatus(c, status, templates.ErrorPage(s.page(c, http.StatusText(status)), status, message))
}

// wantsJSON is true for API routes and for clients that only accept JSON.
func wantsJSON(c echo.Context) bool {
	r := c.Request()
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/ws" {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

func (s *Server) apiNotFound(c echo.Context) error {
	return game.NotFoundf("no API route %s %s", c.Request().Method, c.Request().URL.Path)
}
