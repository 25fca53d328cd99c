package realtime

import (
	"context"
	"log/slog"
	"time"
)

// syncRedis makes the broker subscription of topic name match local
// interest: subscribe while a local socket watches it, unsubscribe when the
// last one leaves. Calls are serialised so that quick subscribe/unsubscribe
// sequences from different sockets settle on the right state.
func (h *Hub) syncRedis(name string) {
	h.redisMu.Lock()
	defer h.redisMu.Unlock()
	h.mu.Lock()
	t := h.topics[name]
	_, watched := h.watchers[name]
	want := (watched || t != nil && len(t.subs) > 0) && !h.closed
	have := h.redisSubs[name]
	if want && !have {
		h.pending[name]++
	}
	h.mu.Unlock()

	ctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
	defer cancel()
	switch {
	case want && !have:
		// A failed subscribe is still recorded: the Redis broker retries
		// it once it reconnects.
		h.redisSubs[name] = true
		if err := h.broker.Subscribe(ctx, name); err != nil && h.ctx.Err() == nil {
			h.log.Warn("realtime: subscribe", "topic", name, slog.Any("error", err))
		}
	case !want && have:
		delete(h.redisSubs, name)
		if err := h.broker.Unsubscribe(ctx, name); err != nil && h.ctx.Err() == nil {
			h.log.Warn("realtime: unsubscribe", "topic", name, slog.Any("error", err))
		}
	}
}

// onMessage handles a message the broker delivers. Any message also ends a
// run of reconnect confirmations.
func (h *Hub) onMessage(name string, payload []byte) {
	h.mu.Lock()
	h.resubscribing = false
	if w, ok := h.watchers[name]; ok && w.Message != nil {
		h.mu.Unlock()
		w.Message(payload)
		h.mu.Lock()
	}
	t := h.topics[name]
	if t == nil {
		h.mu.Unlock()
		return
	}
	if t.h.Coalesce {
		// The message only says "changed": the snapshot carries the data.
		h.markDirtyLocked(t, false)
		h.mu.Unlock()
		return
	}
	h.mu.Unlock()
	h.forward(name, payload)
}

// onSubscribed handles the broker confirming a topic. Whether it answers
// our own subscribe or the broker resubscribing after a reconnect (Redis
// restarted, the connection broke), messages may have been missed before
// it, so the topic's subscribers get fresh data (if it differs from what
// they hold). Confirmations we did not ask for mark a reconnect.
func (h *Hub) onSubscribed(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	own := h.pending[name] > 0
	h.log.Debug("realtime: subscription confirmed", "topic", name, "own", own)
	if own {
		if h.pending[name]--; h.pending[name] == 0 {
			delete(h.pending, name)
		}
		h.resubscribing = false
	} else if !h.resubscribing {
		// A reconnect confirms every topic in a row: count it once.
		h.resubscribing = true
		h.m.reconnects.Add(1)
		h.log.Warn("realtime: broker connection re-established; refreshing subscribers")
	}
	if t := h.topics[name]; t != nil {
		// Our own subscription only needs what changed since the
		// snapshot its subscriber read (a delta will do); after a
		// reconnect Redis may have lost its data, seq included, so the
		// refresh is forced.
		h.markDirtyLocked(t, !own)
	}
	if w, ok := h.watchers[name]; ok && w.Reset != nil && !own {
		w.Reset()
	}
}
