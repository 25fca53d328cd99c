package templates

import (
	"net/http"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ladder/ladder/internal/game"
)

// Sentence turns a message into a sentence for people: a capital first
// letter and a full stop.
func Sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	switch msg[len(msg)-1] {
	case '.', '!', '?':
		return msg
	}
	return msg + "."
}

// machineText matches what people should not read in a headline: ids
// (UUIDs, long hex strings), quoted values and internal words.
var machineText = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16,}|"|\bCSRF\b|\bAPI route\b|\bredis\b`)

// ErrorHeadline is the headline of an error page: a plain sentence for the
// status, never a server message.
func ErrorHeadline(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "That request did not make sense to us."
	case http.StatusUnauthorized:
		return "Please sign in to see this."
	case http.StatusForbidden:
		return "You cannot do that here."
	case http.StatusNotFound:
		return "We could not find that page."
	case http.StatusMethodNotAllowed:
		return "That page cannot be used like this."
	case http.StatusConflict:
		return "That clashes with something that already exists."
	case http.StatusRequestEntityTooLarge:
		return "That was too much to send at once."
	case http.StatusTooManyRequests:
		return "Slow down a little."
	case http.StatusServiceUnavailable:
		return "We are briefly unavailable."
	}
	if status >= 500 {
		return "Something went wrong on our side."
	}
	return "That did not work."
}

// ErrorDetail is the line under an error headline: the server's message
// as a sentence, or nothing when it would show ids or internal words.
func ErrorDetail(status int, msg string) string {
	if status >= 500 && status != http.StatusServiceUnavailable {
		return "It is not your fault. Please try again in a moment."
	}
	if msg == "" || machineText.MatchString(msg) || strings.EqualFold(msg, http.StatusText(status)) {
		switch status {
		case http.StatusNotFound:
			return "It may have moved, or the link may be mistyped."
		case http.StatusForbidden:
			return "Your request was refused. Reload the page and try again."
		}
		return ""
	}
	return Sentence(msg)
}

// ReasonWords says how a match ended, for people.
func ReasonWords(reason string) string {
	switch reason {
	case game.ReasonFour:
		return "Four in a row"
	case game.ReasonDraw:
		return "Board full"
	case game.ReasonTimeout:
		return "Ran out of time"
	case game.ReasonResign:
		return "Resigned"
	case game.ReasonCancelled:
		return "Cancelled"
	case "":
		return "—"
	}
	return Sentence(strings.ReplaceAll(reason, "_", " "))
}

// rating formats a rating the one way the site shows ratings: 1,609.
func rating(r int) string { return thousands(int64(r)) }
