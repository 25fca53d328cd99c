package game

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's recommended m=19 MiB, t=2, p=1.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashPassword returns a PHC-format argon2id hash of pw.
func hashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// checkPassword reports whether pw matches encoded, in constant time. The
// parameters are read from the hash, so stronger settings can be rolled out
// without invalidating old hashes.
func checkPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a login names no account, so that a
// missing name takes as long to refuse as a wrong password.
var dummyHash = hashPassword("ladder-timing-equaliser")

// hashSlots bounds the password hashes running at once in this process:
// each takes argonMemory, so without a bound memory grows with the number
// of concurrent sign-ins. One slot per CPU keeps every core busy.
var hashSlots = make(chan struct{}, runtime.NumCPU())

// hashWait is how long a request waits for a free slot before it is told
// to come back later.
var hashWait = 2 * time.Second

// errHashBusy answers a request that found every hash slot taken.
func errHashBusy() *Error {
	return &Error{Code: CodeUnavailable, Message: "the server is busy, try again in a moment", RetryAfter: time.Second}
}

// acquireHash takes a hash slot, waiting at most hashWait (and no longer
// than ctx allows). The returned function gives the slot back.
func acquireHash(ctx context.Context) (func(), error) {
	select {
	case hashSlots <- struct{}{}:
		return releaseHash, nil
	default:
	}
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case hashSlots <- struct{}{}:
		return releaseHash, nil
	case <-t.C:
		return nil, errHashBusy()
	case <-ctx.Done():
		return nil, errHashBusy()
	}
}

func releaseHash() { <-hashSlots }
