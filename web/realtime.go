package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// Realtime accepts WebSocket handshakes (internal/realtime's Hub).
type Realtime interface {
	ServeWS(w http.ResponseWriter, r *http.Request, who *game.Player, sessionID, addr string)
}

// websocket hands GET /ws to the hub with whoever authenticate found
// (anonymous spectators included), their session and address. The hub checks the Origin itself.
func (s *Server) websocket(c echo.Context) error {
	if s.realtime == nil {
		return game.Errorf(game.CodeUnavailable, "live updates are not available")
	}
	sessionID := ""
	if sess := currentSession(c); sess != nil {
		sessionID = sess.ID
	}
	s.realtime.ServeWS(c.Response(), c.Request(), currentPlayer(c), sessionID, c.RealIP())
	return nil
}
