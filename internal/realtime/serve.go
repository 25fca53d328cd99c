package realtime

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// SameOriginOrNone accepts a handshake without an Origin header (a game
// client or server, which no browser can impersonate) or whose Origin names
// the host it was sent to. Every browser sends Origin on WebSockets, so a
// page on another site cannot ride on the visitor's cookie.
func SameOriginOrNone(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// ServeWS upgrades the request to a WebSocket for who (nil = anonymous
// spectator), opened with session sessionID from client address addr (""
// takes the address the request came from). A signed-in socket is
// subscribed to its player's channel.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, who *game.Player, sessionID, addr string) {
	if !h.opts.CheckOrigin(r) {
		writeHTTPError(w, http.StatusForbidden, "cross-origin WebSocket refused")
		return
	}
	if addr == "" {
		addr, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	h.mu.Lock()
	closed := h.closed
	reserved := !closed && who == nil && h.caps.reserveAnonLocked(addr, h.opts.MaxAnonymousPerAddr)
	h.mu.Unlock()
	if closed {
		writeHTTPError(w, http.StatusServiceUnavailable, "server shutting down")
		return
	}
	if who == nil && !reserved {
		refuseAnonymous(w)
		return
	}
	release := func() {
		if reserved {
			h.mu.Lock()
			h.caps.releaseAnonLocked(addr)
			h.mu.Unlock()
		}
	}
	ws, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		release()
		return // the upgrader has answered
	}
	c := newConn(h, ws, who, sessionID, addr)
	h.mu.Lock()
	if h.closed {
		if reserved {
			h.caps.releaseAnonLocked(addr)
		}
		h.mu.Unlock()
		_ = ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), time.Now().Add(time.Second))
		_ = ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	evicted := h.caps.addLocked(c, h.opts.MaxPlayerSockets)
	h.mu.Unlock()
	closeEvicted(evicted)

	h.socketEvent(c, true)
	if who != nil {
		topic := event.PlayerTopic(who.ID)
		if added, _ := h.addSub(c, topic, &playerTopic, nil, false); added {
			h.syncRedis(topic)
		}
		if h.opts.Presence != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			if err := h.opts.Presence.Touch(ctx, who.ID); err != nil {
				h.log.Warn("realtime: presence", slog.Any("error", err))
			}
			cancel()
		}
	}
	// The handler returns; the reader owns the socket from here (the
	// writer runs while messages wait).
	go c.readLoop()
}
