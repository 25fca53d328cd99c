package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// apiCreateTicket joins a matchmaking queue.
func (s *Server) apiCreateTicket(c echo.Context) error {
	id, err := s.mm.Enqueue(c.Request().Context(), currentPlayer(c), c.Param("mode"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"ticket_id": id})
}

// apiTicket tells the owner how their ticket stands.
func (s *Server) apiTicket(c echo.Context) error {
	v, err := s.mm.Ticket(c.Request().Context(), currentPlayer(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// apiDeleteTicket leaves the queue.
func (s *Server) apiDeleteTicket(c echo.Context) error {
	if err := s.mm.Cancel(c.Request().Context(), currentPlayer(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) matchJSON(c echo.Context, m *game.Match) error {
	v, err := s.matches.View(c.Request().Context(), m)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v)
}

// apiMatch is a match's public state; anyone may watch.
func (s *Server) apiMatch(c echo.Context) error {
	m, err := s.matches.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.matchJSON(c, m)
}

// moveRequest is the body of a move. Column is a pointer so that a missing
// column is told apart from column 0.
type moveRequest struct {
	Column *int `json:"column"`
}

// apiMove plays a column.
func (s *Server) apiMove(c echo.Context) error {
	var req moveRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Column == nil {
		return game.Invalidf("column is required: an integer from 0 to 6")
	}
	m, err := s.matches.Move(c.Request().Context(), c.Param("id"), currentPlayer(c).ID, *req.Column)
	if err != nil {
		return err
	}
	return s.matchJSON(c, m)
}

// apiResign gives the match up.
func (s *Server) apiResign(c echo.Context) error {
	if err := decodeJSON(c, &struct{}{}); err != nil {
		return err
	}
	m, err := s.matches.Resign(c.Request().Context(), c.Param("id"), currentPlayer(c).ID)
	if err != nil {
		return err
	}
	return s.matchJSON(c, m)
}
