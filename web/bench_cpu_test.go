package web

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// cpuMeter reports, besides throughput, the CPU time one operation costs
// in this process and in the Redis server. On a machine shared with other
// work, throughput swings with the neighbours' load; CPU per operation is
// the steadier figure to compare changes by.
type cpuMeter struct {
	rdb         *redis.Client
	app, server time.Duration
}

func (m *cpuMeter) start(b *testing.B) {
	m.app, m.server = processCPU(), m.serverCPU(b)
	if os.Getenv("BENCH_CMDSTATS") != "" {
		m.rdb.ConfigSet(b.Context(), "slowlog-log-slower-than", "0")
		m.rdb.ConfigSet(b.Context(), "slowlog-max-len", "20000")
		m.rdb.SlowLogReset(b.Context())
		m.rdb.ConfigResetStat(b.Context())
	}
}

func (m *cpuMeter) report(b *testing.B) {
	app, server := processCPU()-m.app, m.serverCPU(b)-m.server
	n := float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(app.Microseconds())/n, "app-cpu-µs/op")
	b.ReportMetric(float64(server.Microseconds())/n, "redis-cpu-µs/op")
	if os.Getenv("BENCH_CMDSTATS") != "" && b.N > 1000 {
		m.dumpStats(b)
	}
}

// dumpStats prints, with BENCH_CMDSTATS set, Redis's per-command counters
// and the mean time of each command and script (by SHA) from the SLOWLOG,
// which start() set to log everything. The times are wall clock: on a busy
// machine they include time Redis waited for a core, so compare them with
// each other rather than with redis-cpu-µs/op.
func (m *cpuMeter) dumpStats(b *testing.B) {
	info, _ := m.rdb.Info(b.Context(), "commandstats").Result()
	fmt.Fprintf(os.Stderr, "%s N=%d\n%s", b.Name(), b.N, info)
	logs, _ := m.rdb.SlowLogGet(b.Context(), 20000).Result()
	type agg struct {
		n int
		d time.Duration
	}
	by := map[string]*agg{}
	for _, l := range logs {
		if len(l.Args) == 0 {
			continue
		}
		k := fmt.Sprint(l.Args[0])
		if len(l.Args) > 1 && strings.HasPrefix(strings.ToLower(k), "eval") {
			sha := fmt.Sprint(l.Args[1])
			k += " " + sha[:min(8, len(sha))]
		}
		if by[k] == nil {
			by[k] = &agg{}
		}
		by[k].n++
		by[k].d += l.Duration
	}
	for k, a := range by {
		fmt.Fprintf(os.Stderr, "  %-20s n=%6d  %.2f µs/call\n", k, a.n, float64(a.d.Microseconds())/float64(a.n))
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the Redis server's used_cpu_user + used_cpu_sys.
func (m *cpuMeter) serverCPU(b *testing.B) time.Duration {
	info, err := m.rdb.Info(b.Context(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total float64
	for _, line := range strings.Split(info, "\r\n") {
		k, v, _ := strings.Cut(line, ":")
		if k == "used_cpu_user" || k == "used_cpu_sys" {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}
