package game

import "context"

// Event is one message for one topic.
type Event struct {
	Topic string
	Msg   any
}

// BatchPublisher is a Publisher that can send many events in one round
// trip (a score that passes many players tells each of them).
type BatchPublisher interface {
	Publisher
	PublishBatch(ctx context.Context, events []Event)
}

// publishAll sends events through p, in one batch when p can.
func publishAll(ctx context.Context, p Publisher, events []Event) {
	if len(events) == 0 {
		return
	}
	if bp, ok := p.(BatchPublisher); ok && len(events) > 1 {
		bp.PublishBatch(ctx, events)
		return
	}
	for _, e := range events {
		p.Publish(ctx, e.Topic, e.Msg)
	}
}
