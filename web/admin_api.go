package web

import (
	"net/http"
	"strconv"
	"time"

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
	q, err := playerQuery(c, 20)
	if err != nil {
		return err
	}
	res, err := s.playerAdmin.Query(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// playerQuery reads the search parameters: q, banned, guest, sort, order,
// offset and limit.
func playerQuery(c echo.Context, defLimit int) (game.PlayerQuery, error) {
	offset, limit, err := pageParams(c, defLimit, 100)
	if err != nil {
		return game.PlayerQuery{}, err
	}
	q := game.PlayerQuery{Q: c.QueryParam("q"), Sort: c.QueryParam("sort"), Order: c.QueryParam("order"),
		Offset: offset, Limit: limit}
	if q.Banned, err = queryBool(c, "banned"); err != nil {
		return q, err
	}
	if q.Guest, err = queryBool(c, "guest"); err != nil {
		return q, err
	}
	return q, nil
}

// queryBool reads an optional true/false query parameter; empty (or
// "any") means unset.
func queryBool(c echo.Context, name string) (*bool, error) {
	switch c.QueryParam(name) {
	case "", "any":
		return nil, nil
	case "true", "1", "yes":
		v := true
		return &v, nil
	case "false", "0", "no":
		v := false
		return &v, nil
	}
	return nil, game.Invalidf("%s must be true or false", name)
}

// adminPlayerJSON is a player as admins see it: with the ban record.
type adminPlayerJSON struct {
	*game.Player
	Ban *game.BanRecord `json:"ban,omitempty"`
}

func (s *Server) apiAdminPlayer(c echo.Context) error {
	p, err := s.accounts.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminPlayerJSON{Player: p, Ban: p.Ban})
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
		Reason   string  `json:"reason"`
		Duration *string `json:"duration"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var d time.Duration
	if in.Duration != nil {
		var err error
		if d, err = game.ParseBanDuration(*in.Duration); err != nil {
			return err
		}
	}
	p, err := s.playerAdmin.BanFor(c.Request().Context(), actor(c), c.Param("id"), in.Reason, d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminPlayerJSON{Player: p, Ban: p.Ban})
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
	f := auditFilter(c)
	if c.QueryParam("format") == "csv" {
		return s.auditCSV(c, f)
	}
	entries, next, err := s.audit.ListFiltered(c.Request().Context(), f, c.QueryParam("before"), limit)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []game.AuditEntry{}
	}
	out := map[string]any{"entries": entries}
	if next != "" {
		out["next_before"] = next
	}
	return c.JSON(http.StatusOK, out)
}
