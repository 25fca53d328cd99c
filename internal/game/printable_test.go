package game

import "testing"

func TestPrintable(t *testing.T) {
	for _, s := range []string{"", "alice", "Café — ünïcode", "🚀 ×3", "«quoted» 'single' \"double\"", "日本語のボード"} {
		if !Printable(s) {
			t.Errorf("Printable(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"a\tb", "a\nb", "a\rb", "\x00", "\x1b[31m", "\x7f", "\u0085", "\u202a", "\u202b", "\u202c",
		"\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u200b", "\ufeff", "\xff", "a\u00a0b"} {
		if Printable(s) {
			t.Errorf("Printable(%q) = true, want false", s)
		}
	}
}
