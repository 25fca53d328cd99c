package realtime

import (
	"context"
	"log/slog"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
)

// PublishBatch sends several events in one pipelined round trip, in order.
// It implements game.BatchPublisher; like Publish, failures are logged.
func (h *Hub) PublishBatch(ctx context.Context, events []game.Event) {
	if len(events) == 0 {
		return
	}
	// One node for the whole batch keeps it in order (see publisherFor).
	rdb, err := h.publisherFor(ctx, h.keys.Channel(events[0].Topic))
	if err != nil {
		h.log.Warn("realtime: publish batch", "events", len(events), slog.Any("error", err))
		return
	}
	_, err = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, e := range events {
			b, ok := h.encodeEvent(e.Topic, e.Msg)
			if !ok {
				continue
			}
			p.Publish(ctx, h.keys.Channel(e.Topic), b)
		}
		return nil
	})
	if err != nil {
		h.log.Warn("realtime: publish batch", "events", len(events), slog.Any("error", err))
	}
}
