package realtime

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

func TestPublishBatchReachesEveryTopicInOrder(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		keys := newKeys(t)
		a := startHub(t, target.Client, keys, Options{})
		b := startHub(t, target.Client, keys, Options{})
		p1 := dial(t, b.URL, http.Header{"X-Test-Player": {"p1"}})
		p1.expect("subscribed", 5*time.Second)
		p2 := dial(t, b.URL, http.Header{"X-Test-Player": {"p2"}})
		p2.expect("subscribed", 5*time.Second)
		b.settle(t)

		var _ game.BatchPublisher = a
		a.PublishBatch(context.Background(), []game.Event{
			{Topic: "player:p1", Msg: map[string]any{"type": "rank.changed", "topic": "player:p1", "rank": 1}},
			{Topic: "player:p2", Msg: map[string]any{"type": "rank.changed", "topic": "player:p2", "rank": 2}},
			{Topic: "player:p1", Msg: map[string]any{"type": "rank.changed", "topic": "player:p1", "rank": 3}},
		})
		if m := p2.expect("rank.changed", 5*time.Second); m.Topic != "player:p2" {
			t.Errorf("p2 got %s", m.Raw)
		}
		for _, want := range []string{`"rank":1`, `"rank":3`} {
			if m := p1.expect("rank.changed", 5*time.Second); !strings.Contains(string(m.Raw), want) {
				t.Errorf("p1 got %s, want %s", m.Raw, want)
			}
		}
	})
}
