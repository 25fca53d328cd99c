package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

func parseFormInt(v string) (int64, error) { return strconv.ParseInt(v, 10, 64) }

func (s *Server) apiAdminMatches(c echo.Context) error {
	offset, limit, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	live, err := s.matches.ListLive(ctx)
	if err != nil {
		return err
	}
	recent, total, err := s.matches.ListRecent(ctx, offset, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"live": live, "recent": recent, "total": total})
}

func (s *Server) apiAdminCancelMatch(c echo.Context) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := s.matchAdmin.Cancel(c.Request().Context(), actor(c), c.Param("id"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) adminMatchesPage(c echo.Context) error {
	offset, limit, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v := templates.AdminMatchesView{Offset: offset, Limit: limit}
	if v.Live, err = s.matches.ListLive(ctx); err != nil {
		return err
	}
	if c.QueryParam("part") == "live" {
		return s.render(c, templates.AdminLiveMatches(s.page(c, ""), v.Live))
	}
	if v.Recent, v.Total, err = s.matches.ListRecent(ctx, offset, limit); err != nil {
		return err
	}
	p := s.page(c, "Matches")
	pageFlash(c, &p, map[string]string{"cancelled": "The match was cancelled; both players were told and no rating changed."})
	return s.render(c, templates.AdminMatches(p, v))
}

func (s *Server) adminCancelMatchSubmit(c echo.Context) error {
	_, err := s.matchAdmin.Cancel(c.Request().Context(), actor(c), c.Param("id"), c.FormValue("reason"))
	if game.ErrorCode(err) == game.CodeNotFound {
		return err
	}
	return formDone(c, "/admin/matches", "cancelled", err)
}

// registerAdminPlayerSections adds the scores and matches sections to the
// admin player page.
func (s *Server) registerAdminPlayerSections() {
	s.adminPlayerSections = append(s.adminPlayerSections, s.playerScoresSection, s.playerMatchesSection)
}

func (s *Server) playerScoresSection(c echo.Context, p *game.Player) (templ.Component, error) {
	if s.boards == nil {
		return templ.NopComponent, nil
	}
	st, err := s.boards.PlayerStandings(c.Request().Context(), p.ID)
	if err != nil {
		return nil, err
	}
	var hidden map[string]game.HiddenEntry
	if p.Banned {
		// The boards hide a banned player's entries; admins reviewing the
		// ban still see them, marked as hidden.
		if hidden, err = s.boards.HiddenEntries(c.Request().Context(), p.ID); err != nil {
			return nil, err
		}
	}
	return templates.AdminPlayerScores(s.page(c, ""), p, st, hidden), nil
}

func (s *Server) playerMatchesSection(c echo.Context, p *game.Player) (templ.Component, error) {
	if s.matches == nil {
		return templ.NopComponent, nil
	}
	h, err := s.matches.PlayerHistory(c.Request().Context(), p.ID, 10)
	if err != nil {
		return nil, err
	}
	return templates.AdminPlayerMatches(p, h), nil
}
