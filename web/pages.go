package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

func (s *Server) homePage(c echo.Context) error {
	v, err := s.homeView(c)
	if err != nil {
		return err
	}
	return s.render(c, templates.Home(s.page(c, "Live games and leaderboards"), v))
}

func (s *Server) playPage(c echo.Context) error {
	return s.render(c, templates.Play(s.page(c, "Play")))
}

func (s *Server) loginPage(c echo.Context) error {
	if currentPlayer(c) != nil {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	return s.render(c, templates.Login(s.page(c, "Sign in"), templates.AuthForm{Next: c.QueryParam("next")}))
}

func (s *Server) registerPage(c echo.Context) error {
	if currentPlayer(c) != nil && !currentPlayer(c).Guest {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.render(c, templates.Register(s.page(c, "Create account"), templates.AuthForm{Next: c.QueryParam("next")}))
}

// formFailure re-renders an auth form with the error, keeping the name typed.
func (s *Server) formFailure(c echo.Context, err error, title string, form func(templates.Page, templates.AuthForm) templ.Component) error {
	status, code, msg, retry := classify(err)
	if code == game.CodeInternal || code == game.CodeUnavailable {
		return err
	}
	if retry > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retry))
	}
	f := templates.AuthForm{Username: c.FormValue("username"), Error: msg, Next: c.FormValue("next")}
	return s.renderStatus(c, status, form(s.page(c, title), f))
}

func (s *Server) loginSubmit(c echo.Context) error {
	si, err := s.accounts.Login(c.Request().Context(), c.FormValue("username"), c.FormValue("password"), clientInfo(c))
	if err != nil {
		return s.formFailure(c, err, "Sign in", templates.Login)
	}
	s.endPreviousSession(c, si)
	s.setSessionCookie(c, si.Token)
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (s *Server) registerSubmit(c echo.Context) error {
	si, err := s.accounts.Register(c.Request().Context(), c.FormValue("username"), c.FormValue("password"), clientInfo(c))
	if err != nil {
		return s.formFailure(c, err, "Create account", templates.Register)
	}
	s.endPreviousSession(c, si)
	s.setSessionCookie(c, si.Token)
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (s *Server) guestSubmit(c echo.Context) error {
	if currentPlayer(c) == nil {
		si, err := s.accounts.Guest(c.Request().Context(), clientInfo(c))
		if err != nil {
			return err
		}
		s.setSessionCookie(c, si.Token)
	}
	next := c.FormValue("next")
	if next == "" {
		next = "/play"
	}
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

func (s *Server) logoutSubmit(c echo.Context) error {
	if sess := currentSession(c); sess != nil {
		if err := s.accounts.Sessions().Delete(c.Request().Context(), sess); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}
