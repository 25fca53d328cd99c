package game

import "context"

// Publisher carries domain events to whoever listens (the realtime package
// implements it over Redis pub/sub). Topics are "leaderboard:<id>",
// "match:<id>", "player:<id>" and "stats"; msg is a JSON-encodable value with
// a "type" field. Publishing is best effort: a lost event is repaired by the
// snapshot a client gets when it (re)subscribes.
type Publisher interface {
	Publish(ctx context.Context, topic string, msg any)
}

// NopPublisher drops every event.
type NopPublisher struct{}

// Publish does nothing.
func (NopPublisher) Publish(context.Context, string, any) {}

// PlayerTopic is the topic of one player's own events.
func PlayerTopic(id string) string { return "player:" + id }

// MatchTopic is the topic of one match's events.
func MatchTopic(id string) string { return "match:" + id }

// LeaderboardTopic is the topic of one board's events.
func LeaderboardTopic(id string) string { return "leaderboard:" + id }
