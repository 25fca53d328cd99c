package redisx

import "strings"

// Keyspace builds Redis key names under one prefix, so that several apps (or
// several tests) can share a server without seeing each other's data.
type Keyspace string

// Key joins parts with ':' under the prefix.
func (k Keyspace) Key(parts ...string) string {
	var b strings.Builder
	b.WriteString(string(k))
	for _, p := range parts {
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// Tag wraps s in braces: keys that carry the same tag hash to the same Redis
// Cluster slot, which multi-key scripts and transactions require.
func Tag(s string) string { return "{" + s + "}" }
