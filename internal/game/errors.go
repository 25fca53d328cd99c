// Package game is Ladder's domain: players and sessions, leaderboards,
// matchmaking, matches, the Connect Four rules, Glicko-2 ratings and
// settlement. It knows Redis but not HTTP.
package game

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The web layer maps each to an HTTP status.
const (
	CodeInvalid      = "invalid"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeRateLimited  = "rate_limited"
	CodeTooLarge     = "too_large"
	CodeUnavailable  = "unavailable"
	CodeInternal     = "internal"
)

// Error is a domain error with a stable code and a message fit to show users.
type Error struct {
	Code    string
	Message string
	// RetryAfter is set on rate_limited errors.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Invalidf is shorthand for a CodeInvalid error.
func Invalidf(format string, args ...any) *Error { return Errorf(CodeInvalid, format, args...) }

// NotFoundf is shorthand for a CodeNotFound error.
func NotFoundf(format string, args ...any) *Error { return Errorf(CodeNotFound, format, args...) }

// Conflictf is shorthand for a CodeConflict error.
func Conflictf(format string, args ...any) *Error { return Errorf(CodeConflict, format, args...) }

// RateLimited builds a rate_limited error that says when to retry.
func RateLimited(msg string, retry time.Duration) *Error {
	return &Error{Code: CodeRateLimited, Message: msg, RetryAfter: retry}
}
