package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

func clientInfo(c echo.Context) game.ClientInfo {
	return game.ClientInfo{Addr: c.RealIP(), UserAgent: c.Request().UserAgent()}
}

func (s *Server) cookieSecure(c echo.Context) bool {
	switch s.cfg.CookieSecure {
	case "true":
		return true
	case "false":
		return false
	}
	return c.IsTLS()
}

// setSessionCookie hands a browser its session. The cookie lives as long as
// the session can; the server enforces the idle timeout.
func (s *Server) setSessionCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cookieSecure(c),
		SameSite: http.SameSiteLaxMode, MaxAge: int(game.SessionMaxLifetime / time.Second),
	})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cookieSecure(c),
		SameSite: http.SameSiteLaxMode, MaxAge: -1,
	})
}

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// signedInResponse is the body of register, login and guest.
type signedInResponse struct {
	Player *game.Player `json:"player"`
	Token  string       `json:"token"`
}

func (s *Server) answerSignedIn(c echo.Context, status int, si *game.SignedIn) error {
	s.endPreviousSession(c, si)
	s.setSessionCookie(c, si.Token)
	return c.JSON(status, signedInResponse{Player: si.Player, Token: si.Token})
}

// endPreviousSession ends the session a request came with when it signs
// in anew: the client is given the new one, and the old one would otherwise
// live on unseen (with its sockets open) until it expired.
func (s *Server) endPreviousSession(c echo.Context, si *game.SignedIn) {
	old := currentSession(c)
	if old == nil || (si.Session != nil && old.ID == si.Session.ID) {
		return
	}
	if err := s.accounts.Sessions().Delete(context.WithoutCancel(c.Request().Context()), old); err != nil {
		s.log.Warn("end previous session", "request_id", requestID(c), slog.Any("error", err))
	}
}

func (s *Server) apiRegister(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	si, err := s.accounts.Register(c.Request().Context(), in.Username, in.Password, clientInfo(c))
	if err != nil {
		return err
	}
	return s.answerSignedIn(c, http.StatusCreated, si)
}

func (s *Server) apiLogin(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	si, err := s.accounts.Login(c.Request().Context(), in.Username, in.Password, clientInfo(c))
	if err != nil {
		return err
	}
	return s.answerSignedIn(c, http.StatusOK, si)
}

func (s *Server) apiGuest(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	si, err := s.accounts.Guest(c.Request().Context(), clientInfo(c))
	if err != nil {
		return err
	}
	return s.answerSignedIn(c, http.StatusCreated, si)
}

func (s *Server) apiLogout(c echo.Context) error {
	if err := s.accounts.Sessions().Delete(c.Request().Context(), currentSession(c)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMe(c echo.Context) error {
	return c.JSON(http.StatusOK, currentPlayer(c))
}

// decodeDisplayName reads the {"display_name"} body of a profile change.
func decodeDisplayName(c echo.Context) (string, error) {
	var in struct {
		DisplayName *string `json:"display_name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return "", err
	}
	if in.DisplayName == nil {
		return "", game.Invalidf("nothing to change: send display_name")
	}
	return *in.DisplayName, nil
}

func (s *Server) apiPatchMe(c echo.Context) error {
	name, err := decodeDisplayName(c)
	if err != nil {
		return err
	}
	p, err := s.accounts.SetDisplayName(c.Request().Context(), currentPlayer(c).ID, name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiPlayer(c echo.Context) error {
	p, err := s.visiblePlayer(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// safeNext keeps post-login redirects on this site: next is followed only
// when it is a path on this origin, anything else gives "/". Browsers drop
// tabs and newlines inside a URL and read a backslash as a slash, so
// "/\t/evil" or "/\evil" would become "//evil", another host; such
// characters are refused outright rather than cleaned.
func safeNext(next string) string {
	if !sameSitePath(next) {
		return "/"
	}
	return next
}

func sameSitePath(next string) bool {
	if !strings.HasPrefix(next, "/") || !plainURLText(next) {
		return false
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	// u.Path is decoded: "/%2F/evil" and "/%5Cevil" are checked as what a
	// less careful hop might turn them into. No page of ours has an empty
	// segment, and "/.//evil" resolves to "//evil".
	return strings.HasPrefix(u.Path, "/") && !strings.Contains(u.Path, "//") && plainURLText(u.Path)
}

// plainURLText reports whether s is valid UTF-8 without backslashes,
// control characters (tab, CR, LF, DEL, C1) or invisible format characters.
func plainURLText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}
