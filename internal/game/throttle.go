package game

import (
	"sync/atomic"
	"time"
)

// Throttle lets something happen at most once per Every (a log line that
// would otherwise repeat on every request while Redis is unavailable). The
// zero value with Every set is ready to use and safe for concurrent use.
type Throttle struct {
	Every time.Duration
	last  atomic.Int64 // unix ns of the last allowed event
}

// Allow reports whether the event may happen now, and if so records it.
func (t *Throttle) Allow(now time.Time) bool {
	last := t.last.Load()
	if last != 0 && now.Sub(time.Unix(0, last)) < t.Every {
		return false
	}
	return t.last.CompareAndSwap(last, now.UnixNano())
}
