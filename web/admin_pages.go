package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// AuditLog is what the admin pages and API read of game.Audit.
type AuditLog interface {
	// List gives up to limit entries, newest first, older than the entry
	// id before ("" for the newest), and the id of the next page.
	List(ctx context.Context, before string, limit int) ([]game.AuditEntry, string, error)
	// ListFiltered is List narrowed by a filter.
	ListFiltered(ctx context.Context, f game.AuditFilter, before string, limit int) ([]game.AuditEntry, string, error)
	// Each calls fn with every entry passing the filter, newest first,
	// until fn returns false.
	Each(ctx context.Context, f game.AuditFilter, fn func(game.AuditEntry) bool) error
}

func (s *Server) adminPlayersPage(c echo.Context) error {
	q, err := playerQuery(c, 25)
	if err != nil {
		return err
	}
	res, err := s.playerAdmin.Query(c.Request().Context(), q)
	if err != nil {
		return err
	}
	p := s.page(c, "Players")
	p.Flash = flashMessage(c.QueryParam("done"))
	return s.render(c, templates.AdminPlayers(p, templates.AdminPlayersView{Query: q, Results: res}))
}

// adminPlayerSections are extra sections of the admin player page that other
// parts of the product contribute (scores, matches).
type adminPlayerSection func(c echo.Context, p *game.Player) (templ.Component, error)

func (s *Server) adminPlayerPage(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.accounts.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	sessions, err := s.accounts.Sessions().List(ctx, p.ID)
	if err != nil {
		return err
	}
	v := templates.AdminPlayerView{Player: p, Sessions: sessions}
	if s.presence != nil {
		if t, ok, err := s.presence.LastSeenEver(ctx, p.ID); err != nil {
			return err
		} else if ok {
			v.LastSeen = &t
		}
	}
	for _, section := range s.adminPlayerSections {
		comp, err := section(c, p)
		if err != nil {
			return err
		}
		v.Extra = append(v.Extra, comp)
	}
	page := s.page(c, p.DisplayName)
	page.Flash = flashMessage(c.QueryParam("done"))
	if e := c.QueryParam("error"); e != "" && len(e) < 300 {
		page.Flash = "Not done: " + e
	}
	return s.render(c, templates.AdminPlayer(page, v))
}

// flashMessage turns the ?done= marker of a redirect after an action into a
// notice.
func flashMessage(done string) string {
	return map[string]string{
		"banned":   "The player was banned: their sessions and sockets are closed.",
		"unbanned": "The ban was lifted.",
		"renamed":  "Display name changed.",
		"ended":    "Every session of the player has ended.",
		"deleted":  "The player was deleted.",
		"reset":    "Scores reset.",
	}[done]
}

// adminAction runs one form action and redirects back with a notice, or
// re-renders the player page with the error.
func (s *Server) adminAction(do func(c echo.Context, id string) error, done string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Param("id")
		if err := do(c, id); err != nil {
			_, code, msg, _ := classify(err)
			if code == game.CodeInternal || code == game.CodeUnavailable || code == game.CodeNotFound {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/admin/players/"+id+"?error="+url.QueryEscape(msg))
		}
		if done == "deleted" {
			return c.Redirect(http.StatusSeeOther, "/admin/players?done=deleted")
		}
		return c.Redirect(http.StatusSeeOther, "/admin/players/"+id+"?done="+done)
	}
}

func (s *Server) adminBanSubmit(c echo.Context, id string) error {
	choice := c.FormValue("duration")
	if choice == "custom" {
		choice = c.FormValue("custom_duration")
		if strings.TrimSpace(choice) == "" {
			return game.Invalidf("give the custom duration, such as 36h or 90m")
		}
	}
	d, err := game.ParseBanDuration(choice)
	if err != nil {
		return err
	}
	_, err = s.playerAdmin.BanFor(c.Request().Context(), actor(c), id, c.FormValue("reason"), d)
	return err
}

func (s *Server) adminUnbanSubmit(c echo.Context, id string) error {
	_, err := s.playerAdmin.Unban(c.Request().Context(), actor(c), id)
	return err
}

func (s *Server) adminRenameSubmit(c echo.Context, id string) error {
	_, err := s.playerAdmin.SetDisplayName(c.Request().Context(), actor(c), id, c.FormValue("display_name"))
	return err
}

func (s *Server) adminEndSessionsSubmit(c echo.Context, id string) error {
	_, err := s.playerAdmin.EndSessions(c.Request().Context(), actor(c), id)
	return err
}

func (s *Server) adminDeleteSubmit(c echo.Context, id string) error {
	return s.playerAdmin.Delete(c.Request().Context(), actor(c), id)
}

func (s *Server) adminAuditPage(c echo.Context) error {
	f := auditFilter(c)
	entries, next, err := s.audit.ListFiltered(c.Request().Context(), f, c.QueryParam("before"), 50)
	if err != nil {
		return err
	}
	return s.render(c, templates.AdminAudit(s.page(c, "Audit log"), templates.AdminAuditView{Entries: entries, Next: next, Filter: f}))
}

func (s *Server) adminDashboardPage(c echo.Context) error {
	ctx := c.Request().Context()
	recent, _, err := s.audit.List(ctx, "", 8)
	if err != nil {
		return err
	}
	v := templates.AdminDashboardView{Recent: templates.AdminAuditView{Entries: recent}}
	if s.stats == nil {
		total, err := s.accounts.Count(ctx)
		if err != nil {
			return err
		}
		v.Stats = []templates.AdminStat{{Key: "players_total", Label: "Players", Value: strconv.FormatInt(total, 10), Format: "int"}}
		return s.render(c, templates.AdminDashboard(s.page(c, "Dashboard"), v))
	}
	st, err := s.loadAdminStats(c)
	if err != nil {
		return err
	}
	v.Stats = dashboardStats(st.StatsFigures)
	v.Charts = templates.ChartsFromHistory(st.History)
	if c.QueryParam("part") == "charts" {
		return s.render(c, templates.AdminCharts(v.Charts))
	}
	return s.render(c, templates.AdminDashboard(s.page(c, "Dashboard"), v))
}
