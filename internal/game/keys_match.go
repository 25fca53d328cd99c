package game

import "github.com/ladder/ladder/internal/redisx"

// Matchmaking keys. Every key of one mode's queue carries the tag
// {mm:<mode>}, so a single Lua script can check and take two tickets, mark
// both players busy and record the claimed match in one atomic step.

func (k Keys) mm(mode string, parts ...string) string {
	return k.ks.Key(append([]string{"mm", redisx.Tag("mm:" + mode)}, parts...)...)
}

// MMTickets is the hash of a mode's waiting tickets: ticket id → JSON record.
func (k Keys) MMTickets(mode string) string { return k.mm(mode, "tickets") }

// MMSeen is the hash ticket id → unix ms of the last time its owner polled it.
func (k Keys) MMSeen(mode string) string { return k.mm(mode, "seen") }

// MMPlayerTicket names the ticket a player is waiting with.
func (k Keys) MMPlayerTicket(mode, playerID string) string { return k.mm(mode, "player", playerID) }

// MMBusy names the live match a player is in (the "one match at a time"
// marker); it is set when a pair is claimed and cleared after settlement.
func (k Keys) MMBusy(mode, playerID string) string { return k.mm(mode, "busy", playerID) }

// MMPlayerTickets is the set of a player's recent ticket ids in a mode
// (their MMTicketDone outcomes name the player), so deleting the player
// finds them without scanning the keyspace.
func (k Keys) MMPlayerTickets(mode, playerID string) string { return k.mm(mode, "ptickets", playerID) }

// MMTicketDone holds how a ticket that left the queue ended (matched,
// timeout, left), for a while, so clients polling it learn the outcome.
func (k Keys) MMTicketDone(mode, ticketID string) string { return k.mm(mode, "done", ticketID) }

// MMPending is the hash match id → JSON of pairs claimed but not yet turned
// into a match; an instance dying in between leaves them here for any
// instance to finish.
func (k Keys) MMPending(mode string) string { return k.mm(mode, "pending") }

// MMQuality is a capped list of "waitA,waitB,gap" samples of recent matches.
func (k Keys) MMQuality(mode string) string { return k.mm(mode, "quality") }

// MMTickLock keeps instances from running the same matcher tick at once
// (wasted work only: correctness comes from the claim script).
func (k Keys) MMTickLock(mode string) string { return k.mm(mode, "tick") }

// MMStatusAt rate-limits queue.status broadcasts across instances.
func (k Keys) MMStatusAt(mode string) string { return k.mm(mode, "status-at") }

// Match is the hash holding one match's state.
func (k Keys) Match(id string) string { return k.ks.Key("match", redisx.Tag("m:"+id)) }

// MatchSettleLock is the lock settlers of one match take.
func (k Keys) MatchSettleLock(id string) string {
	return k.ks.Key("match", redisx.Tag("m:"+id), "settle-lock")
}

// MatchesDue is the sorted set match id → unix ms when a sweeper should look
// at the match (its move deadline, or now when it awaits settlement). An
// entry leaves only once the match is settled, so nothing is forgotten.
func (k Keys) MatchesDue() string { return k.ks.Key("matches", "due") }

// MatchesLive is the sorted set of matches in play, by start time.
func (k Keys) MatchesLive() string { return k.ks.Key("matches", "live") }

// MatchesRecent is the sorted set of finished matches, by end time.
func (k Keys) MatchesRecent() string { return k.ks.Key("matches", "recent") }

// PlayerMatches is a player's match history (match id → end time). It lives
// under the player's tag so that settlement writes it in the same script as
// the rating, and membership doubles as the "already applied" marker.
func (k Keys) PlayerMatches(playerID string) string {
	return k.ks.Key("player", redisx.Tag(playerID), "matches")
}

// MMRematch holds the rematch offered after a finished match, "from|to",
// for as long as the offer stands. Under the queue's tag, so accepting it
// takes both seats in the same script.
func (k Keys) MMRematch(mode, matchID string) string { return k.mm(mode, "rematch", matchID) }

// MMRematchOf names the finished match a player's standing rematch offer
// (made or received) follows.
func (k Keys) MMRematchOf(mode, playerID string) string { return k.mm(mode, "rematch-of", playerID) }

// MMSockets counts a player's open sockets over every instance, so the last
// one closing can withdraw their rematch offer.
func (k Keys) MMSockets(mode, playerID string) string { return k.mm(mode, "sockets", playerID) }
