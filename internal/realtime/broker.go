package realtime

import "context"

// Broker carries published messages between the app's instances. The hub
// holds one subscription on it and adds or drops topics as local interest
// comes and goes. RedisBroker is the production one; MemoryBroker keeps
// everything in one process.
type Broker interface {
	// Publish sends each message to its topic's subscribers on every
	// instance; messages of one call arrive in order.
	Publish(ctx context.Context, msgs ...Message) error
	// Subscribe adds a topic to this instance's subscription; a
	// confirmation follows through Receive. Unsubscribe drops it.
	Subscribe(ctx context.Context, topic string) error
	Unsubscribe(ctx context.Context, topic string) error
	// Receive hands messages and subscription confirmations to r, one at a
	// time in arrival order, until ctx is done, then closes the
	// subscription. It runs once. A confirmation the hub did not ask for
	// means the connection was re-established and messages may be lost.
	Receive(ctx context.Context, r Receiver) error
}

// Message is one published event: the topic and its encoded bytes.
type Message struct {
	Topic   string
	Payload []byte
}

// Receiver takes what a Broker delivers.
type Receiver struct {
	// Message is a message published on a subscribed topic.
	Message func(topic string, payload []byte)
	// Subscribed confirms a topic of the subscription.
	Subscribed func(topic string)
}
