package event

import "time"

// Every payload carries its Type (the Type* constant of its name) and, for
// messages that say where they were published, its Topic. Values whose
// shape belongs to the domain (board entries, match results, players,
// rating changes) are held as any and encoded as the domain defines them.

// LeaderboardChanged marks a board as changed (TypeLeaderboardChanged).
type LeaderboardChanged struct {
	Board string `json:"board"`
	Topic string `json:"topic"`
	Type  string `json:"type"`
}

// NewLeaderboardChanged is the change mark of board boardID, for its topic.
func NewLeaderboardChanged(boardID string) LeaderboardChanged {
	return LeaderboardChanged{Board: boardID, Topic: LeaderboardTopic(boardID), Type: TypeLeaderboardChanged}
}

// LeaderboardTop is a board's live top (TypeLeaderboardTop). Seq grows with
// every change of the board.
type LeaderboardTop struct {
	Type    string `json:"type"`
	Topic   string `json:"topic"`
	Seq     int64  `json:"seq"`
	Board   string `json:"board"`
	Period  string `json:"period"`
	Total   int64  `json:"total"`
	Entries any    `json:"entries"` // the top entries, best first
}

// LeaderboardDelta turns a delta subscriber's leaderboard.top at BaseSeq
// into the one at Seq (TypeLeaderboardDelta): Changes are the rows that are
// new or differ, Removed the players who left the top. Applied to the
// rows held by player id, they give exactly the newer top.
type LeaderboardDelta struct {
	Type    string     `json:"type"`
	Topic   string     `json:"topic"`
	Seq     int64      `json:"seq"`
	BaseSeq int64      `json:"base_seq"`
	Changes []DeltaRow `json:"changes"`
	Removed []string   `json:"removed"`
	Total   int64      `json:"total"`
}

// DeltaRow is one row of a board's top, as leaderboard.top entries encode
// it.
type DeltaRow struct {
	Rank        int64  `json:"rank"`
	PlayerID    string `json:"player_id"`
	DisplayName string `json:"display_name"`
	Score       int64  `json:"score"`
}

// MatchState is a match as it stands (TypeMatchState); Seq is its number
// of moves.
type MatchState struct {
	Board       [][]int    `json:"board"`
	Deadline    *time.Time `json:"deadline"` // nil once over
	MatchID     string     `json:"match_id"`
	Moves       []int      `json:"moves"`
	PlayerInfo  any        `json:"player_info"`
	Players     []string   `json:"players"`
	RemainingMs int64      `json:"remaining_ms"`
	Result      any        `json:"result"` // nil while playing
	Seq         int        `json:"seq"`
	Spectators  int        `json:"spectators"` // sockets watching, players' own excluded
	Status      string     `json:"status"`
	Topic       string     `json:"topic"`
	Turn        *string    `json:"turn"` // nil once over
	Type        string     `json:"type"`
}

// MatchEnded tells how a match ended (TypeMatchEnded), on the match's topic
// and on each player's.
type MatchEnded struct {
	MatchID       string `json:"match_id"`
	RatingChanges any    `json:"rating_changes"` // by player id; empty if unrated
	Result        any    `json:"result"`
	Topic         string `json:"topic"`
	Type          string `json:"type"`
}

// MatchFound tells a queued player their match began (TypeMatchFound).
type MatchFound struct {
	MatchID  string   `json:"match_id"`
	Opponent Opponent `json:"opponent"`
	Topic    string   `json:"topic"`
	Type     string   `json:"type"`
}

// MatchesLive is the list of matches in play (TypeMatchesLive, on
// MatchesTopic): the first page of GET /api/v1/matches?status=playing.
type MatchesLive struct {
	Matches any    `json:"matches"`
	Topic   string `json:"topic"`
	Total   int64  `json:"total"`
	Type    string `json:"type"`
}

// MatchesChanged only marks the live list as changed
// (TypeMatchesChanged): the hub coalesces it into matches.live snapshots.
type MatchesChanged struct {
	Topic string `json:"topic"`
	Type  string `json:"type"`
}

// Opponent is the other player of a found match, rated as the match began.
type Opponent struct {
	DisplayName string `json:"display_name"`
	ID          string `json:"id"`
	Rating      int    `json:"rating"`
}

// QueueStatus tells a waiting player how their search goes (TypeQueueStatus).
type QueueStatus struct {
	EstimateMs int64      `json:"estimate_ms"`
	Mode       string     `json:"mode"`
	Range      [2]float64 `json:"range"` // the ratings accepted now
	TicketID   string     `json:"ticket_id"`
	Topic      string     `json:"topic"`
	Type       string     `json:"type"`
	WaitedMs   int64      `json:"waited_ms"`
}

// QueueTimeout tells a player their ticket waited too long and was dropped
// (TypeQueueTimeout).
type QueueTimeout struct {
	Mode     string `json:"mode"`
	TicketID string `json:"ticket_id"`
	Topic    string `json:"topic"`
	Type     string `json:"type"`
}

// RankChanged tells a player their rank on a board moved (TypeRankChanged).
// It carries no topic.
type RankChanged struct {
	Board        string `json:"board"`
	PreviousRank *int64 `json:"previous_rank"` // nil: was not ranked
	Rank         int64  `json:"rank"`
	Type         string `json:"type"`
}

// SessionRevoked tells a player their sessions ended (TypeSessionRevoked).
// With Sessions only the sockets opened with those sessions close; without,
// every socket of the player does.
type SessionRevoked struct {
	Reason   string   `json:"reason"`
	Sessions []string `json:"sessions,omitempty"`
	Topic    string   `json:"topic"`
	Type     string   `json:"type"`
}

// NewSessionRevoked is the revocation of the given sessions of playerID,
// or of all of them when none is given.
func NewSessionRevoked(playerID, reason string, sessionIDs ...string) SessionRevoked {
	return SessionRevoked{Reason: reason, Sessions: sessionIDs, Topic: PlayerTopic(playerID), Type: TypeSessionRevoked}
}

// Stats are the dashboard's cluster-wide figures (TypeStats, on StatsTopic).
// Per-minute rates cover the last 60 seconds.
type Stats struct {
	At                time.Time `json:"at"`
	GapP50            float64   `json:"gap_p50"`
	GapP95            float64   `json:"gap_p95"`
	Instances         int       `json:"instances"`
	MatchesLive       int64     `json:"matches_live"`
	PlayersOnline     int64     `json:"players_online"`
	PlayersTotal      int64     `json:"players_total"`
	QueueLength       int64     `json:"queue_length"`
	RejectionsPerMin  int64     `json:"rejections_per_min"`
	Sockets           int64     `json:"sockets"`
	SubmissionsPerMin int64     `json:"submissions_per_min"`
	Subscriptions     int64     `json:"subscriptions"`
	Topic             string    `json:"topic"`
	Type              string    `json:"type"`
	WaitP50Ms         int64     `json:"wait_p50_ms"`
	WaitP95Ms         int64     `json:"wait_p95_ms"`
}

// RematchRequest is what a client sends to offer or accept a rematch
// (TypeRematchOffer, TypeRematchAccept).
type RematchRequest struct {
	Type    string `json:"type"`
	MatchID string `json:"match_id"`
}

// RematchOffered tells a player that From, their opponent in MatchID, offers
// a rematch (TypeRematchOffered); the offer lapses after ExpiresMs.
type RematchOffered struct {
	ExpiresMs int64  `json:"expires_ms"`
	From      string `json:"from"`
	MatchID   string `json:"match_id"`
	Topic     string `json:"topic"`
	Type      string `json:"type"`
}

// RematchWaiting confirms an offer to its sender (TypeRematchWaiting): To
// has ExpiresMs to accept.
type RematchWaiting struct {
	ExpiresMs int64  `json:"expires_ms"`
	MatchID   string `json:"match_id"`
	To        string `json:"to"`
	Type      string `json:"type"`
}

// RematchCancelled tells a player the rematch offer after MatchID is gone
// because one of the two players left (TypeRematchCancelled).
type RematchCancelled struct {
	MatchID string `json:"match_id"`
	Topic   string `json:"topic"`
	Type    string `json:"type"`
}

// Control is the hub's reply to a subscribe, unsubscribe or ping
// (TypeSubscribed, TypeUnsubscribed, TypePong), and the shape of a client's
// request.
type Control struct {
	Type  string `json:"type"`
	Topic string `json:"topic,omitempty"`
	// Delta, on a subscribe to a leaderboard topic, asks for
	// leaderboard.delta messages after the first snapshot.
	Delta bool `json:"delta,omitempty"`
}

// Error is what a client is told about a request it got wrong (TypeError);
// the connection stays open.
type Error struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Topic   string `json:"topic,omitempty"`
}
