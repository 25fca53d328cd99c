package realtime

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// conn is one WebSocket: a reader goroutine handling client messages, and
// a writer goroutine that runs only while messages wait. An idle socket
// thus costs one goroutine and no queue.
type conn struct {
	hub    *Hub
	ws     *websocket.Conn
	player *game.Player // nil for a spectator
	// session is the id of the session the socket was opened with (a
	// logout closes it); addr is the client address anonymous caps count.
	session string
	addr    string
	// subs maps each watched topic to the last seq sent on it; guarded by
	// hub.mu.
	subs map[string]int64
	// delta holds the topics this socket takes deltas on (nil until one
	// is asked for); guarded by hub.mu.
	delta map[string]bool

	mu sync.Mutex
	// pending are the messages waiting to be written (at most
	// Options.SendQueue); writing is set while a drain goroutine runs.
	pending []*websocket.PreparedMessage
	writing bool
	// stopping is set when kill starts: nothing more is queued or
	// written. dead is set once kill's close frame is written or given
	// up: whoever is last of kill and the drain then closes the socket.
	stopping, dead bool

	closeOnce sync.Once
	closing   chan struct{} // closed by kill
	done      chan struct{} // closed when the socket is closed

	// A close frame to send after the queue drains (closeAfterQueue); the
	// first request wins. Set before closeMarker is queued.
	afterOnce   sync.Once
	afterCode   int
	afterReason string

	// Client message budget (touched by the reader goroutine only).
	tokens   float64
	tokensAt time.Time
}

// closeMarker, queued, asks the writer for the close frame recorded by
// closeAfterQueue; pingMarker asks it for a ping.
var (
	closeMarker = &websocket.PreparedMessage{}
	pingMarker  = &websocket.PreparedMessage{}
)

// Client message budget: a burst of clientBurst, refilled at clientRate/s.
const (
	clientBurst = 40
	clientRate  = 20
)

func newConn(h *Hub, ws *websocket.Conn, who *game.Player, session, addr string) *conn {
	return &conn{
		hub: h, ws: ws, player: who, session: session, addr: addr,
		subs:     map[string]int64{},
		closing:  make(chan struct{}),
		done:     make(chan struct{}),
		tokens:   clientBurst,
		tokensAt: time.Now(),
	}
}

func (c *conn) playerID() string {
	if c.player == nil {
		return ""
	}
	return c.player.ID
}

// enqueue queues m unless the queue is full or the socket is closing, and
// starts the writer if it is not running.
func (c *conn) enqueue(m *websocket.PreparedMessage) bool {
	c.mu.Lock()
	if c.stopping {
		c.mu.Unlock()
		return true // going away anyway: not the client's fault
	}
	if len(c.pending) >= c.hub.opts.SendQueue {
		c.mu.Unlock()
		return false
	}
	c.pending = append(c.pending, m)
	start := !c.writing
	c.writing = true
	c.mu.Unlock()
	if start {
		go c.drain()
	}
	return true
}

// kill closes the socket at once, without waiting for queued messages; it
// reports whether this call did it. The close frame (if code is set) is
// written with WriteControl, which may run beside the writer: it waits up
// to a second for the frame in flight to finish, so a client that stopped
// reading but drains within that second hears why (1013 for a slow one).
// Only then is a writer still stuck on such a client cut off, never in the
// middle of the close frame.
func (c *conn) kill(code int, reason string) bool {
	killed := false
	c.closeOnce.Do(func() {
		killed = true
		c.mu.Lock()
		c.stopping = true
		c.pending = nil
		c.mu.Unlock()
		close(c.closing)
		go func() {
			if code != 0 {
				_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason),
					time.Now().Add(time.Second))
			}
			_ = c.ws.NetConn().SetWriteDeadline(time.Now())
			c.mu.Lock()
			c.dead = true
			last := !c.writing
			c.mu.Unlock()
			if last {
				c.finish()
			}
		}()
	})
	return killed
}

// finish closes the socket; it runs once, after kill's close frame and
// after the last write.
func (c *conn) finish() {
	_ = c.ws.Close()
	close(c.done)
}

// closeAfterQueue closes the socket once what is queued has been sent (or
// at once if the queue is full).
func (c *conn) closeAfterQueue(code int, reason string) {
	c.afterOnce.Do(func() {
		c.afterCode, c.afterReason = code, reason
		if !c.enqueue(closeMarker) {
			c.kill(code, reason)
		}
	})
}

// reply queues a control message (subscribed, error, pong) for this socket
// only.
func (c *conn) reply(v any) {
	pm, err := prepare(v)
	if err != nil {
		return
	}
	c.hub.mu.Lock()
	c.hub.enqueueLocked(c, pm)
	c.hub.mu.Unlock()
}

// prepare encodes a message once for any number of sockets.
func prepare(v any) (*websocket.PreparedMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return websocket.NewPreparedMessage(websocket.TextMessage, b)
}

// drain is the only goroutine writing messages to the socket (kill writes
// the close frame beside it): it writes what is queued and ends when the
// queue is empty, the socket is closing or a write fails.
func (c *conn) drain() {
	var batch []*websocket.PreparedMessage
	for {
		c.mu.Lock()
		if c.stopping || len(c.pending) == 0 {
			c.writing = false
			last := c.dead
			if cap(c.pending) > 4 {
				c.pending = nil // an idle socket keeps no big queue
			}
			c.mu.Unlock()
			if last {
				c.finish()
			}
			return
		}
		batch, c.pending = c.pending, batch[:0]
		c.mu.Unlock()
		if !c.write(batch) {
			c.kill(0, "")
		}
		clear(batch)
	}
}

// write sends one batch of queued messages; false means the socket is done.
func (c *conn) write(batch []*websocket.PreparedMessage) bool {
	// One deadline for the batch: a client taking WriteWait over what
	// waited for it is too slow.
	deadline := time.Now().Add(c.hub.opts.WriteWait)
	_ = c.ws.SetWriteDeadline(deadline)
	for _, m := range batch {
		select {
		case <-c.closing:
			return true // kill is already closing it
		default:
		}
		switch m {
		case closeMarker:
			c.kill(c.afterCode, c.afterReason)
			return true
		case pingMarker:
			if c.ws.WriteControl(websocket.PingMessage, nil, deadline) != nil {
				return false
			}
			continue
		}
		if c.ws.WritePreparedMessage(m) != nil {
			return false
		}
		c.hub.m.sent.Add(1)
	}
	return true
}

// readLoop is the only goroutine reading the socket; it ends the
// connection when the client goes away or misbehaves.
func (c *conn) readLoop() {
	defer func() {
		c.hub.removeConn(c)
		c.kill(0, "")
		c.hub.socketEvent(c, false)
	}()
	o := c.hub.opts
	c.ws.SetReadLimit(o.ReadLimit)
	_ = c.ws.SetReadDeadline(time.Now().Add(o.PongWait))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(o.PongWait))
	})
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(o.PongWait))
		if kind != websocket.TextMessage {
			c.reply(clientError{Code: game.CodeInvalid, Message: "send JSON text messages"}.msg())
			continue
		}
		if !c.allow() {
			c.reply(clientError{Code: game.CodeRateLimited, Message: "too many messages; slow down"}.msg())
			continue
		}
		// Handling may go deep (JSON, Redis calls); doing it on a
		// short-lived goroutine keeps the reader's own stack, which lives
		// as long as the socket, small. Waiting keeps messages in order.
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.handle(data)
		}()
		<-done
	}
}

// allow spends one token of the client's message budget.
func (c *conn) allow() bool {
	now := time.Now()
	c.tokens = min(clientBurst, c.tokens+now.Sub(c.tokensAt).Seconds()*clientRate)
	c.tokensAt = now
	if c.tokens < 1 {
		return false
	}
	c.tokens--
	return true
}

// handle answers one client message.
func (c *conn) handle(data []byte) {
	var m event.Control
	if err := json.Unmarshal(data, &m); err != nil {
		c.reply(clientError{Code: game.CodeInvalid, Message: "malformed message: expected a JSON object with a type"}.msg())
		return
	}
	switch m.Type {
	case event.TypeSubscribe, event.TypeUnsubscribe:
		if !validTopic(m.Topic) {
			c.reply(clientError{Code: game.CodeInvalid, Message: "topic is missing or malformed", Topic: m.Topic}.msg())
			return
		}
	}
	switch m.Type {
	case event.TypeSubscribe:
		ctx, cancel := context.WithTimeout(c.hub.ctx, 5*time.Second)
		defer cancel()
		if cerr := c.hub.subscribe(ctx, c, m.Topic, m.Delta); cerr != nil {
			c.reply(cerr.msg())
		}
	case event.TypeUnsubscribe:
		if c.player != nil && m.Topic == event.PlayerTopic(c.player.ID) {
			c.reply(clientError{Code: game.CodeInvalid, Message: "your own channel stays subscribed", Topic: m.Topic}.msg())
			return
		}
		c.hub.unsubscribe(c, m.Topic)
		c.reply(event.Control{Type: event.TypeUnsubscribed, Topic: m.Topic})
	case event.TypePing:
		c.reply(event.Control{Type: event.TypePong})
	case "":
		c.reply(clientError{Code: game.CodeInvalid, Message: "message has no type"}.msg())
	default:
		if c.dispatch(m.Type, data) {
			return
		}
		c.reply(clientError{Code: game.CodeInvalid, Message: "unknown message type " + quote(m.Type)}.msg())
	}
}

// wantDelta marks topic as taking deltas; the caller holds hub.mu.
func (c *conn) wantDelta(topic string) {
	if c.delta == nil {
		c.delta = map[string]bool{}
	}
	c.delta[topic] = true
}
