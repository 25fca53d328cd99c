package game

import "github.com/ladder/ladder/internal/redisx"

// Leaderboard keys. Board definitions live in one global hash (listing every
// board is one HGETALL); everything a board's scripts touch together is
// tagged {lb:<id>} so it sits in one Redis Cluster slot.

// BoardDefs is the hash of board id → JSON definition.
func (k Keys) BoardDefs() string { return k.ks.Key("boards") }

func (k Keys) board(id string, parts ...string) string {
	return k.ks.Key(append([]string{"lb", redisx.Tag("lb:" + id)}, parts...)...)
}

// BoardState is a board's hash of mutable state: "gen" (bumped by every
// reset) and "gen_period" (the natural period the last reset happened in).
func (k Keys) BoardState(id string) string { return k.board(id, "state") }

// BoardSeq counts changes to a board; it orders ties (who reached a score
// first) and versions leaderboard.top snapshots.
func (k Keys) BoardSeq(id string) string { return k.board(id, "seq") }

// BoardScores is the sorted set of one period: score → "<order>:<player>".
func (k Keys) BoardScores(id, period string) string { return k.board(id, "z", period) }

// BoardMembers maps player id → sorted-set member for one period, so a
// player's entry is found in O(1) and ranked in O(log n).
func (k Keys) BoardMembers(id, period string) string { return k.board(id, "m", period) }

// BoardHidden holds the entries of banned players of one period
// (player → "member|score"), kept so that an unban restores them.
func (k Keys) BoardHidden(id, period string) string { return k.board(id, "h", period) }

// BoardTimes maps player id → when (unix ms) they reached their score in
// one period, written by the submit script with the score itself.
func (k Keys) BoardTimes(id, period string) string { return k.board(id, "t", period) }

// boardPeriodKeys are the keys of one period a player's entry lives in, in
// the order lua/lib_periods.lua walks them: scores, members, hidden, times.
func (k Keys) boardPeriodKeys(id, period string) []string {
	return []string{k.BoardScores(id, period), k.BoardMembers(id, period), k.BoardHidden(id, period), k.BoardTimes(id, period)}
}

// BoardBanned is the set of banned players on a board; its scripts refuse
// them atomically.
func (k Keys) BoardBanned(id string) string { return k.board(id, "banned") }

// BoardPeriods is the set of period ids a board has written, so that
// deleting a player can reach every key still holding them.
func (k Keys) BoardPeriods(id string) string { return k.board(id, "periods") }

// BoardNames maps player id → "<name version>|<display name>" for everyone
// with an entry on the board, so a page and its names are one script.
func (k Keys) BoardNames(id string) string { return k.board(id, "names") }

// ScoreLimit is a player's sliding-window log of score submissions.
func (k Keys) ScoreLimit(playerID string) string {
	return k.ks.Key("rl", "score", redisx.Tag(playerID))
}

// TargetRushRuns is the set of a player's live Target Rush run ids, so
// deleting the player finds them without scanning the keyspace.
func (k Keys) TargetRushRuns(playerID string) string {
	return k.ks.Key("player", redisx.Tag(playerID), "runs")
}

// TargetRushRun is one Target Rush run token of a player.
func (k Keys) TargetRushRun(playerID, runID string) string {
	return k.ks.Key("player", redisx.Tag(playerID), "run", runID)
}
