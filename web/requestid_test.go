package web

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestRequestIDKeptOnlyWhenPlain(t *testing.T) {
	srv, _ := newTestServer(t)
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	send := func(id string, set bool) string {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/v1/no-such-thing", nil)
		if set {
			req.Header.Set("X-Request-Id", id)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec.Header().Get("X-Request-Id")
	}
	for _, id := range []string{"a", "req-42", "A.b_c-9", "0b6c1f0e-5f55-4d0c-9d1f-7a4f3c8f2a11", strings.Repeat("x", 64)} {
		if got := send(id, true); got != id {
			t.Errorf("X-Request-Id %q came back as %q, want it kept", id, got)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 65), "a b", "a\tb", "line\nforged=1", "<script>", "é", "a/b",
		"a:b", "a=b", `"quoted"`, "id;drop", "\x00"} {
		got := send(id, true)
		if got == id || !generated.MatchString(got) {
			t.Errorf("X-Request-Id %q came back as %q, want a generated id", id, got)
		}
	}
	a, b := send("", false), send("", false)
	if !generated.MatchString(a) || a == b {
		t.Errorf("generated ids %q and %q: want two different 32-hex ids", a, b)
	}
}
