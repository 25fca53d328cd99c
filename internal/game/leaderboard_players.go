package game

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
)

// Banning, unbanning, deleting and resetting. A ban hides a player's
// entries on every board and period (moved to BoardHidden, keyed by period
// so they expire with it) and marks them banned on each board so a racing
// submission is refused; an unban puts the entries back where they were.

// periodKeys lists the keys of every period the board has written (see
// boardPeriodKeys), pruning the ids whose keys have all expired.
func (b *Boards) periodKeys(ctx context.Context, boardID string) ([]string, error) {
	k := b.d.Keys
	ids, err := b.d.Redis.SMembers(ctx, k.BoardPeriods(boardID)).Result()
	if err != nil {
		return nil, fmt.Errorf("board periods %s: %w", boardID, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	exists := make([]*redis.IntCmd, len(ids))
	_, err = b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			exists[i] = p.Exists(ctx, k.boardPeriodKeys(boardID, id)...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("board periods %s: %w", boardID, err)
	}
	var keys []string
	var gone []any
	for i, id := range ids {
		if exists[i].Val() == 0 {
			gone = append(gone, id)
			continue
		}
		keys = append(keys, k.boardPeriodKeys(boardID, id)...)
	}
	if len(gone) > 0 {
		b.d.Redis.SRem(ctx, k.BoardPeriods(boardID), gone...)
	}
	return keys, nil
}

// onEveryBoard runs a hide/restore/remove script for a player on each
// board and announces the boards that changed.
func (b *Boards) onEveryBoard(ctx context.Context, script *redis.Script, playerID string, args ...any) error {
	defs, err := b.List(ctx)
	if err != nil {
		return err
	}
	for _, def := range defs {
		if err := b.onBoard(ctx, def.ID, script, playerID, args...); err != nil {
			return err
		}
	}
	return nil
}

func (b *Boards) onBoard(ctx context.Context, boardID string, script *redis.Script, playerID string, args ...any) error {
	periods, err := b.periodKeys(ctx, boardID)
	if err != nil {
		return err
	}
	return b.onKeys(ctx, boardID, periods, script, playerID, args...)
}

func (b *Boards) onKeys(ctx context.Context, boardID string, periods []string, script *redis.Script, playerID string, args ...any) error {
	k := b.d.Keys
	keys := append([]string{k.BoardBanned(boardID), k.BoardSeq(boardID), k.BoardNames(boardID)}, periods...)
	n, err := script.Run(ctx, b.d.Redis, keys, append([]any{playerID}, args...)...).Int64()
	if err != nil {
		return fmt.Errorf("board %s player %s: %w", boardID, playerID, err)
	}
	if n > 0 {
		b.d.Events.Publish(ctx, event.LeaderboardTopic(boardID), event.NewLeaderboardChanged(boardID))
	}
	return nil
}

// HidePlayer takes a banned player off every board, all periods, keeping
// the entries so RestorePlayer can bring them back. Until then the player
// cannot submit scores.
func (b *Boards) HidePlayer(ctx context.Context, playerID string) error {
	return b.onEveryBoard(ctx, hideScript, playerID)
}

// RestorePlayer undoes HidePlayer (an unban).
func (b *Boards) RestorePlayer(ctx context.Context, playerID string) error {
	return b.onEveryBoard(ctx, restoreScript, playerID)
}

// DeletePlayer removes every trace of a player from every board.
func (b *Boards) DeletePlayer(ctx context.Context, playerID string) error {
	return b.onEveryBoard(ctx, removeScript, playerID, "1", "1")
}

// ResetPlayer removes a player's entries from one board, every period.
func (b *Boards) ResetPlayer(ctx context.Context, boardID, playerID string) error {
	if _, _, err := b.load(ctx, boardID); err != nil {
		return err
	}
	return b.onBoard(ctx, boardID, removeScript, playerID, "0", "1")
}

// RemoveRecord removes a player's entry from a board's current period.
func (b *Boards) RemoveRecord(ctx context.Context, boardID, playerID string) error {
	def, st, err := b.load(ctx, boardID)
	if err != nil {
		return err
	}
	cur := periodsAt(def, st, b.d.Now()).Current
	k := b.d.Keys
	return b.onKeys(ctx, boardID, k.boardPeriodKeys(boardID, cur), removeScript, playerID, "0", "0")
}

// ResetBoard starts the board afresh now. What was current becomes
// readable as the previous period (on never boards too); what was previous
// before is dropped on never boards and left to expire on the others.
func (b *Boards) ResetBoard(ctx context.Context, boardID string) error {
	for range 3 {
		def, st, err := b.load(ctx, boardID)
		if err != nil {
			return err
		}
		now := b.d.Now()
		nat, _, _ := naturalPeriod(def.Reset, now)
		k := b.d.Keys
		keys := []string{k.BoardState(boardID), k.BoardSeq(boardID)}
		if def.Reset == ResetNever && st.Gen > 0 {
			old := withGen(nat, st.Gen-1)
			keys = append(keys, k.boardPeriodKeys(boardID, old)...)
		}
		gen, err := resetScript.Run(ctx, b.d.Redis, keys, st.Gen, nat, now.UnixMilli()).Int64()
		if err != nil {
			return fmt.Errorf("reset board %s: %w", boardID, err)
		}
		if gen < 0 {
			continue
		}
		b.forget(boardID)
		b.d.Events.Publish(ctx, event.LeaderboardTopic(boardID), event.NewLeaderboardChanged(boardID))
		return nil
	}
	return Errorf(CodeUnavailable, "the board is being reset by someone else, try again")
}

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
// score rate-limit log.
func (b *Boards) PlayerDeleted(ctx context.Context, playerID string) error {
	if err := b.DeletePlayer(ctx, playerID); err != nil {
		return err
	}
	return b.d.Redis.Del(ctx, b.d.Keys.ScoreLimit(playerID)).Err()
}
