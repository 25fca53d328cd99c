package game

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// allKeys lists the keys under the test's prefix on every node.
func allKeys(t *testing.T, e *boardsEnv) ([]string, error) {
	t.Helper()
	ctx := t.Context()
	var out []string
	scan := func(ctx context.Context, c *redis.Client) error {
		iter := c.Scan(ctx, 0, e.deps.Keys.Prefix()+":*", 1000).Iterator()
		for iter.Next(ctx) {
			out = append(out, iter.Val())
		}
		return iter.Err()
	}
	switch c := e.deps.Redis.(type) {
	case *redis.ClusterClient:
		var mu = make(chan struct{}, 1)
		mu <- struct{}{}
		err := c.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
			<-mu
			defer func() { mu <- struct{}{} }()
			return scan(ctx, n)
		})
		return out, err
	case *redis.Client:
		return out, scan(ctx, c)
	}
	t.Fatalf("unknown client %T", e.deps.Redis)
	return nil, nil
}
