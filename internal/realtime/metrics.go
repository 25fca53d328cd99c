package realtime

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the hub's counters; Prometheus reads them at scrape time.
type metrics struct {
	sent       atomic.Int64
	dropped    atomic.Int64
	slow       atomic.Int64
	reconnects atomic.Int64
}

func newMetrics(h *Hub, reg prometheus.Registerer) *metrics {
	m := &metrics{}
	if reg == nil {
		return m
	}
	counter := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(v.Load()) })
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ladder_ws_open_sockets", Help: "WebSockets open on this instance.",
		}, func() float64 { return float64(h.Stats().Sockets) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ladder_ws_subscriptions", Help: "Topic subscriptions held by this instance's sockets.",
		}, func() float64 { return float64(h.Stats().Subscriptions) }),
		counter("ladder_ws_messages_sent_total", "Messages written to WebSockets.", &m.sent),
		counter("ladder_ws_messages_dropped_total", "Messages not delivered because a socket's queue was full.", &m.dropped),
		counter("ladder_ws_slow_clients_dropped_total", "Sockets closed because they did not keep up.", &m.slow),
		counter("ladder_pubsub_reconnects_total", "Times the Redis pub/sub connection came back and resubscribed.", &m.reconnects),
	)
	return m
}
