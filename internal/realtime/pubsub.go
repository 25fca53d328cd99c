package realtime

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// syncRedis makes the Redis subscription of topic name match local
// interest: SUBSCRIBE while a local socket watches it, UNSUBSCRIBE when the
// last one leaves. Calls are serialised so that quick subscribe/unsubscribe
// sequences from different sockets settle on the right state.
func (h *Hub) syncRedis(name string) {
	h.redisMu.Lock()
	defer h.redisMu.Unlock()
	ch := h.keys.Channel(name)
	h.mu.Lock()
	t := h.topics[name]
	want := t != nil && len(t.subs) > 0 && !h.closed
	have := h.redisSubs[name]
	if want && !have {
		h.pending[ch]++
	}
	h.mu.Unlock()

	ctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
	defer cancel()
	switch {
	case want && !have:
		// go-redis remembers the channel even when the write fails and
		// subscribes again once it reconnects.
		h.redisSubs[name] = true
		if err := h.ps.Subscribe(ctx, ch); err != nil {
			h.log.Warn("realtime: subscribe", "topic", name, slog.Any("error", err))
		}
	case !want && have:
		delete(h.redisSubs, name)
		if err := h.ps.Unsubscribe(ctx, ch); err != nil && h.ctx.Err() == nil {
			h.log.Warn("realtime: unsubscribe", "topic", name, slog.Any("error", err))
		}
	}
}

// receive is the one loop reading this instance's pub/sub connection.
func (h *Hub) receive(msgs <-chan any) {
	defer h.loops.Done()
	for m := range msgs {
		switch m := m.(type) {
		case *redis.Message:
			h.mu.Lock()
			h.resubscribing = false
			h.mu.Unlock()
			h.onMessage(strings.TrimPrefix(m.Channel, h.chPrefix), m.Payload)
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				h.onSubscribed(m)
			}
		}
	}
}

func (h *Hub) onMessage(name, payload string) {
	h.mu.Lock()
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
	h.forward(name, []byte(payload))
}

// onSubscribed handles Redis confirming a channel. Whether it answers our
// own SUBSCRIBE or go-redis resubscribing after a reconnect (Redis
// restarted, the connection broke), messages may have been missed before
// it, so the topic's subscribers get a fresh snapshot (if it differs from
// what they hold). Confirmations we did not ask for mark a reconnect.
func (h *Hub) onSubscribed(s *redis.Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	own := h.pending[s.Channel] > 0
	h.log.Debug("realtime: subscription confirmed", "channel", s.Channel, "count", s.Count, "own", own)
	if own {
		if h.pending[s.Channel]--; h.pending[s.Channel] == 0 {
			delete(h.pending, s.Channel)
		}
		h.resubscribing = false
	} else if !h.resubscribing {
		// A reconnect confirms every channel in a row: count it once.
		h.resubscribing = true
		h.m.reconnects.Add(1)
		h.log.Warn("realtime: pub/sub connection re-established; refreshing subscribers")
	}
	if t := h.topics[strings.TrimPrefix(s.Channel, h.chPrefix)]; t != nil {
		h.markDirtyLocked(t, true)
	}
}
