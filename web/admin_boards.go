package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// createBoard creates a board through the audited admin service.
func (s *Server) createBoard(c echo.Context, def game.Leaderboard) (*game.Leaderboard, error) {
	if s.boardAdmin == nil {
		return s.boards.Create(c.Request().Context(), def)
	}
	return s.boardAdmin.Create(c.Request().Context(), actor(c), def)
}

func (s *Server) apiAdminRenameBoard(c echo.Context) error {
	var in struct {
		Title      *string `json:"title"`
		ScoreLabel *string `json:"score_label"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Title == nil && in.ScoreLabel == nil {
		return game.Invalidf("nothing to change: send title or score_label")
	}
	// Check everything first, so bad input changes nothing.
	if in.ScoreLabel != nil {
		if _, err := game.NormalizeScoreLabel(*in.ScoreLabel); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	var b *game.Leaderboard
	var err error
	if in.Title != nil {
		if b, err = s.boardAdmin.Rename(ctx, actor(c), c.Param("id"), *in.Title); err != nil {
			return err
		}
	}
	if in.ScoreLabel != nil {
		if b, err = s.boardAdmin.SetScoreLabel(ctx, actor(c), c.Param("id"), *in.ScoreLabel); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) apiAdminResetBoard(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	b, err := s.boardAdmin.Reset(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) apiAdminRemoveRecord(c echo.Context) error {
	if err := s.boardAdmin.RemoveRecord(c.Request().Context(), actor(c), c.Param("id"), c.Param("player_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiAdminResetPlayerScores(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.boardAdmin.ResetPlayerScores(c.Request().Context(), actor(c), c.Param("board"), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// formDone redirects back to where a form was sent from with a notice, or
// with the refusal's message; internal failures become an error page.
func formDone(c echo.Context, back, done string, err error) error {
	if err != nil {
		_, code, msg, _ := classify(err)
		if code == game.CodeInternal || code == game.CodeUnavailable {
			return err
		}
		return c.Redirect(http.StatusSeeOther, back+"?error="+url.QueryEscape(msg))
	}
	return c.Redirect(http.StatusSeeOther, back+"?done="+done)
}

// pageFlash sets the notice of a page reached by formDone.
func pageFlash(c echo.Context, p *templates.Page, notices map[string]string) {
	p.Flash = notices[c.QueryParam("done")]
	if e := c.QueryParam("error"); e != "" && len(e) < 300 {
		p.Flash = "Not done: " + e
	}
}

var boardNotices = map[string]string{
	"created": "Leaderboard created.",
	"renamed": "Title changed.",
	"reset":   "The board was reset. What was current is now readable as the previous period.",
	"removed": "The record was removed.",
}

func (s *Server) adminBoardsPage(c echo.Context) error {
	ctx := c.Request().Context()
	defs, err := s.boards.List(ctx)
	if err != nil {
		return err
	}
	v := templates.AdminBoardsView{}
	for _, def := range defs {
		page, err := s.boards.Top(ctx, def.ID, "current", 0, 1)
		if err != nil {
			return err
		}
		row := templates.AdminBoardRow{Board: def, Entries: page.Total}
		if len(page.Entries) > 0 {
			row.Leader = &page.Entries[0]
		}
		v.Boards = append(v.Boards, row)
	}
	p := s.page(c, "Leaderboards")
	pageFlash(c, &p, boardNotices)
	return s.render(c, templates.AdminBoards(p, v))
}

func (s *Server) adminCreateBoardSubmit(c echo.Context) error {
	def := game.Leaderboard{ID: c.FormValue("id"), Title: c.FormValue("title"), Order: c.FormValue("order"),
		Operator: c.FormValue("operator"), Reset: c.FormValue("reset")}
	if v := c.FormValue("max_score"); v != "" {
		n, err := parseFormInt(v)
		if err != nil || n < 1 {
			return formDone(c, "/admin/leaderboards", "", game.Invalidf("max_score must be a whole number from 1 to %d", game.MaxMaxScore))
		}
		def.MaxScore = n
	}
	b, err := s.createBoard(c, def)
	if err != nil {
		return formDone(c, "/admin/leaderboards", "", err)
	}
	return formDone(c, "/admin/leaderboards/"+b.ID, "created", nil)
}

func (s *Server) adminBoardPage(c echo.Context) error {
	ctx := c.Request().Context()
	def, err := s.boards.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	offset, err := queryInt(c, "offset", 0)
	if err != nil {
		return err
	}
	period := game.PeriodName(c.QueryParam("period"))
	v := templates.AdminBoardView{Board: def, Period: period, Offset: offset, Limit: 25, Query: c.QueryParam("q")}
	if v.Page, err = s.boards.Top(ctx, def.ID, period, offset, v.Limit); err != nil {
		return err
	}
	if v.Previous, err = s.boards.Top(ctx, def.ID, "previous", 0, 0); err != nil {
		return err
	}
	if v.Query != "" {
		players, _, err := s.playerAdmin.Search(ctx, v.Query, 0, 10)
		if err != nil {
			return err
		}
		for _, pl := range players {
			st, err := s.boards.Standing(ctx, def.ID, "current", pl.ID)
			if err != nil && game.ErrorCode(err) != game.CodeNotFound {
				return err
			}
			v.Found = append(v.Found, templates.AdminBoardHit{Player: pl, Standing: st})
		}
	}
	p := s.page(c, def.Title)
	pageFlash(c, &p, boardNotices)
	return s.render(c, templates.AdminBoard(p, v))
}

func (s *Server) adminRenameBoardSubmit(c echo.Context) error {
	id := c.Param("id")
	_, err := s.boardAdmin.Rename(c.Request().Context(), actor(c), id, c.FormValue("title"))
	return formDone(c, "/admin/leaderboards/"+url.PathEscape(id), "renamed", err)
}

func (s *Server) adminResetBoardSubmit(c echo.Context) error {
	id := c.Param("id")
	_, err := s.boardAdmin.Reset(c.Request().Context(), actor(c), id)
	return formDone(c, "/admin/leaderboards/"+url.PathEscape(id), "reset", err)
}

func (s *Server) adminRemoveRecordSubmit(c echo.Context) error {
	id := c.Param("id")
	err := s.boardAdmin.RemoveRecord(c.Request().Context(), actor(c), id, c.Param("player_id"))
	return formDone(c, "/admin/leaderboards/"+url.PathEscape(id), "removed", err)
}

func (s *Server) adminResetPlayerScoresSubmit(c echo.Context) error {
	id := c.Param("id")
	err := s.boardAdmin.ResetPlayerScores(c.Request().Context(), actor(c), c.Param("board"), id)
	return formDone(c, "/admin/players/"+url.PathEscape(id), "reset", err)
}
