package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// pageParams reads offset and limit query parameters.
func pageParams(c echo.Context, defLimit, maxLimit int) (offset, limit int, err error) {
	offset, limit = 0, defLimit
	if v := c.QueryParam("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, game.Invalidf("offset must be a non-negative integer")
		}
	}
	if v := c.QueryParam("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, game.Invalidf("limit must be an integer from 1 to %d", maxLimit)
		}
	}
	return offset, limit, nil
}

func actor(c echo.Context) game.Actor { return game.ActorOf(currentPlayer(c)) }

func (s *Server) apiAdminPlayers(c echo.Context) error {
	offset, limit, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	players, total, err := s.playerAdmin.Search(c.Request().Context(), c.QueryParam("q"), offset, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"players": players, "total": total})
}

func (s *Server) apiAdminPlayer(c echo.Context) error {
	p, err := s.accounts.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiAdminPatchPlayer(c echo.Context) error {
	name, err := decodeDisplayName(c)
	if err != nil {
		return err
	}
	p, err := s.playerAdmin.SetDisplayName(c.Request().Context(), actor(c), c.Param("id"), name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiAdminDeletePlayer(c echo.Context) error {
	if err := s.playerAdmin.Delete(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiAdminBan(c echo.Context) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.playerAdmin.Ban(c.Request().Context(), actor(c), c.Param("id"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiAdminUnban(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.playerAdmin.Unban(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiAdminEndSessions(c echo.Context) error {
	n, err := s.playerAdmin.EndSessions(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"ended": n})
}

func (s *Server) apiAdminSessions(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.accounts.Get(ctx, c.Param("id")); err != nil {
		return err
	}
	list, err := s.accounts.Sessions().List(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"sessions": list, "total": len(list)})
}

func (s *Server) apiAdminAudit(c echo.Context) error {
	_, limit, err := pageParams(c, 50, 200)
	if err != nil {
		return err
	}
	entries, next, err := s.audit.List(c.Request().Context(), c.QueryParam("before"), limit)
	if err != nil {
		return err
	}
	out := map[string]any{"entries": entries}
	if next != "" {
		out["next_before"] = next
	}
	return c.JSON(http.StatusOK, out)
}
