package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestReadyzFollowsTheReadinessCheck(t *testing.T) {
	tests := []struct {
		name   string
		ready  func(context.Context) error
		status int
		want   map[string]string
	}{
		{"no check", nil, http.StatusOK, map[string]string{"status": "ready"}},
		{"ready", func(context.Context) error { return nil }, http.StatusOK, map[string]string{"status": "ready"}},
		{"unreachable", func(context.Context) error { return errors.New("dial tcp: connection refused") },
			http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "redis": "dial tcp: connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(Config{}, Deps{Log: discardLog(), Ready: tt.ready})
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			var got map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %q: %v", rec.Body.String(), err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("body = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
