// Package event names Ladder's realtime topics and message types and defines
// the JSON form of every message that travels on them: the events the domain
// publishes and the replies the realtime hub sends a client. It depends on
// the standard library only, so the domain and the transport can share it.
//
// The wire form is part of the public API (docs/API.md) and must not change:
// fields are declared in the order they are encoded, which for most messages
// is alphabetical because they were first encoded from maps.
package event

// Topic names. A topic of a kind that has ids is its prefix followed by the
// id; "stats" stands alone.
const (
	LeaderboardPrefix = "leaderboard:"
	MatchPrefix       = "match:"
	PlayerPrefix      = "player:"
	StatsTopic        = "stats"
	// MatchesTopic carries the list of matches in play.
	MatchesTopic = "matches"
	// SessionsTopic carries a copy of every session.revoked to every
	// instance, for those that hold sessions in memory; no socket may
	// subscribe to it.
	SessionsTopic = "sessions"
)

// LeaderboardTopic is the topic of one board's events.
func LeaderboardTopic(boardID string) string { return LeaderboardPrefix + boardID }

// MatchTopic is the topic of one match's events.
func MatchTopic(matchID string) string { return MatchPrefix + matchID }

// PlayerTopic is the topic of one player's own events.
func PlayerTopic(playerID string) string { return PlayerPrefix + playerID }

// Types of the messages published on topics.
const (
	TypeLeaderboardTop = "leaderboard.top"
	// TypeLeaderboardDelta updates a delta subscriber's copy of the top.
	TypeLeaderboardDelta = "leaderboard.delta"
	// TypeLeaderboardChanged only marks a board as changed: the hub
	// coalesces it into leaderboard.top snapshots, clients never see it.
	TypeLeaderboardChanged = "leaderboard.changed"
	TypeMatchState         = "match.state"
	TypeMatchEnded         = "match.ended"
	TypeMatchFound         = "match.found"
	TypeMatchesLive        = "matches.live"
	// TypeMatchesChanged only marks the live list as changed: the hub
	// coalesces it into matches.live snapshots, clients never see it.
	TypeMatchesChanged = "matches.changed"
	TypeQueueStatus    = "queue.status"
	TypeQueueTimeout   = "queue.timeout"
	TypeRankChanged    = "rank.changed"
	// TypeSessionRevoked on a player's topic also closes their sockets.
	TypeSessionRevoked = "session.revoked"
	TypeStats          = "stats"
	// TypeRematchOffered tells a player their last opponent offers a
	// rematch; TypeRematchCancelled that such an offer is gone because one
	// of the two left.
	TypeRematchOffered   = "rematch.offered"
	TypeRematchCancelled = "rematch.cancelled"
)

// Types of the messages a client sends, and of the hub's replies.
const (
	TypeSubscribe    = "subscribe"
	TypeUnsubscribe  = "unsubscribe"
	TypePing         = "ping"
	TypeSubscribed   = "subscribed"
	TypeUnsubscribed = "unsubscribed"
	TypePong         = "pong"
	TypeError        = "error"
	// A player of a finished match offers the opponent a rematch
	// (TypeRematchOffer) and is answered TypeRematchWaiting; the opponent
	// takes it with TypeRematchAccept, after which both get match.found.
	TypeRematchOffer   = "rematch.offer"
	TypeRematchAccept  = "rematch.accept"
	TypeRematchWaiting = "rematch.waiting"
)
