package game

import "context"

// Publisher carries domain events to whoever listens (the realtime package
// implements it over Redis pub/sub). Topics and messages are those of
// package event; msg is one of its payloads (or its JSON bytes). Publishing
// is best effort: a lost event is repaired by the snapshot a client gets
// when it (re)subscribes.
type Publisher interface {
	Publish(ctx context.Context, topic string, msg any)
}

// NopPublisher drops every event.
type NopPublisher struct{}

// Publish does nothing.
func (NopPublisher) Publish(context.Context, string, any) {}
