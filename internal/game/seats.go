package game

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Seats are the "one match at a time" markers: while a player has a seat
// in a live match, matchmaking refuses their tickets. The queue's scripts
// take seats atomically with the tickets they pair (through key); the match
// lifecycle reads and frees them through the methods here.
type Seats struct{ d Deps }

// NewSeats returns the seat markers.
func NewSeats(d Deps) *Seats { return &Seats{d: d.withDefaults()} }

// key names a player's seat marker in a mode, for the queue's scripts.
func (s *Seats) key(mode, playerID string) string { return s.d.Keys.MMBusy(mode, playerID) }

// Holder returns the id of the match holding the player's seat, or "".
func (s *Seats) Holder(ctx context.Context, mode, playerID string) (string, error) {
	id, err := s.d.Redis.Get(ctx, s.key(mode, playerID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("seat of %s: %w", playerID, err)
	}
	return id, nil
}

// releaseSeats frees seats, but only those still held by the given match.
var releaseSeats = redis.NewScript(mustLua("clear_busy.lua"))

// Release frees the players' seats held by matchID, leaving any seat a
// newer match holds. Safe to repeat.
func (s *Seats) Release(ctx context.Context, mode, matchID string, playerIDs ...string) error {
	keys := make([]string, len(playerIDs))
	for i, id := range playerIDs {
		keys[i] = s.key(mode, id)
	}
	if err := releaseSeats.Run(ctx, s.d.Redis, keys, matchID).Err(); err != nil {
		return fmt.Errorf("release seats of %s: %w", matchID, err)
	}
	return nil
}
