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

// PlayerDeleted removes the player from every board for good.
func (b *Boards) PlayerDeleted(ctx context.Context, playerID string) error {
	return b.DeletePlayer(ctx, playerID)
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
	return mm.d.Redis.Del(ctx, mm.d.Keys.PlayerMatches(playerID)).Err()
}
