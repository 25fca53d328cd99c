package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// apiUpgrade turns the signed-in guest into a registered player; the
// session the request came with ends and a new one is handed out.
func (s *Server) apiUpgrade(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	me := currentPlayer(c)
	if !me.Guest {
		return game.Conflictf("this account is already registered")
	}
	si, err := s.accounts.Upgrade(c.Request().Context(), me.ID, in.Username, in.Password, clientInfo(c))
	if err != nil {
		return err
	}
	return s.answerSignedIn(c, http.StatusOK, si)
}

func (s *Server) apiChangePassword(c echo.Context) error {
	var in struct {
		Current *string `json:"current"`
		New     *string `json:"new"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Current == nil || in.New == nil {
		return game.Invalidf("send current and new")
	}
	err := s.accounts.ChangePassword(c.Request().Context(), currentPlayer(c), currentSession(c), *in.Current, *in.New, clientInfo(c))
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiEndAllSessions signs the player out everywhere, this client included.
func (s *Server) apiEndAllSessions(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.accounts.EndOtherSessions(c.Request().Context(), currentPlayer(c).ID, nil, "signed out everywhere"); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// apiDeleteMe removes the signed-in player with every trace. A registered
// player confirms with their password; a guest has none to give.
func (s *Server) apiDeleteMe(c echo.Context) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deleteMe(c, in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) deleteMe(c echo.Context, password string) error {
	ctx := c.Request().Context()
	me := currentPlayer(c)
	if me.IsAdmin() {
		return game.Errorf(game.CodeForbidden, "administrator accounts cannot be deleted here; remove the role first")
	}
	if !me.Guest {
		if password == "" {
			return game.Invalidf("enter your password to delete your account")
		}
		if err := s.accounts.VerifyPassword(ctx, me, password, clientInfo(c)); err != nil {
			return err
		}
	}
	// The deletion must finish once started, even if the client goes.
	if err := s.playerAdmin.DeleteSelf(context.WithoutCancel(ctx), me); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return nil
}

// visiblePlayer reads a player others may look at: a banned one is
// hidden from everyone but admins.
func (s *Server) visiblePlayer(c echo.Context) (*game.Player, error) {
	p, err := s.accounts.Get(c.Request().Context(), c.Param("id"))
	if game.ErrorCode(err) == game.CodeNotFound {
		return nil, errPlayerUnavailable
	}
	if err != nil {
		return nil, err
	}
	if p.Banned && !currentPlayer(c).IsAdmin() {
		return nil, errPlayerUnavailable
	}
	return p, nil
}

// errPlayerUnavailable answers for a missing or banned player alike.
var errPlayerUnavailable = game.NotFoundf("this player is not available")

type historyResponse struct {
	Matches []game.HistoryMatch `json:"matches"`
	Total   int64               `json:"total"`
}

func (s *Server) apiPlayerMatches(c echo.Context) error {
	offset, err := queryInt(c, "offset", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 20)
	if err != nil {
		return err
	}
	p, err := s.visiblePlayer(c)
	if err != nil {
		return err
	}
	items, total, err := s.matches.HistoryPage(c.Request().Context(), p.ID, offset, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, historyResponse{Matches: items, Total: total})
}

type ratingsResponse struct {
	Points []game.RatingPoint `json:"points"`
}

func (s *Server) apiPlayerRatings(c echo.Context) error {
	p, err := s.visiblePlayer(c)
	if err != nil {
		return err
	}
	points, err := s.matches.RatingHistory(c.Request().Context(), p.ID, c.Param("mode"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ratingsResponse{Points: points})
}

// Settings page and its forms. Each form answers with a redirect back to
// the page and a notice, or the page again with the error in its section.

func (s *Server) settingsPage(c echo.Context) error {
	if currentPlayer(c) == nil {
		return game.Errorf(game.CodeUnauthorized, "sign in first")
	}
	p := s.page(c, "Settings")
	p.Flash = settingsNotices[c.QueryParam("done")]
	return s.render(c, templates.Settings(p, templates.SettingsForm{}))
}

// settingsNotices are the notices shown after a successful change.
var settingsNotices = map[string]string{
	"name":     "Your display name is saved.",
	"upgrade":  "Your account is registered. Everything you played is kept.",
	"password": "Your password is changed. Every other device has been signed out.",
}

// settingsFailure shows the settings page again with the error in the
// section it belongs to; server-side failures go to the error page.
func (s *Server) settingsFailure(c echo.Context, err error, section string, f templates.SettingsForm) error {
	status, code, msg, retry := classify(err)
	if code == game.CodeInternal || code == game.CodeUnavailable {
		return err
	}
	if retry > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retry))
	}
	f.Section, f.Error = section, msg
	return s.renderStatus(c, status, templates.Settings(s.page(c, "Settings"), f))
}

func (s *Server) requirePage(c echo.Context) error {
	if currentPlayer(c) == nil {
		return game.Errorf(game.CodeUnauthorized, "sign in first")
	}
	return nil
}

func (s *Server) settingsNameSubmit(c echo.Context) error {
	if err := s.requirePage(c); err != nil {
		return err
	}
	name := c.FormValue("display_name")
	if _, err := s.accounts.SetDisplayName(c.Request().Context(), currentPlayer(c).ID, name); err != nil {
		return s.settingsFailure(c, err, "name", templates.SettingsForm{DisplayName: name})
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=name")
}

func (s *Server) settingsUpgradeSubmit(c echo.Context) error {
	if err := s.requirePage(c); err != nil {
		return err
	}
	me := currentPlayer(c)
	username := c.FormValue("username")
	f := templates.SettingsForm{Username: username}
	if !me.Guest {
		return s.settingsFailure(c, game.Conflictf("this account is already registered"), "upgrade", f)
	}
	si, err := s.accounts.Upgrade(c.Request().Context(), me.ID, username, c.FormValue("password"), clientInfo(c))
	if err != nil {
		return s.settingsFailure(c, err, "upgrade", f)
	}
	s.endPreviousSession(c, si)
	s.setSessionCookie(c, si.Token)
	return c.Redirect(http.StatusSeeOther, "/settings?done=upgrade")
}

func (s *Server) settingsPasswordSubmit(c echo.Context) error {
	if err := s.requirePage(c); err != nil {
		return err
	}
	err := s.accounts.ChangePassword(c.Request().Context(), currentPlayer(c), currentSession(c),
		c.FormValue("current"), c.FormValue("new"), clientInfo(c))
	if err != nil {
		return s.settingsFailure(c, err, "password", templates.SettingsForm{})
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=password")
}

func (s *Server) settingsSessionsSubmit(c echo.Context) error {
	if err := s.requirePage(c); err != nil {
		return err
	}
	if err := s.accounts.EndOtherSessions(c.Request().Context(), currentPlayer(c).ID, nil, "signed out everywhere"); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) settingsDeleteSubmit(c echo.Context) error {
	if err := s.requirePage(c); err != nil {
		return err
	}
	if err := s.deleteMe(c, c.FormValue("password")); err != nil {
		return s.settingsFailure(c, err, "delete", templates.SettingsForm{})
	}
	return c.Redirect(http.StatusSeeOther, "/?deleted=1")
}
