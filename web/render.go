package web

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/templates"
)

// render writes a templ component as a 200 page.
func (s *Server) render(c echo.Context, comp templ.Component) error {
	return s.renderStatus(c, http.StatusOK, comp)
}

// renderStatus renders into a buffer first, so a failing component becomes a
// proper error page instead of half a page.
func (s *Server) renderStatus(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// page fills what every layout needs.
func (s *Server) page(c echo.Context, title string) templates.Page {
	p := templates.Page{Title: title, Path: c.Request().URL.Path, Player: currentPlayer(c)}
	if sess := currentSession(c); sess != nil {
		p.CSRF = sess.CSRF
	}
	return p
}
