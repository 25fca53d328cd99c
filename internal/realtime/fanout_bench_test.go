package realtime

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkFanout measures one broadcast to many sockets of this hub: from
// the broker delivering a message until every subscriber has read it. The
// clients run in the same process, so the figure covers both ends of each
// socket; compare runs, not absolute numbers.
func BenchmarkFanout(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("sockets=%d", n), func(b *testing.B) {
			h := startMemoryHub(b, Options{MaxAnonymousPerAddr: n + 1})
			const topic = "match:fanout"
			var got sync.WaitGroup
			for range n {
				ws, _, err := websocket.DefaultDialer.Dial(h.URL, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { ws.Close() })
				c := &wsClient{t: b, ws: ws}
				c.subscribe(topic)
				go func() {
					for {
						if _, _, err := ws.ReadMessage(); err != nil {
							return
						}
						got.Done()
					}
				}()
			}
			h.settle(b)
			msg := map[string]any{"type": "match.state", "topic": topic, "seq": 1, "board": make([]int, 42)}
			b.ResetTimer()
			for range b.N {
				got.Add(n)
				h.Publish(context.Background(), topic, msg)
				all := make(chan struct{})
				go func() { got.Wait(); close(all) }()
				select {
				case <-all:
				case <-time.After(10 * time.Second):
					b.Fatalf("a broadcast did not reach every socket in 10s (%+v)", h.Stats())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/delivery")
		})
	}
}
