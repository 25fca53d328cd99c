package realtime

import (
	"context"
	"log/slog"

	"github.com/ladder/ladder/internal/game"
)

// PublishBatch sends several events in one broker call (one pipelined
// round trip on Redis), in order. It implements game.BatchPublisher; like
// Publish, failures are logged.
func (h *Hub) PublishBatch(ctx context.Context, events []game.Event) {
	msgs := make([]Message, 0, len(events))
	for _, e := range events {
		if b, ok := h.encodeEvent(e.Topic, e.Msg); ok {
			msgs = withSessionsCopy(append(msgs, Message{Topic: e.Topic, Payload: b}), e.Msg, b)
		}
	}
	if len(msgs) == 0 {
		return
	}
	if err := h.broker.Publish(ctx, msgs...); err != nil {
		h.log.Warn("realtime: publish batch", "events", len(events), slog.Any("error", err))
	}
}
