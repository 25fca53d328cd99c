package realtime

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// clientError is the error message a client gets for a bad request; the
// connection stays open.
type clientError struct {
	Code    string
	Message string
	Topic   string
}

func (e clientError) msg() event.Error {
	return event.Error{Type: event.TypeError, Code: e.Code, Message: e.Message, Topic: e.Topic}
}

// errorFor turns a handler's error into what the client is told; internal
// details stay in the log.
func errorFor(err error, topic string) *clientError {
	var ge *game.Error
	if errors.As(err, &ge) {
		return &clientError{Code: ge.Code, Message: ge.Message, Topic: topic}
	}
	return &clientError{Code: game.CodeUnavailable, Message: "could not load this topic; try again", Topic: topic}
}

// validTopic accepts "kind:id" or a bare kind of safe characters.
func validTopic(t string) bool {
	if t == "" || len(t) > 128 {
		return false
	}
	for i := 0; i < len(t); i++ {
		b := t[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
			b == ':' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

// writeHTTPError answers a refused handshake in the API's error shape.
func writeHTTPError(w http.ResponseWriter, status int, msg string) {
	code := game.CodeInvalid
	switch status {
	case http.StatusForbidden:
		code = game.CodeForbidden
	case http.StatusServiceUnavailable:
		code = game.CodeUnavailable
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
