package realtime

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gorilla/websocket"
)

// Socket caps. A player's sockets beyond MaxPlayerSockets close the oldest
// (a forgotten tab gives way to the one in use); anonymous sockets beyond
// MaxAnonymousPerAddr from one address are refused at the handshake, since
// nothing tells a spectator's old tab from a bot's. Both are counted on
// this instance: a client balanced over several instances may hold the cap
// on each.
const (
	defaultMaxPlayerSockets    = 10
	defaultMaxAnonymousPerAddr = 100
)

// socketIndex finds the sockets of a player and counts the anonymous ones
// of an address. Guarded by Hub.mu; the zero value is ready.
type socketIndex struct {
	byPlayer map[string][]*conn // oldest first
	anonAddr map[string]int
}

// addLocked records c and returns the sockets it pushes past the player's
// cap, oldest first, for the caller to close outside the lock. An
// anonymous socket's place was taken by reserveAnonLocked.
func (x *socketIndex) addLocked(c *conn, maxPlayer int) []*conn {
	if c.player == nil {
		return nil
	}
	if x.byPlayer == nil {
		x.byPlayer = map[string][]*conn{}
	}
	id := c.player.ID
	list := append(x.byPlayer[id], c)
	var evicted []*conn
	if over := len(list) - maxPlayer; over > 0 {
		evicted = append(evicted, list[:over]...)
		list = append([]*conn(nil), list[over:]...)
	}
	x.byPlayer[id] = list
	return evicted
}

// removeLocked forgets c; the hub calls it once per socket.
func (x *socketIndex) removeLocked(c *conn) {
	if c.player == nil {
		x.releaseAnonLocked(c.addr)
		return
	}
	id := c.player.ID
	list := x.byPlayer[id]
	for i, o := range list {
		if o == c {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(x.byPlayer, id)
	} else {
		x.byPlayer[id] = list
	}
}

// reserveAnonLocked takes a place for one more anonymous socket of addr
// before its handshake is answered, so concurrent handshakes cannot slip
// past the cap; false when addr already holds limit of them.
func (x *socketIndex) reserveAnonLocked(addr string, limit int) bool {
	if x.anonAddr[addr] >= limit {
		return false
	}
	if x.anonAddr == nil {
		x.anonAddr = map[string]int{}
	}
	x.anonAddr[addr]++
	return true
}

// releaseAnonLocked gives back a place reserveAnonLocked took.
func (x *socketIndex) releaseAnonLocked(addr string) {
	if n := x.anonAddr[addr]; n > 1 {
		x.anonAddr[addr] = n - 1
	} else {
		delete(x.anonAddr, addr)
	}
}

// revokedSessions reads the "sessions" of a session.revoked event: the
// sessions whose sockets it is for. Nil means every socket of the player.
func revokedSessions(payload []byte) map[string]bool {
	var v struct {
		Sessions []string `json:"sessions"`
	}
	if json.Unmarshal(payload, &v) != nil || len(v.Sessions) == 0 {
		return nil
	}
	m := make(map[string]bool, len(v.Sessions))
	for _, id := range v.Sessions {
		m[id] = true
	}
	return m
}

// refuseAnonymous answers a handshake over the address's anonymous cap.
func refuseAnonymous(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(60))
	writeHTTPError(w, http.StatusTooManyRequests, "too many live connections from this address; sign in or close some tabs")
}

// closeEvicted closes sockets pushed out by a newer one of their player.
func closeEvicted(cs []*conn) {
	for _, c := range cs {
		c.closeAfterQueue(websocket.ClosePolicyViolation, "too many connections: a newer one replaced this one")
	}
}
