package game

import "github.com/ladder/ladder/internal/redisx"

// These index short-lived keys that name a player, so deleting the player
// can find them without scanning the keyspace.

// TargetRushRuns is the set of a player's live Target Rush run ids.
func (k Keys) TargetRushRuns(playerID string) string {
	return k.ks.Key("player", redisx.Tag(playerID), "runs")
}

// MMPlayerTickets is the set of a player's recent ticket ids in a mode
// (their MMTicketDone outcomes name the player).
func (k Keys) MMPlayerTickets(mode, playerID string) string { return k.mm(mode, "ptickets", playerID) }
