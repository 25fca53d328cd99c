package web

import (
	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// connect4Page is the ranked Connect Four lobby, queue and board. A player
// who is already queued or playing picks up where they were.
func (s *Server) connect4Page(c echo.Context) error {
	ctx := c.Request().Context()
	d := templates.Connect4Data{TurnTimeoutMs: s.matches.TurnTimeout().Milliseconds()}
	if p := currentPlayer(c); p != nil {
		var err error
		if d.TicketID, err = s.mm.PlayerTicket(ctx, p.ID, game.ModeConnect4); err != nil {
			return err
		}
		if d.MatchID, err = s.matches.ActiveMatch(ctx, p.ID); err != nil {
			return err
		}
		if d.Recent, err = s.matches.PlayerHistory(ctx, p.ID, 5); err != nil {
			return err
		}
	}
	return s.render(c, templates.Connect4Play(s.page(c, "Ranked Connect Four"), d))
}

// matchPage lets anyone watch a match.
func (s *Server) matchPage(c echo.Context) error {
	m, err := s.matches.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	v, err := s.matches.View(c.Request().Context(), m)
	if err != nil {
		return err
	}
	return s.render(c, templates.MatchWatch(s.page(c, matchTitle(v)), v))
}

// matchTitle names a match page after its players.
func matchTitle(v *game.MatchView) string {
	if len(v.PlayerInfo) != 2 {
		return "Connect Four match"
	}
	return v.PlayerInfo[0].DisplayName + " vs " + v.PlayerInfo[1].DisplayName + " · Connect Four"
}
