package web

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// auditFilter reads the audit log's filter parameters.
func auditFilter(c echo.Context) game.AuditFilter {
	return game.AuditFilter{
		Action: strings.TrimSpace(c.QueryParam("action")),
		Actor:  strings.TrimSpace(c.QueryParam("actor")),
		Target: strings.TrimSpace(c.QueryParam("target")),
	}
}

func (s *Server) apiAdminAuditCSV(c echo.Context) error { return s.auditCSV(c, auditFilter(c)) }

// auditCSV writes every entry passing the filter, newest first, as CSV.
func (s *Server) auditCSV(c echo.Context, f game.AuditFilter) error {
	if err := f.Validate(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="ladder-audit.csv"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"time", "actor", "actor_id", "action", "action_name", "target", "target_id", "reason", "duration"})
	var werr error
	err := s.audit.Each(c.Request().Context(), f, func(e game.AuditEntry) bool {
		werr = w.Write([]string{game.AuditTime(e.At), csvCell(e.Actor), e.ActorID, e.Action, game.AuditActionName(e.Action),
			csvCell(e.Target), e.TargetID, csvCell(e.Reason), e.Duration})
		return werr == nil
	})
	w.Flush()
	if err != nil {
		// The status is sent; all that is left is to log and stop.
		s.log.Error("audit export failed", slog.Any("error", err))
	}
	return nil
}

// csvCell defuses text a spreadsheet would run as a formula: a cell that
// starts with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before looking) gets a leading apostrophe.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
