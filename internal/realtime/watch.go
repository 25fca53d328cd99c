package realtime

import "github.com/ladder/ladder/internal/game/event"

// Watcher hears every message on a topic this instance watches for itself
// (not for a socket): Message gets each payload, Reset is called when the
// broker connection came back and messages may have been lost.
type Watcher struct {
	Message func(payload []byte)
	Reset   func()
}

// Watch keeps topic subscribed on the broker for as long as the hub runs
// and hands its messages to w, on the broker's delivery goroutine.
func (h *Hub) Watch(topic string, w Watcher) {
	h.mu.Lock()
	if h.watchers == nil {
		h.watchers = map[string]Watcher{}
	}
	h.watchers[topic] = w
	h.mu.Unlock()
	h.syncRedis(topic)
}

// withSessionsCopy adds, for a session.revoked event, the copy that goes
// to every instance on event.SessionsTopic, in the same broker call.
func withSessionsCopy(msgs []Message, msg any, payload []byte) []Message {
	if _, ok := msg.(event.SessionRevoked); ok {
		msgs = append(msgs, Message{Topic: event.SessionsTopic, Payload: payload})
	}
	return msgs
}
