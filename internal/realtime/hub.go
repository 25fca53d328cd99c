// Package realtime carries Ladder's live events to browsers and API clients
// over WebSockets. Every app instance holds one subscription on a Broker
// (Redis pub/sub in production), subscribes to a topic only while one of
// its sockets is interested, and fans each message out in-process: encoded
// once, the same bytes go to every local subscriber.
package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// TopicHandler describes one kind of topic (registered by prefix with
// Hub.Handle).
type TopicHandler struct {
	// Authorize says whether who (nil = anonymous) may subscribe to topic;
	// a *game.Error's code and message reach the client. Nil allows everyone.
	Authorize func(ctx context.Context, who *game.Player, topic string) error
	// Snapshot returns the complete message a subscriber gets on subscribe
	// and after the broker's connection comes back; nil (or a nil result)
	// sends none. A not_found error means the topic does not exist.
	Snapshot func(ctx context.Context, topic string) ([]byte, error)
	// Coalesce treats each published message as a mere "changed" mark: the
	// hub sends a fresh Snapshot about once per Options.CoalesceInterval,
	// and only when its seq moved. Without it, published messages are
	// forwarded verbatim.
	Coalesce bool
	// Delta, when set, lets subscribers ask for deltas: given the snapshot
	// a subscriber holds and the newer one, it returns the message turning
	// one into the other, or nil when only a full snapshot will do.
	Delta func(prev, next []byte) []byte
}

// Options tune a Hub; zero values take the defaults.
type Options struct {
	// CheckOrigin accepts or refuses a handshake by its Origin header. The
	// default accepts requests without Origin (non-browser clients) and those
	// whose Origin names the requested host.
	CheckOrigin func(r *http.Request) bool
	// SendQueue bounds the messages waiting for one socket (64); a socket
	// whose queue is full is dropped.
	SendQueue int
	// MaxSubscriptions caps the topics one socket may watch (50).
	MaxSubscriptions int
	// ReadLimit caps one client message in bytes (4096).
	ReadLimit int64
	// PingInterval is how often the server pings (25s); a client silent for
	// PongWait (60s) is dropped; a write blocked for WriteWait (10s) too.
	PingInterval time.Duration
	PongWait     time.Duration
	WriteWait    time.Duration
	// CoalesceInterval paces the snapshots of one coalesced topic (100ms):
	// one per interval in the long run, two back to back at most.
	CoalesceInterval time.Duration
	// MaxPlayerSockets caps one player's sockets on this instance (10); a
	// new one closes the oldest with 1008. MaxAnonymousPerAddr caps the
	// anonymous sockets of one client address on this instance (100); more
	// are refused with 429.
	MaxPlayerSockets    int
	MaxAnonymousPerAddr int
	// Compression negotiates permessage-deflate with clients that offer
	// it; each prepared message is then compressed once per broadcast.
	Compression bool
	// Presence, when set, is refreshed for every player with a local socket
	// on connect and every game.PresenceRefresh.
	Presence *game.Presence
}

func (o Options) withDefaults() Options {
	if o.CheckOrigin == nil {
		o.CheckOrigin = SameOriginOrNone
	}
	if o.SendQueue <= 0 {
		o.SendQueue = 64
	}
	if o.MaxSubscriptions <= 0 {
		o.MaxSubscriptions = 50
	}
	if o.ReadLimit <= 0 {
		o.ReadLimit = 4096
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 25 * time.Second
	}
	if o.PongWait <= 0 {
		o.PongWait = 60 * time.Second
	}
	if o.WriteWait <= 0 {
		o.WriteWait = 10 * time.Second
	}
	if o.MaxPlayerSockets <= 0 {
		o.MaxPlayerSockets = defaultMaxPlayerSockets
	}
	if o.MaxAnonymousPerAddr <= 0 {
		o.MaxAnonymousPerAddr = defaultMaxAnonymousPerAddr
	}
	if o.CoalesceInterval <= 0 {
		o.CoalesceInterval = 100 * time.Millisecond
	}
	return o
}

// Hub owns the sockets of one app instance and its broker subscription.
type Hub struct {
	broker   Broker
	log      *slog.Logger
	opts     Options
	upgrader websocket.Upgrader
	m        *metrics

	// ctx bounds the hub's own broker calls and snapshots; Close, or the
	// end of Run, cancels it.
	ctx     context.Context
	cancel  context.CancelFunc
	running atomic.Bool

	mu       sync.Mutex
	handlers []prefixHandler
	topics   map[string]*topic
	conns    map[*conn]struct{}
	caps     socketIndex
	pending  map[string]int // our own SUBSCRIBEs not yet confirmed, by channel
	// resubscribing is set while confirmations of a reconnect arrive.
	resubscribing bool
	closed        bool

	client   clientHooks        // client message types and socket hook of the app
	watchers map[string]Watcher // topics watched by the instance itself

	redisMu   sync.Mutex      // serialises broker Subscribe/Unsubscribe
	redisSubs map[string]bool // topics subscribed on the broker
}

type prefixHandler struct {
	prefix string
	h      *TopicHandler
}

// New builds a hub on broker; Run delivers its messages. reg may be nil
// (metrics are then not exported).
func New(broker Broker, log *slog.Logger, reg prometheus.Registerer, opts Options) *Hub {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		broker: broker, log: log, opts: opts,
		ctx:       ctx,
		cancel:    cancel,
		topics:    map[string]*topic{},
		conns:     map[*conn]struct{}{},
		pending:   map[string]int{},
		redisSubs: map[string]bool{},
	}
	h.m = newMetrics(h, reg)
	h.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// A small read buffer (client messages are a few dozen bytes:
		// subscribe, a move) and pooled write buffers keep an idle socket
		// cheap: no write buffer sits allocated between messages.
		ReadBufferSize:    256,
		WriteBufferSize:   4096,
		WriteBufferPool:   &sync.Pool{},
		EnableCompression: opts.Compression,
		CheckOrigin:       opts.CheckOrigin,
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			writeHTTPError(w, status, reason.Error())
		},
	}
	return h
}

// Run delivers the broker's messages to local sockets and keeps presence
// fresh until ctx is done or Close is called. Then it closes every socket
// with 1001 (waiting up to WriteWait for their close handshakes) and the
// broker subscription, and returns nil; an error means the broker failed.
// A hub runs once.
func (h *Hub) Run(ctx context.Context) error {
	if !h.running.CompareAndSwap(false, true) {
		return errors.New("realtime: hub already running")
	}
	// The end of ctx stops the hub as Close does. Everything runs on
	// h.ctx, so the hub's own broker calls are cancelled before the
	// broker closes and sockets leaving afterwards log no failures.
	stop := context.AfterFunc(ctx, h.cancel)
	defer stop()
	var loops sync.WaitGroup
	loops.Add(1)
	go func() { defer loops.Done(); h.pingLoop(h.ctx) }()
	if h.opts.Presence != nil {
		loops.Add(1)
		go func() { defer loops.Done(); h.refreshPresence(h.ctx) }()
	}
	err := h.broker.Receive(h.ctx, Receiver{Message: h.onMessage, Subscribed: h.onSubscribed})
	h.cancel()
	drain, cancelDrain := context.WithTimeout(context.Background(), h.opts.WriteWait)
	h.goAway(drain)
	cancelDrain()
	loops.Wait()
	return err
}

// Handle registers the handler of topics starting with prefix. A prefix
// ending in ':' matches every topic under it ("leaderboard:"); any other
// matches only itself ("stats").
func (h *Hub) Handle(prefix string, th TopicHandler) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handlers = append(h.handlers, prefixHandler{prefix: prefix, h: &th})
}

// handler finds the handler of a topic, nil if none.
func (h *Hub) handler(topic string) *TopicHandler {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.handlerLocked(topic)
}

func (h *Hub) handlerLocked(topic string) *TopicHandler {
	for _, ph := range h.handlers {
		if strings.HasSuffix(ph.prefix, ":") {
			if len(topic) > len(ph.prefix) && strings.HasPrefix(topic, ph.prefix) {
				return ph.h
			}
		} else if topic == ph.prefix {
			return ph.h
		}
	}
	if strings.HasPrefix(topic, event.PlayerPrefix) {
		return &playerTopic
	}
	return nil
}

// playerTopic is every signed-in socket's own channel: events published for
// the player are forwarded as they come; nobody subscribes by hand.
var playerTopic = TopicHandler{}

// Publish sends msg (JSON-encoded once) to every socket watching topic, on
// every instance, through the broker. It implements game.Publisher:
// failures are logged, since a lost event is repaired by the next snapshot.
func (h *Hub) Publish(ctx context.Context, topic string, msg any) {
	b, ok := h.encodeEvent(topic, msg)
	if !ok {
		return
	}
	msgs := withSessionsCopy([]Message{{Topic: topic, Payload: b}}, msg, b)
	if err := h.broker.Publish(ctx, msgs...); err != nil {
		h.log.Warn("realtime: publish", "topic", topic, slog.Any("error", err))
	}
}

// encodeEvent gives an event's bytes: raw bytes as they are, anything else
// JSON-encoded. A value that cannot be encoded is logged and skipped.
func (h *Hub) encodeEvent(topic string, msg any) ([]byte, bool) {
	switch v := msg.(type) {
	case []byte:
		return v, true
	case json.RawMessage:
		return v, true
	}
	b, err := json.Marshal(msg)
	if err != nil {
		h.log.Error("realtime: encode event", "topic", topic, slog.Any("error", err))
		return nil, false
	}
	return b, true
}

// Stats are one instance's live figures.
type Stats struct {
	Sockets       int   `json:"sockets"`
	Subscriptions int   `json:"subscriptions"`
	Topics        int   `json:"topics"`
	MessagesSent  int64 `json:"messages_sent"`
	Dropped       int64 `json:"messages_dropped"`
	SlowDropped   int64 `json:"slow_clients_dropped"`
	Reconnects    int64 `json:"pubsub_reconnects"`
}

// Stats reports this instance's sockets, subscriptions and message counts.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	s := Stats{Sockets: len(h.conns), Topics: len(h.topics)}
	for _, t := range h.topics {
		s.Subscriptions += len(t.subs)
	}
	h.mu.Unlock()
	s.MessagesSent = h.m.sent.Load()
	s.Dropped = h.m.dropped.Load()
	s.SlowDropped = h.m.slow.Load()
	s.Reconnects = h.m.reconnects.Load()
	return s
}

// Close closes every socket with 1001 (going away) so clients reconnect to
// another instance, waiting for their close handshakes until ctx is done,
// and ends Run.
func (h *Hub) Close(ctx context.Context) {
	h.cancel()
	h.goAway(ctx)
}

// goAway closes every socket with 1001 and refuses new ones, waiting for
// the close handshakes until ctx is done. Every call waits for the sockets
// still open, whoever started closing them.
func (h *Hub) goAway(ctx context.Context) {
	h.mu.Lock()
	h.closed = true
	conns := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.closeAfterQueue(websocket.CloseGoingAway, "server shutting down")
	}
	for _, c := range conns {
		select {
		case <-c.done:
		case <-ctx.Done():
		}
	}
}

// pingLoop pings every socket each PingInterval, in its queue after what
// waits there; a client that answers nothing for PongWait is dropped by
// its reader. One loop for all sockets keeps a timer off each of them.
func (h *Hub) pingLoop(ctx context.Context) {
	t := time.NewTicker(h.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.Lock()
		for c := range h.conns {
			h.enqueueLocked(c, pingMarker)
		}
		h.mu.Unlock()
	}
}

// refreshPresence tells Redis which players hold a socket here, so other
// instances (matchmaking) know who is still around.
func (h *Hub) refreshPresence(ctx context.Context) {
	t := time.NewTicker(game.PresenceRefresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.Lock()
		seen := map[string]struct{}{}
		for c := range h.conns {
			if c.player != nil {
				seen[c.player.ID] = struct{}{}
			}
		}
		h.mu.Unlock()
		ids := make([]string, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := h.opts.Presence.Touch(tctx, ids...); err != nil {
			h.log.Warn("realtime: presence refresh", slog.Any("error", err))
		}
		cancel()
	}
}
