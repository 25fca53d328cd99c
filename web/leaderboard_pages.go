package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

func (s *Server) boardsPage(c echo.Context) error {
	ctx := c.Request().Context()
	list, err := s.boards.List(ctx)
	if err != nil {
		return err
	}
	me := currentPlayer(c)
	cards := make([]templates.BoardCard, 0, len(list))
	for _, b := range list {
		page, err := s.boards.Top(ctx, b.ID, "current", 0, 3)
		if err != nil {
			return err
		}
		card := templates.BoardCard{Board: b, Top: page.Entries, Total: page.Total}
		if me != nil {
			card.Me, _ = s.boards.Standing(ctx, b.ID, "current", me.ID)
		}
		cards = append(cards, card)
	}
	return s.render(c, templates.Leaderboards(s.page(c, "Leaderboards"), cards))
}

func (s *Server) boardPage(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.boards.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	period := game.PeriodName(c.QueryParam("period"))
	pageNum := 1
	if v := c.QueryParam("page"); v != "" {
		if pageNum, err = strconv.Atoi(v); err != nil || pageNum < 1 || pageNum > 1_000_000 {
			return game.Invalidf("page must be a positive number")
		}
	}
	page, err := s.boards.Top(ctx, b.ID, period, (pageNum-1)*templates.BoardPageSize, templates.BoardPageSize)
	if err != nil {
		return err
	}
	v := templates.BoardView{Board: b, Period: period, Page: page, PageNum: pageNum, Now: time.Now()}
	if b.ID == game.BoardTargetRush {
		// The all-time board's tabs name the weekly board's last week.
		v.Weekly, _ = s.boards.Get(ctx, game.BoardTargetRushWeekly)
	}
	v.Pages = int((page.Total + templates.BoardPageSize - 1) / templates.BoardPageSize)
	if me := currentPlayer(c); me != nil {
		if v.Me, err = s.boards.Standing(ctx, b.ID, period, me.ID); err == nil {
			v.Around, _ = s.boards.Around(ctx, b.ID, period, me.ID, 2)
		} else if game.ErrorCode(err) != game.CodeNotFound {
			return err
		}
	}
	if q := c.QueryParam("find"); q != "" {
		v.Find = q
		found, err := s.boards.FindByName(ctx, b.ID, period, q, 1)
		if err != nil && game.ErrorCode(err) != game.CodeInvalid {
			return err
		}
		if len(found) > 0 {
			f := found[0]
			v.Found = &templates.FoundPlayer{PlayerID: f.PlayerID, DisplayName: f.DisplayName, Standing: f.Standing}
			v.FoundAround, _ = s.boards.Around(ctx, b.ID, period, f.PlayerID, 2)
		}
	}
	return s.render(c, templates.LeaderboardPage(s.page(c, b.Title), v))
}

func (s *Server) profilePage(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.visiblePlayer(c)
	if errors.Is(err, errPlayerUnavailable) {
		return s.renderStatus(c, http.StatusNotFound, templates.PlayerUnavailable(s.page(c, "Player not available")))
	}
	if err != nil {
		return err
	}
	offset, err := queryInt(c, "offset", 0)
	if err != nil {
		return err
	}
	me := currentPlayer(c)
	standings, err := s.boards.PlayerStandings(ctx, p.ID)
	if err != nil {
		return err
	}
	v := templates.ProfileView{Player: p, Own: me != nil && me.ID == p.ID, Standings: standings,
		LiveMatch: s.liveMatchOf(c, p.ID)}
	v.History.Offset = offset
	if v.History.Items, v.History.Total, err = s.matches.HistoryPage(ctx, p.ID, offset, templates.ProfileHistoryPage); err != nil {
		return err
	}
	if v.Chart.Points, v.Bests, err = s.matches.Career(ctx, p.ID, game.ModeConnect4); err != nil {
		return err
	}
	return s.render(c, templates.Profile(s.page(c, p.DisplayName), v))
}

func (s *Server) targetRushPage(c echo.Context) error {
	ctx := c.Request().Context()
	v := templates.TargetRushView{RoundMS: s.targetRush.Round().Milliseconds(), MaxScore: s.targetRush.MaxScore()}
	if me := currentPlayer(c); me != nil {
		v.Best, _ = s.boards.Standing(ctx, game.BoardTargetRush, "current", me.ID)
		v.Weekly, _ = s.boards.Standing(ctx, game.BoardTargetRushWeekly, "current", me.ID)
	}
	return s.render(c, templates.TargetRush(s.page(c, "Target Rush"), v))
}
