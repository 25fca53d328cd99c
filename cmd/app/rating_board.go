package main

import (
	"context"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
)

// zsetRatingBoard writes settled ratings to a plain sorted set.
// TODO(merge): replace with the leaderboards service (Boards.SetScore) once
// it is on this branch; it satisfies game.RatingBoard as is.
type zsetRatingBoard struct {
	rdb  redis.UniversalClient
	keys game.Keys
}

// SetScore overwrites the player's score on the board.
func (b zsetRatingBoard) SetScore(ctx context.Context, boardID, playerID string, score int64) error {
	key := b.keys.Prefix() + ":ratingboard:" + boardID
	return b.rdb.ZAdd(ctx, key, redis.Z{Score: float64(score), Member: playerID}).Err()
}
