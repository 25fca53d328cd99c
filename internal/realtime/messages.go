package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// MessageHandler answers a client message of a type registered with
// HandleMessage. who is nil for an anonymous socket; data is the whole
// message. A non-nil reply is sent to this socket only; an error reaches
// the client as an error message (a *game.Error's code and message).
type MessageHandler func(ctx context.Context, who *game.Player, data []byte) (reply any, err error)

// SocketHook hears of every signed-in socket opening and closing on this
// instance (open false when it closed).
type SocketHook func(ctx context.Context, playerID string, open bool) error

// clientHooks are what the app plugs into client message dispatch; they are
// registered before the hub serves and read-only afterwards.
type clientHooks struct {
	messages map[string]MessageHandler
	sockets  SocketHook
}

// HandleMessage routes client messages of type typ to fn, so that the hub
// carries requests of the domain (a rematch offer) without knowing them.
// Register before serving; the hub's own types cannot be replaced.
func (h *Hub) HandleMessage(typ string, fn MessageHandler) {
	if h.client.messages == nil {
		h.client.messages = map[string]MessageHandler{}
	}
	h.client.messages[typ] = fn
}

// OnSocket sets the hook told of signed-in sockets opening and closing.
// Register before serving.
func (h *Hub) OnSocket(fn SocketHook) { h.client.sockets = fn }

// dispatch runs the registered handler of a client message, reporting
// whether there was one.
func (c *conn) dispatch(typ string, data []byte) bool {
	fn, ok := c.hub.client.messages[typ]
	if !ok {
		return false
	}
	ctx, cancel := context.WithTimeout(c.hub.ctx, 5*time.Second)
	defer cancel()
	reply, err := fn(ctx, c.player, data)
	if err != nil {
		var ge *game.Error
		if !errors.As(err, &ge) {
			c.hub.log.Warn("realtime: client message", "type", typ, slog.Any("error", err))
			c.reply(clientError{Code: game.CodeUnavailable, Message: "could not handle this message; try again"}.msg())
			return true
		}
		c.reply(clientError{Code: ge.Code, Message: ge.Message}.msg())
		return true
	}
	if reply != nil {
		if b, ok := reply.([]byte); ok {
			reply = json.RawMessage(b)
		}
		c.reply(reply)
	}
	return true
}

// socketEvent tells the hook of a signed-in socket opening or closing. It
// runs on its own deadline: a socket closing at shutdown still counts.
func (h *Hub) socketEvent(c *conn, open bool) {
	if h.client.sockets == nil || c.player == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(h.ctx), 2*time.Second)
	defer cancel()
	if err := h.client.sockets(ctx, c.player.ID, open); err != nil {
		h.log.Warn("realtime: socket hook", slog.Any("error", err))
	}
}
