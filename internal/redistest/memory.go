package redistest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// FillMemory sets the server's maxmemory a little above what it uses now,
// with eviction off, and fills it until writes fail with OOM, as a server
// that ran out of memory would, then keeps it there. Raise returns it to no limit without a
// restart. The filler keys live under "oomfill:".
func (s *Server) FillMemory(tb testing.TB) (raise func()) {
	tb.Helper()
	ctx := context.Background()
	rdb := s.Client(tb)
	used := UsedMemory(tb, rdb)
	for _, kv := range [][2]string{{"maxmemory-policy", "noeviction"}, {"maxmemory", strconv.FormatInt(used+2<<20, 10)}} {
		if err := rdb.ConfigSet(ctx, kv[0], kv[1]).Err(); err != nil {
			tb.Fatalf("CONFIG SET %s: %v", kv[0], err)
		}
	}
	pad := strings.Repeat("x", 16<<10)
	for i := 0; ; i++ {
		err := rdb.Set(ctx, fmt.Sprintf("oomfill:%d", i), pad, 0).Err()
		if err != nil {
			if !strings.HasPrefix(err.Error(), "OOM") {
				tb.Fatalf("filling memory: %v", err)
			}
			break
		}
		if i > 100000 {
			tb.Fatal("memory never filled up")
		}
	}
	// Freed buffers could make room for one more small write; a limit
	// below what is now used keeps the server firmly out of memory.
	if err := rdb.ConfigSet(ctx, "maxmemory", strconv.FormatInt(UsedMemory(tb, rdb)-1<<20, 10)).Err(); err != nil {
		tb.Fatalf("CONFIG SET maxmemory: %v", err)
	}
	return func() {
		if err := rdb.ConfigSet(ctx, "maxmemory", "0").Err(); err != nil {
			tb.Errorf("CONFIG SET maxmemory 0: %v", err)
		}
	}
}

// UsedMemory is the server's used_memory in bytes.
func UsedMemory(tb testing.TB, rdb redis.UniversalClient) int64 {
	tb.Helper()
	info, err := rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	tb.Fatal("INFO memory has no used_memory")
	return 0
}
