package game

import (
	"io"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

// Deps are what every domain service shares.
type Deps struct {
	Redis  redis.UniversalClient
	Keys   Keys
	Log    *slog.Logger
	Events Publisher
	// Now is the domain clock (board periods, deadlines); tests move it.
	Now func() time.Time
	// Scripts runs the Lua scripts of the hot paths (sessions, the score
	// limiter, score writes, board pages). The app passes an
	// auto-pipelining one (redisx.AutoPipeline); nil means Redis.
	Scripts redis.Scripter
}

// withDefaults fills the optional fields.
func (d Deps) withDefaults() Deps {
	if d.Log == nil {
		d.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Events == nil {
		d.Events = NopPublisher{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Scripts == nil {
		d.Scripts = d.Redis
	}
	if d.Keys == (Keys{}) {
		d.Keys = NewKeys("ladder")
	}
	return d
}
