package game

import (
	"encoding/json"
	"sync"
	"sync/atomic"
)

// Board pages are cached in-process and validated by the board's change
// counter (BoardSeq), which every write, hide, restore, removal, reset and
// display-name change on the board increments. A read sends the seq of
// its cached copy along with the page script; the script answers
// "unchanged" without touching the sorted set when the counter still
// matches, so a popular page costs Redis one tiny script between changes
// and the app no decoding or encoding at all. Entries are keyed by the
// period id, so a rollover never serves the old period as current.

// PageCacheSize bounds how many pages one instance keeps; a page of 100 is
// about 10 KB of JSON plus its entries, so the cache stays under a few MB.
const PageCacheSize = 256

type pageKey struct {
	board, period, periodID string
	offset, limit           int
}

// cachedPage is one immutable page with its lazily built JSON.
type cachedPage struct {
	seq   int64
	epoch string // see topScript
	page  BoardPage
	used  atomic.Int64

	once sync.Once
	js   []byte
}

// encoded is the page as JSON followed by a newline, byte for byte what a
// json.Encoder (and so Echo's c.JSON) writes for it.
func (e *cachedPage) encoded() []byte {
	e.once.Do(func() {
		js, _ := json.Marshal(&e.page)
		e.js = append(js, '\n')
	})
	return e.js
}

// copyPage is a page the caller may change without touching the cache.
func (e *cachedPage) copyPage() *BoardPage {
	p := e.page
	p.Entries = append(make([]Entry, 0, len(e.page.Entries)), e.page.Entries...)
	return &p
}

// pageCache is a small map evicting the least recently used page when
// full. Hits take only the read lock.
type pageCache struct {
	mu    sync.RWMutex
	m     map[pageKey]*cachedPage
	clock atomic.Int64
}

func newPageCache() *pageCache { return &pageCache{m: map[pageKey]*cachedPage{}} }

func (c *pageCache) get(k pageKey) *cachedPage {
	c.mu.RLock()
	e := c.m[k]
	c.mu.RUnlock()
	if e == nil {
		return nil
	}
	e.used.Store(c.clock.Add(1))
	return e
}

func (c *pageCache) put(k pageKey, e *cachedPage) {
	e.used.Store(c.clock.Add(1))
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok && old.epoch == e.epoch && old.seq > e.seq {
		return // a concurrent read already stored a newer copy
	}
	if _, ok := c.m[k]; !ok && len(c.m) >= PageCacheSize {
		var lru pageKey
		oldest := int64(-1)
		for k, v := range c.m {
			if u := v.used.Load(); oldest < 0 || u < oldest {
				lru, oldest = k, u
			}
		}
		delete(c.m, lru)
	}
	c.m[k] = e
}

func (c *pageCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
