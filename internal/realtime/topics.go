package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// noSeq is the seq a subscription starts from: anything is newer.
const noSeq = math.MinInt64

// topic is one topic with local subscribers. All fields are guarded by
// Hub.mu.
type topic struct {
	name string
	h    *TopicHandler
	subs map[*conn]struct{}
	gone bool // the last subscriber left; pending flushes do nothing

	// Snapshot refreshing (coalesced updates, and fresh data after Redis
	// comes back), paced by a token bucket: one Snapshot per
	// CoalesceInterval, with a spare for a change that comes a little early.
	dirty     bool
	force     bool // send the next snapshot even if seq went down
	scheduled bool
	tokens    float64
	tokensAt  time.Time
	// The last snapshot broadcast: to compare messages without seq, and
	// to give a newcomer if it is newer than the one it fetched.
	lastSnap   []byte
	lastSeq    int64
	lastHasSeq bool
}

// subscribe adds topic name to c, after checking that c may watch it, and
// sends c the topic's snapshot; with delta (on a topic that has deltas)
// later changes come as deltas. It is called from c's reader goroutine.
func (h *Hub) subscribe(ctx context.Context, c *conn, name string, delta bool) *clientError {
	th := h.handler(name)
	if th == nil {
		return &clientError{Code: game.CodeNotFound, Message: "unknown topic", Topic: name}
	}
	if strings.HasPrefix(name, event.PlayerPrefix) && (c.player == nil || name != event.PlayerTopic(c.player.ID)) {
		return &clientError{Code: game.CodeForbidden, Message: "a player's channel is theirs alone", Topic: name}
	}
	if th.Authorize != nil {
		if err := th.Authorize(ctx, c.player, name); err != nil {
			return errorFor(err, name)
		}
	}
	var snap []byte
	if th.Snapshot != nil {
		var err error
		if snap, err = th.Snapshot(ctx, name); err != nil {
			if game.ErrorCode(err) == game.CodeInternal {
				h.log.Warn("realtime: snapshot", "topic", name, slog.Any("error", err))
			}
			return errorFor(err, name)
		}
	}
	added, cerr := h.addSub(c, name, th, snap, delta && th.Delta != nil)
	if cerr != nil {
		return cerr
	}
	if added {
		// A change between the snapshot above and this SUBSCRIBE is caught
		// by the refresh that Redis's confirmation triggers.
		h.syncRedis(name)
	}
	return nil
}

// addSub records the subscription, then queues the confirmation and the
// snapshot (or a newer one the topic already broadcast) in that order, so
// no update can overtake them. added is false if c already had the topic;
// a delta subscriber asking again (it saw a gap) then gets the snapshot
// marked resync.
func (h *Hub) addSub(c *conn, name string, th *TopicHandler, snap []byte, delta bool) (added bool, _ *clientError) {
	ack, _ := prepare(event.Control{Type: event.TypeSubscribed, Topic: name})
	seq, hasSeq := seqOf(snap)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false, &clientError{Code: game.CodeUnavailable, Message: "server shutting down", Topic: name}
	}
	t := h.topics[name]
	if _, ok := c.subs[name]; ok {
		h.enqueueLocked(c, ack)
		if delta && t != nil {
			if t.lastSnap != nil && t.lastHasSeq && hasSeq && t.lastSeq > seq {
				snap, seq = t.lastSnap, t.lastSeq
			}
			if snap != nil && hasSeq {
				c.subs[name] = seq
				c.wantDelta(name)
				if pm, err := websocket.NewPreparedMessage(websocket.TextMessage, withResync(snap)); err == nil {
					h.enqueueLocked(c, pm)
				}
			}
		}
		return false, nil
	}
	limit := h.opts.MaxSubscriptions
	if c.player != nil {
		limit++ // the player's own channel does not count
	}
	if len(c.subs) >= limit {
		return false, &clientError{Code: "too_many_subscriptions", Message: "too many subscriptions on one connection", Topic: name}
	}
	if t == nil {
		t = &topic{name: name, h: th, subs: map[*conn]struct{}{}}
		h.topics[name] = t
	}
	t.subs[c] = struct{}{}
	c.subs[name] = noSeq
	if delta {
		c.wantDelta(name)
	}
	h.enqueueLocked(c, ack)
	if t.lastSnap != nil && t.lastHasSeq && hasSeq && t.lastSeq > seq {
		snap, seq = t.lastSnap, t.lastSeq
	}
	if t.lastSnap == nil && hasSeq && th.Delta != nil {
		// The first broadcast can then be a delta from this snapshot.
		t.lastSnap, t.lastSeq, t.lastHasSeq = snap, seq, true
	}
	if snap != nil {
		if hasSeq {
			c.subs[name] = seq
		}
		if pm, err := websocket.NewPreparedMessage(websocket.TextMessage, snap); err == nil {
			h.enqueueLocked(c, pm)
		}
	}
	if th.Delta != nil && hasSeq && t.lastHasSeq && seq > t.lastSeq {
		// The newcomer read a newer snapshot than the topic last sent (a
		// change raced the subscription): everyone moves to it now, so all
		// hold the base of the next delta.
		h.broadcastLocked(t, snap, false)
	}
	return true, nil
}

// unsubscribe removes one subscription of c.
func (h *Hub) unsubscribe(c *conn, name string) {
	h.mu.Lock()
	emptied := h.dropSubLocked(c, name)
	h.mu.Unlock()
	if emptied {
		h.syncRedis(name)
	}
}

// dropSubLocked removes c from topic name and reports whether the topic
// has no local subscriber left.
func (h *Hub) dropSubLocked(c *conn, name string) bool {
	if _, ok := c.subs[name]; !ok {
		return false
	}
	delete(c.subs, name)
	delete(c.delta, name)
	t := h.topics[name]
	if t == nil {
		return false
	}
	delete(t.subs, c)
	if len(t.subs) > 0 {
		return false
	}
	t.gone = true
	delete(h.topics, name)
	return true
}

// removeConn forgets a closed socket and its subscriptions.
func (h *Hub) removeConn(c *conn) {
	h.mu.Lock()
	if _, ok := h.conns[c]; ok {
		h.caps.removeLocked(c)
	}
	delete(h.conns, c)
	var emptied []string
	for name := range c.subs {
		if h.dropSubLocked(c, name) {
			emptied = append(emptied, name)
		}
	}
	h.mu.Unlock()
	for _, name := range emptied {
		h.syncRedis(name)
	}
}

// forward sends a published message verbatim to the topic's subscribers.
// A session.revoked event on a player's channel also closes their sockets:
// those of the sessions it names, or all of them.
func (h *Hub) forward(name string, payload []byte) {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, payload)
	if err != nil {
		return
	}
	revoked := strings.HasPrefix(name, event.PlayerPrefix) && typeOf(payload) == event.TypeSessionRevoked
	var only map[string]bool
	if revoked {
		only = revokedSessions(payload)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topics[name]
	if t == nil {
		return
	}
	for c := range t.subs {
		if only != nil && !only[c.session] {
			continue
		}
		if h.enqueueLocked(c, pm) && revoked {
			c.closeAfterQueue(websocket.ClosePolicyViolation, "session revoked")
		}
	}
}

// enqueueLocked queues pm for c without ever blocking; a socket whose queue
// is full cannot keep up and is dropped.
func (h *Hub) enqueueLocked(c *conn, pm *websocket.PreparedMessage) bool {
	if c.enqueue(pm) {
		return true
	}
	h.m.dropped.Add(1)
	if c.kill(websocket.CloseTryAgainLater, "too slow: messages were not read") {
		h.m.slow.Add(1)
		h.log.Info("realtime: dropped a slow client", "player", c.playerID())
	}
	return false
}

// markDirtyLocked notes that a topic's data changed and schedules a
// snapshot no sooner than CoalesceInterval after the previous one.
func (h *Hub) markDirtyLocked(t *topic, force bool) {
	if t.h.Snapshot == nil {
		return
	}
	t.dirty = true
	if force {
		t.force = true
	}
	if t.scheduled {
		return
	}
	h.scheduleLocked(t, t.wait(time.Now(), h.opts.CoalesceInterval))
}

// coalesceBurst is how many snapshots a quiet topic may send back to back.
// With one, a board changing about once per interval settles into a fixed
// lag behind its writes (each change waits for the interval since the last
// flush, which itself waited); a spare token absorbs that jitter while
// the long-run rate stays one per interval.
const coalesceBurst = 2

// level is how many snapshot tokens the topic holds at now.
func (t *topic) level(now time.Time, interval time.Duration) float64 {
	if t.tokensAt.IsZero() {
		return coalesceBurst
	}
	return min(coalesceBurst, t.tokens+float64(now.Sub(t.tokensAt))/float64(interval))
}

// wait is how long until the topic may send a snapshot.
func (t *topic) wait(now time.Time, interval time.Duration) time.Duration {
	if l := t.level(now, interval); l < 1 {
		return time.Duration((1 - l) * float64(interval))
	}
	return 0
}

// take spends a token for a snapshot sent at now.
func (t *topic) take(now time.Time, interval time.Duration) {
	t.tokens, t.tokensAt = t.level(now, interval)-1, now
}

func (h *Hub) scheduleLocked(t *topic, delay time.Duration) {
	t.scheduled = true
	time.AfterFunc(max(delay, 0), func() { h.flush(t) })
}

// flush takes a snapshot of a dirty topic and broadcasts it if it moved.
func (h *Hub) flush(t *topic) {
	h.mu.Lock()
	if t.gone || h.closed || !t.dirty {
		t.scheduled = false
		h.mu.Unlock()
		return
	}
	t.dirty = false
	force := t.force
	t.force = false
	t.take(time.Now(), h.opts.CoalesceInterval)
	h.mu.Unlock()

	ctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
	snap, err := t.h.Snapshot(ctx, t.name)
	cancel()

	h.mu.Lock()
	defer h.mu.Unlock()
	t.scheduled = false
	if t.gone || h.closed {
		return
	}
	if err != nil {
		if game.ErrorCode(err) != game.CodeNotFound && !errors.Is(err, context.Canceled) {
			// Redis may be restarting: try again shortly, keeping the
			// force flag, rather than leaving subscribers stale.
			h.log.Debug("realtime: snapshot failed, retrying", "topic", t.name, slog.Any("error", err))
			t.dirty = true
			t.force = t.force || force
			h.scheduleLocked(t, max(time.Second, h.opts.CoalesceInterval))
		}
		return
	}
	if snap != nil {
		h.broadcastLocked(t, snap, force)
	}
	if t.dirty {
		h.scheduleLocked(t, t.wait(time.Now(), h.opts.CoalesceInterval))
	}
}

// broadcastLocked sends a snapshot to every subscriber that has not seen
// its seq yet; when forced, to every subscriber holding another seq (Redis
// came back and its data, seq included, may have been reset).
func (h *Hub) broadcastLocked(t *topic, snap []byte, force bool) {
	seq, hasSeq := seqOf(snap)
	if !hasSeq && !force && bytes.Equal(snap, t.lastSnap) {
		return
	}
	if hasSeq && !force && t.lastHasSeq && t.lastSnap != nil && seq < t.lastSeq {
		// Older than what was sent already (a slow snapshot overtaken by
		// a subscriber's fresher one): everyone holds newer data, and
		// keeping it as the delta base would cost resyncs.
		return
	}
	prev, prevSeq := t.lastSnap, t.lastSeq
	havePrev := prev != nil && t.lastHasSeq
	t.lastSnap, t.lastSeq, t.lastHasSeq = snap, seq, hasSeq
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, snap)
	if err != nil {
		return
	}
	if force && hasSeq {
		// A forced snapshot may carry a lower seq than the client holds;
		// "resync" tells it to take the data anyway.
		if pm, err = websocket.NewPreparedMessage(websocket.TextMessage, withResync(snap)); err != nil {
			return
		}
	}
	// The delta and the resync snapshot are built once, on first need.
	var dpm, rpm *websocket.PreparedMessage
	deltaTried := false
	for c := range t.subs {
		if !hasSeq {
			h.enqueueLocked(c, pm)
			continue
		}
		last := c.subs[t.name]
		if seq == last || (!force && seq < last) {
			continue
		}
		c.subs[t.name] = seq
		if force || !c.delta[t.name] {
			h.enqueueLocked(c, pm)
			continue
		}
		if havePrev && last == prevSeq {
			if !deltaTried {
				deltaTried = true
				if d := t.h.Delta(prev, snap); d != nil {
					dpm, _ = websocket.NewPreparedMessage(websocket.TextMessage, d)
				}
			}
			if dpm != nil {
				h.enqueueLocked(c, dpm)
				continue
			}
			h.enqueueLocked(c, pm)
			continue
		}
		// The subscriber holds another snapshot than the delta's base:
		// it gets the whole board, marked so it knows to start over.
		if rpm == nil {
			if rpm, err = websocket.NewPreparedMessage(websocket.TextMessage, withResync(snap)); err != nil {
				continue
			}
		}
		h.enqueueLocked(c, rpm)
	}
}

// withResync adds "resync":true to a JSON object message.
func withResync(msg []byte) []byte {
	if len(msg) < 2 || msg[0] != '{' {
		return msg
	}
	out := make([]byte, 0, len(msg)+15)
	out = append(out, `{"resync":true`...)
	if msg[1] != '}' {
		out = append(out, ',')
	}
	return append(out, msg[1:]...)
}

// seqOf reads a message's top-level "seq".
func seqOf(msg []byte) (int64, bool) {
	var v struct {
		Seq *int64 `json:"seq"`
	}
	if json.Unmarshal(msg, &v) != nil || v.Seq == nil {
		return 0, false
	}
	return *v.Seq, true
}

// typeOf reads a message's top-level "type".
func typeOf(msg []byte) string {
	var v struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(msg, &v)
	return v.Type
}
