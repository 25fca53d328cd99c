package game

import (
	"context"
	"fmt"
)

// Boards as a PlayerCleaner: a ban hides the player's entries on every
// board, an unban brings them back, a deletion forgets them.

// PlayerBanned hides the player's board entries.
func (b *Boards) PlayerBanned(ctx context.Context, playerID string) error {
	return b.HidePlayer(ctx, playerID)
}

// PlayerUnbanned restores the player's board entries.
func (b *Boards) PlayerUnbanned(ctx context.Context, playerID string) error {
	return b.RestorePlayer(ctx, playerID)
}

// PlayerDeleted removes the player from every board for good, with their
// score rate-limit log and Target Rush run tokens.
func (b *Boards) PlayerDeleted(ctx context.Context, playerID string) error {
	if err := b.DeletePlayer(ctx, playerID); err != nil {
		return err
	}
	k := b.d.Keys
	runs, err := b.d.Redis.SMembers(ctx, k.TargetRushRuns(playerID)).Result()
	if err != nil {
		return fmt.Errorf("player runs: %w", err)
	}
	// Every key here carries the player's hash tag: one slot, one DEL.
	keys := []string{k.ScoreLimit(playerID), k.TargetRushRuns(playerID)}
	for _, id := range runs {
		keys = append(keys, k.TargetRushRun(playerID, id))
	}
	return b.d.Redis.Del(ctx, keys...).Err()
}

// Matchmaker as a PlayerCleaner: a banned or deleted player leaves every
// queue and loses a live match.

// PlayerBanned takes the player out of queues and forfeits their live match.
func (mm *Matchmaker) PlayerBanned(ctx context.Context, playerID string) error {
	if err := mm.RemovePlayer(ctx, playerID); err != nil {
		return fmt.Errorf("remove from queues: %w", err)
	}
	if _, err := mm.matches.ForfeitPlayer(ctx, playerID); err != nil && ErrorCode(err) != CodeNotFound {
		return fmt.Errorf("forfeit live match: %w", err)
	}
	return nil
}

// PlayerUnbanned has nothing to bring back: tickets and matches are not
// restored.
func (mm *Matchmaker) PlayerUnbanned(context.Context, string) error { return nil }

// PlayerDeleted does what a ban does and drops the player's match history;
// finished matches keep the id, which then reads as a deleted player.
func (mm *Matchmaker) PlayerDeleted(ctx context.Context, playerID string) error {
	if err := mm.PlayerBanned(ctx, playerID); err != nil {
		return err
	}
	k := mm.d.Keys
	for _, mode := range MatchmakingModes {
		// Ticket outcomes name their owner; the mode's keys share a slot.
		ids, err := mm.d.Redis.SMembers(ctx, k.MMPlayerTickets(mode, playerID)).Result()
		if err != nil {
			return fmt.Errorf("player tickets: %w", err)
		}
		keys := []string{k.MMPlayerTickets(mode, playerID)}
		for _, id := range ids {
			keys = append(keys, k.MMTicketDone(mode, id))
		}
		if err := mm.d.Redis.Del(ctx, keys...).Err(); err != nil {
			return fmt.Errorf("player tickets: %w", err)
		}
	}
	return mm.d.Redis.Del(ctx, k.PlayerMatches(playerID)).Err()
}
