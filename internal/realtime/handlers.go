package realtime

import (
	"context"
	"strings"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// TopSource gives the complete leaderboard.top message of a board (with a
// seq that grows with every change), or a not_found *game.Error.
type TopSource interface {
	TopMessage(ctx context.Context, boardID string) ([]byte, error)
}

// LeaderboardHandler serves "leaderboard:<id>" topics: anyone may watch;
// published changes are coalesced into fresh leaderboard.top snapshots.
func LeaderboardHandler(src TopSource) TopicHandler {
	return TopicHandler{
		Coalesce: true,
		Snapshot: func(ctx context.Context, topic string) ([]byte, error) {
			return src.TopMessage(ctx, strings.TrimPrefix(topic, event.LeaderboardPrefix))
		},
	}
}

// AdminOnly is an Authorize function admitting administrators only.
func AdminOnly(_ context.Context, who *game.Player, _ string) error {
	if who == nil {
		return game.Errorf(game.CodeUnauthorized, "sign in first")
	}
	if !who.IsAdmin() {
		return game.Errorf(game.CodeForbidden, "administrators only")
	}
	return nil
}
