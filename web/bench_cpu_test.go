package web

import (
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
}

func (m *cpuMeter) report(b *testing.B) {
	app, server := processCPU()-m.app, m.serverCPU(b)-m.server
	n := float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(app.Microseconds())/n, "app-cpu-µs/op")
	b.ReportMetric(float64(server.Microseconds())/n, "redis-cpu-µs/op")
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
