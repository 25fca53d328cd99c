package realtime

import (
	"context"
	"errors"
	"sync"
)

// MemoryBroker is a Broker inside one process: what its hub publishes
// reaches that hub's own subscriptions, and nothing travels further. It
// lets the hub run without Redis, as its tests do.
type MemoryBroker struct {
	mu     sync.Mutex
	subs   map[string]bool
	queue  []delivery
	wake   chan struct{} // signalled when queue grows
	closed bool
}

// delivery is a queued message, or a subscription confirmation.
type delivery struct {
	topic   string
	payload []byte
	confirm bool
}

var errBrokerClosed = errors.New("realtime: broker closed")

// NewMemoryBroker returns an empty in-process broker.
func NewMemoryBroker() *MemoryBroker {
	return &MemoryBroker{subs: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// Publish queues a copy of each message whose topic is subscribed.
func (b *MemoryBroker) Publish(_ context.Context, msgs ...Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return errBrokerClosed
	}
	for _, m := range msgs {
		if b.subs[m.Topic] {
			// A copy, as on the wire: the caller may reuse its bytes.
			b.queue = append(b.queue, delivery{topic: m.Topic, payload: append([]byte(nil), m.Payload...)})
		}
	}
	b.signal()
	return nil
}

// Subscribe adds topic and queues its confirmation.
func (b *MemoryBroker) Subscribe(_ context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return errBrokerClosed
	}
	b.subs[topic] = true
	b.queue = append(b.queue, delivery{topic: topic, confirm: true})
	b.signal()
	return nil
}

// Unsubscribe drops topic; messages already queued still arrive.
func (b *MemoryBroker) Unsubscribe(_ context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return errBrokerClosed
	}
	delete(b.subs, topic)
	return nil
}

// Receive delivers the queue in order until ctx is done.
func (b *MemoryBroker) Receive(ctx context.Context, r Receiver) error {
	for {
		b.mu.Lock()
		batch := b.queue
		b.queue = nil
		b.mu.Unlock()
		for _, d := range batch {
			if d.confirm {
				r.Subscribed(d.topic)
			} else {
				r.Message(d.topic, d.payload)
			}
		}
		select {
		case <-ctx.Done():
			b.mu.Lock()
			b.closed = true
			b.queue = nil
			b.mu.Unlock()
			return nil
		case <-b.wake:
		}
	}
}

// signal wakes Receive; b.mu is held.
func (b *MemoryBroker) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}
