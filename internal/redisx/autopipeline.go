package redisx

import (
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// AutoPipeline returns a Scripter that sends the Lua scripts of many
// goroutines together: while one batch is on the wire the next one
// collects, so under load one round trip carries many scripts and both the
// app and Redis make far fewer system calls per script, while a lone call
// still goes out at once. Each script stays atomic; only the transport is
// shared. Per-call contexts are not honoured once a call is queued (the
// client's read and write timeouts still bound it). When rdb cannot
// auto-pipeline, rdb itself is returned.
func AutoPipeline(rdb redis.UniversalClient, log *slog.Logger) redis.Scripter {
	var (
		ap  *redis.AutoPipeliner
		err error
	)
	switch c := rdb.(type) {
	case *redis.Client:
		ap, err = c.AutoPipeline()
	case *redis.ClusterClient:
		ap, err = c.AutoPipeline()
	default:
		return rdb
	}
	if err != nil {
		log.Warn("redis: auto-pipelining unavailable, scripts use the plain client", slog.Any("error", err))
		return rdb
	}
	return ap
}
