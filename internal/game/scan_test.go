package game_test

import (
	"context"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redistest"
)

// scanKeys lists keys matching pattern with SCAN, on every master of a
// cluster.
func scanKeys(t *testing.T, tg redistest.Target, pattern string) []string {
	t.Helper()
	var mu sync.Mutex
	var keys []string
	scanOne := func(ctx context.Context, c redis.Cmdable) error {
		it := c.Scan(ctx, 0, pattern, 1000).Iterator()
		for it.Next(ctx) {
			mu.Lock()
			keys = append(keys, it.Val())
			mu.Unlock()
		}
		return it.Err()
	}
	var err error
	if cc, ok := tg.Client.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(t.Context(), func(ctx context.Context, c *redis.Client) error { return scanOne(ctx, c) })
	} else {
		err = scanOne(t.Context(), tg.Client)
	}
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
