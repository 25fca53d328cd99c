package realtime

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
)

// RedisBroker is a Broker on Redis pub/sub: one connection per instance
// holds the subscription, each topic is a channel named by game.Keys.
// go-redis reconnects by itself and subscribes again, which Receive
// reports as confirmations nobody asked for.
type RedisBroker struct {
	rdb    redis.UniversalClient
	keys   game.Keys
	prefix string // channel name of topic "" (topics follow it)
	ps     *redis.PubSub
	// scripts, when set, carries publishes as one script call each, so
	// an auto-pipelining Scripter sends those of many concurrent callers
	// together (see WithScripter).
	scripts redis.Scripter
}

// NewRedisBroker returns a broker on rdb under keys' channels. It opens no
// connection until the first Subscribe.
func NewRedisBroker(rdb redis.UniversalClient, keys game.Keys) *RedisBroker {
	// Without channels, Subscribe only builds the PubSub: no connection,
	// no goroutine.
	return &RedisBroker{rdb: rdb, keys: keys, prefix: keys.Channel(""), ps: rdb.Subscribe(context.Background())}
}

// WithScripter makes Publish send each call's messages as one script run
// on sc (an auto-pipelining Scripter from redisx.AutoPipeline): the
// publishes of concurrent score submissions then share round trips and
// system calls instead of taking a pooled connection each.
func (b *RedisBroker) WithScripter(sc redis.Scripter) *RedisBroker {
	b.scripts = sc
	return b
}

// publishScript publishes ARGV's channel/payload pairs in order. KEYS[1] is
// the first channel, named only so that a cluster routes the call to that
// channel's node (see publisherFor); PUBLISH itself reads no key.
var publishScript = redis.NewScript(`
for i = 1, #ARGV, 2 do
  redis.call('PUBLISH', ARGV[i], ARGV[i + 1])
end
return #ARGV / 2
`)

// Publish sends msgs on their topics' channels, in order, in one round
// trip.
func (b *RedisBroker) Publish(ctx context.Context, msgs ...Message) error {
	if len(msgs) == 0 {
		return nil
	}
	if b.scripts != nil {
		args := make([]any, 0, 2*len(msgs))
		for _, m := range msgs {
			args = append(args, b.keys.Channel(m.Topic), m.Payload)
		}
		return publishScript.Run(ctx, b.scripts, []string{b.keys.Channel(msgs[0].Topic)}, args...).Err()
	}
	// One node for the whole call keeps it in order (see publisherFor).
	rdb, err := b.publisherFor(ctx, b.keys.Channel(msgs[0].Topic))
	if err != nil {
		return err
	}
	if len(msgs) == 1 {
		return rdb.Publish(ctx, b.keys.Channel(msgs[0].Topic), msgs[0].Payload).Err()
	}
	_, err = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range msgs {
			p.Publish(ctx, b.keys.Channel(m.Topic), m.Payload)
		}
		return nil
	})
	return err
}

// publisherFor picks the connection a channel's messages are published on.
// A cluster client would send each keyless PUBLISH to a random node, and
// messages of one topic could overtake each other on the cluster bus; one
// node per channel keeps them in order (every node broadcasts to all).
func (b *RedisBroker) publisherFor(ctx context.Context, channel string) (redis.Cmdable, error) {
	if cc, ok := b.rdb.(*redis.ClusterClient); ok {
		return cc.MasterForKey(ctx, channel)
	}
	return b.rdb, nil
}

// Subscribe sends SUBSCRIBE for topic's channel. go-redis remembers the
// channel even when the write fails and subscribes again once it
// reconnects.
func (b *RedisBroker) Subscribe(ctx context.Context, topic string) error {
	return b.ps.Subscribe(ctx, b.keys.Channel(topic))
}

// Unsubscribe sends UNSUBSCRIBE for topic's channel.
func (b *RedisBroker) Unsubscribe(ctx context.Context, topic string) error {
	return b.ps.Unsubscribe(ctx, b.keys.Channel(topic))
}

// Receive reads the pub/sub connection until ctx is done, then closes it.
func (b *RedisBroker) Receive(ctx context.Context, r Receiver) error {
	msgs := b.ps.ChannelWithSubscriptions(redis.WithChannelSize(1024), redis.WithChannelHealthCheckInterval(2*time.Second))
	stop := context.AfterFunc(ctx, func() { _ = b.ps.Close() })
	defer stop()
	for m := range msgs {
		switch m := m.(type) {
		case *redis.Message:
			r.Message(strings.TrimPrefix(m.Channel, b.prefix), []byte(m.Payload))
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				r.Subscribed(strings.TrimPrefix(m.Channel, b.prefix))
			}
		}
	}
	if ctx.Err() == nil {
		_ = b.ps.Close()
		return errors.New("realtime: pub/sub connection closed")
	}
	return nil
}
