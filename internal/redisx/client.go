// Package redisx holds Redis plumbing that knows nothing about games: client
// setup (single node, Redis Cluster, the embedded development server), the
// sliding-window limiter, the distributed lock, key naming and error
// classification.
package redisx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Options selects which Redis to talk to. With neither URL nor ClusterAddrs set
// an embedded in-process server is started.
type Options struct {
	URL          string
	ClusterAddrs []string
	PoolSize     int
}

// Open returns a client for the Redis described by opts and a function that
// releases it (and stops the embedded server, if one was started). It does
// not wait for the server to answer; WaitReady does.
func Open(ctx context.Context, opts Options, log *slog.Logger) (redis.UniversalClient, func(), error) {
	switch {
	case len(opts.ClusterAddrs) > 0:
		rdb := redis.NewClusterClient(&redis.ClusterOptions{
			Addrs:           opts.ClusterAddrs,
			PoolSize:        opts.PoolSize,
			DisableIdentity: true,
		})
		return rdb, func() { _ = rdb.Close() }, nil
	case opts.URL != "":
		o, err := redis.ParseURL(opts.URL)
		if err != nil {
			return nil, nil, fmt.Errorf("parse REDIS_URL: %w", err)
		}
		o.DisableIdentity = true
		if opts.PoolSize > 0 {
			o.PoolSize = opts.PoolSize
		}
		rdb := redis.NewClient(o)
		return rdb, func() { _ = rdb.Close() }, nil
	default:
		mr, err := StartEmbedded()
		if err != nil {
			return nil, nil, err
		}
		log.Warn("redis: REDIS_URL is not set, using an EMBEDDED in-memory server; ALL DATA IS LOST when the process exits",
			"addr", mr.Addr())
		rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), DisableIdentity: true, PoolSize: opts.PoolSize})
		return rdb, func() { _ = rdb.Close(); mr.Close() }, nil
	}
}

// StartEmbedded starts an in-process Redis-compatible server on a free
// loopback port. Its clock follows the wall clock so that TTLs expire and
// TIME (used by the limiter) moves, as on a real server.
func StartEmbedded() (*miniredis.Miniredis, error) {
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	mr.ClockTTL(true)
	return mr, nil
}

// Ping reports whether Redis answers within a short deadline; /readyz uses it.
func Ping(ctx context.Context, rdb redis.UniversalClient) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if c, ok := rdb.(*redis.ClusterClient); ok {
		return c.ForEachShard(ctx, func(ctx context.Context, n *redis.Client) error {
			return n.Ping(ctx).Err()
		})
	}
	return rdb.Ping(ctx).Err()
}

// CheckWritable reports whether Redis accepts writes, by setting key (a
// short-lived throwaway under the caller's prefix) within a short deadline.
// A server that answers PING but refuses writes (out of memory, a replica,
// a failed snapshot) is not ready.
func CheckWritable(ctx context.Context, rdb redis.UniversalClient, key string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return rdb.Set(ctx, key, "1", 5*time.Second).Err()
}

// Ready is what an instance's readiness check asks of Redis: that it
// answers (Ping) and accepts writes (CheckWritable on key).
func Ready(ctx context.Context, rdb redis.UniversalClient, key string) error {
	if err := Ping(ctx, rdb); err != nil {
		return err
	}
	return CheckWritable(ctx, rdb, key)
}

// unavailableReplies are the error replies with which a healthy server says
// it cannot serve now: loading a snapshot, a cluster or replica not ready,
// out of memory, a replica or a failed snapshot refusing writes, a script
// running too long. Retrying later helps; the request itself is fine.
var unavailableReplies = []string{"LOADING", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY",
	"OOM", "MISCONF", "BUSY", "NOREPLICAS"}

// IsUnavailable reports whether err means Redis could not be reached or
// cannot serve for now (as opposed to a logical error such as redis.Nil or
// a script error), so callers can answer 503 instead of 500.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) {
		return false
	}
	if errors.Is(err, redis.ErrClosed) || errors.Is(err, redis.ErrPoolTimeout) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var re redis.Error
	if errors.As(err, &re) {
		return isUnavailableReply(re.Error())
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE)
}

// WaitReady pings Redis until it answers or timeout has passed. A Redis
// that is not up yet (the usual case at deploy time) gets one line naming
// the address being tried and the deadline, then silence until it answers
// or the deadline passes, when the last error is returned.
func WaitReady(ctx context.Context, rdb redis.UniversalClient, timeout time.Duration, log *slog.Logger) error {
	target := describe(rdb)
	deadline := time.Now().Add(timeout)
	waited := false
	for {
		err := Ping(ctx, rdb)
		if err == nil {
			if waited {
				log.Info("redis: answering now", "addr", target)
			} else {
				log.Info("redis: connected", "addr", target)
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis at %s did not answer within %s: %w", target, timeout, err)
		}
		if !waited {
			waited = true
			log.Warn(fmt.Sprintf("redis: no answer from %s; waiting up to %s for it", target, timeout),
				"addr", target, "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// describe names the server or cluster seeds a client talks to.
func describe(rdb redis.UniversalClient) string {
	switch c := rdb.(type) {
	case *redis.Client:
		o := c.Options()
		return fmt.Sprintf("%s (db %d)", o.Addr, o.DB)
	case *redis.ClusterClient:
		return "Redis Cluster " + strings.Join(c.Options().Addrs, ",")
	default:
		return "redis"
	}
}

// isUnavailableReply matches a reply's error code, also where a script
// passes on the reply of a command it called ("... -OOM command not
// allowed ...").
func isUnavailableReply(msg string) bool {
	for _, code := range unavailableReplies {
		if strings.HasPrefix(msg, code+" ") || msg == code || strings.Contains(msg, "-"+code+" ") {
			return true
		}
	}
	return false
}
