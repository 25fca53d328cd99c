package realtime

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// benchTop is a 25-row leaderboard.top as the hub broadcasts it.
func benchTop(seq int64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"type":"leaderboard.top","topic":"leaderboard:bench","seq":%d,"board":"bench","period":"all","total":1000,"entries":[`, seq)
	for i := range 25 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"rank":%d,"player_id":"%08d-0000-4000-8000-000000000000","display_name":"Player %d","score":%d}`,
			i+1, i, i, 100000-int(seq)-i*100)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkBroadcastFrame measures what one broadcast costs the server
// per socket: preparing a fresh snapshot and writing it, with and without
// permessage-deflate (WS_COMPRESSION).
func BenchmarkBroadcastFrame(b *testing.B) {
	for _, compress := range []bool{false, true} {
		b.Run(fmt.Sprintf("compression=%v", compress), func(b *testing.B) {
			up := websocket.Upgrader{EnableCompression: compress}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ws, err := up.Upgrade(w, r, nil)
				if err != nil {
					return
				}
				defer ws.Close()
				for {
					if _, _, err := ws.NextReader(); err != nil {
						return
					}
				}
			}))
			defer srv.Close()
			d := websocket.Dialer{EnableCompression: compress}
			ws, _, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer ws.Close()
			go func() {
				for {
					if _, _, err := ws.NextReader(); err != nil {
						return
					}
				}
			}()
			msgs := make([][]byte, 64)
			for i := range msgs {
				msgs[i] = benchTop(int64(i))
			}
			b.SetBytes(int64(len(msgs[0])))
			b.ResetTimer()
			for i := range b.N {
				pm, err := websocket.NewPreparedMessage(websocket.TextMessage, msgs[i%len(msgs)])
				if err != nil {
					b.Fatal(err)
				}
				if err := ws.WritePreparedMessage(pm); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTopDelta measures building one delta from two 25-row tops.
func BenchmarkTopDelta(b *testing.B) {
	prev, next := benchTop(1), benchTop(2)
	for range b.N {
		if TopDelta(prev, next) == nil {
			b.Fatal("no delta")
		}
	}
	b.ReportMetric(float64(len(TopDelta(prev, next))), "delta-bytes")
}
