package web

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// homeLiveMatches is how many matches in play the home page lists.
const homeLiveMatches = 5

// apiMatches lists matches by status; only matches in play are listed.
func (s *Server) apiMatches(c echo.Context) error {
	if st := c.QueryParam("status"); st != "" && st != game.MatchPlaying {
		return game.Invalidf("status must be %q", game.MatchPlaying)
	}
	offset, limit, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	if s.matches == nil {
		return game.Errorf(game.CodeUnavailable, "matches are not available")
	}
	list, total, err := s.matches.ListPlaying(c.Request().Context(), offset, limit)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, struct {
		Matches []game.LiveMatch `json:"matches"`
		Total   int64            `json:"total"`
	}{list, total})
}

// livePage lists the matches in play.
func (s *Server) livePage(c echo.Context) error {
	if s.matches == nil {
		return game.Errorf(game.CodeUnavailable, "matches are not available")
	}
	list, total, err := s.matches.ListPlaying(c.Request().Context(), 0, game.LiveListSize)
	if err != nil {
		return err
	}
	v := templates.LiveView{Matches: list, Total: total, Limit: game.LiveListSize}
	return s.render(c, templates.LivePage(s.page(c, "Live matches"), v))
}

// homeView is the home page's live activity: matches in play and the
// built-in boards' podiums.
func (s *Server) homeView(c echo.Context) (templates.HomeView, error) {
	ctx := c.Request().Context()
	var v templates.HomeView
	if s.matches != nil {
		list, total, err := s.matches.ListPlaying(ctx, 0, homeLiveMatches)
		if err != nil {
			return v, err
		}
		v.Live = templates.LiveView{Matches: list, Total: total, Limit: homeLiveMatches}
	}
	for _, id := range []string{game.BoardTargetRushWeekly, game.BoardTargetRush, game.BoardConnect4} {
		b, err := s.boards.Get(ctx, id)
		if game.ErrorCode(err) == game.CodeNotFound {
			continue
		}
		if err != nil {
			return v, err
		}
		page, err := s.boards.Top(ctx, id, "current", 0, 3)
		if err != nil {
			return v, err
		}
		v.Boards = append(v.Boards, templates.BoardCard{Board: b, Top: page.Entries, Total: page.Total})
	}
	return v, nil
}

// liveMatchOf is the match the player is in right now, "" if none (or if
// it cannot be told: a profile is worth showing without it).
func (s *Server) liveMatchOf(c echo.Context, playerID string) string {
	if s.matches == nil {
		return ""
	}
	id, err := s.matches.ActiveMatch(c.Request().Context(), playerID)
	if err != nil {
		s.log.Warn("active match", "player_id", playerID, slog.Any("error", err))
		return ""
	}
	return id
}
