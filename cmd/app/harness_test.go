package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }

// testApp is a running Ladder started through run, as main starts it.
type testApp struct {
	URL    string
	Env    map[string]string
	cancel context.CancelFunc
	done   chan error
	out    *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startApp runs the app on a free port against env (REDIS_URL or
// REDIS_CLUSTER_ADDRS must be in it) and waits until /healthz answers. It
// stops, and checks that it stopped cleanly, when the test ends.
func startApp(t testing.TB, env map[string]string) *testApp {
	t.Helper()
	// An ADDR in env brings an instance back where it was.
	addr := env["ADDR"]
	if addr == "" {
		addr = freeAddr(t)
	}
	// Every test client signs up from 127.0.0.1; tests of the sign-up
	// limit set their own.
	full := map[string]string{"ADDR": addr, "LOG_FORMAT": "text", "SIGNUP_RATE_LIMIT": "100000"}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &testApp{URL: "http://" + addr, Env: full, cancel: cancel, done: make(chan error, 1), out: &syncBuffer{}}
	go func() {
		a.done <- run(ctx, []string{"ladder"}, func(k string) string { return full[k] }, a.out, a.out)
	}()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(a.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-a.done:
			t.Fatalf("app exited during start: %v\n%s", err, a.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("app did not become healthy\n%s", a.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() { a.Stop(t) })
	return a
}

// Stop cancels the app's context and waits for run to return; a second call
// does nothing.
func (a *testApp) Stop(t testing.TB) {
	t.Helper()
	if a.cancel == nil {
		return
	}
	a.cancel()
	a.cancel = nil
	select {
	case err := <-a.done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Errorf("app did not stop within 20s")
	}
	if t.Failed() && testing.Verbose() {
		t.Logf("app log:\n%s", a.out.String())
	}
}

// startRedisApp starts a fresh redis-server and an app using it.
func startRedisApp(t testing.TB, env map[string]string) (*testApp, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	e := map[string]string{"REDIS_URL": srv.URL(), "REDIS_PREFIX": redistest.Prefix(t)}
	for k, v := range env {
		e[k] = v
	}
	return startApp(t, e), srv
}

// client is an API client: a bearer token, or a cookie jar plus CSRF token
// as a browser would hold them.
type client struct {
	t     testing.TB
	base  string
	http  *http.Client
	Token string // sent as Authorization: Bearer when set
	CSRF  string // sent as X-CSRF-Token when set
	// Header is added to every request.
	Header http.Header
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		Header: http.Header{}}
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// ErrorCode returns error.code of a JSON error body.
func (r response) ErrorCode() string {
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// do sends a request; body may be nil, a string (sent raw) or a value sent
// as JSON.
func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.CSRF != "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// must sends a request and fails the test unless the status is want.
func (c *client) must(want int, method, path string, body any) response {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// signedIn is the answer of register, login and guest.
type signedIn struct {
	Player struct {
		ID          string `json:"id"`
		Username    string `json:"username"`
		DisplayName string `json:"display_name"`
		Guest       bool   `json:"guest"`
		Role        string `json:"role"`
	} `json:"player"`
	Token string `json:"token"`
}

// register creates an account through the API and returns a bearer client
// for it.
func register(t testing.TB, base, username string) (*client, signedIn) {
	t.Helper()
	c := newClient(t, base)
	var si signedIn
	c.must(http.StatusCreated, "POST", "/api/v1/auth/register",
		map[string]string{"username": username, "password": "correct horse"}).JSON(t, &si)
	c.Token = si.Token
	return c, si
}

// guest creates a guest through the API and returns a bearer client for it.
func guest(t testing.TB, base string) (*client, signedIn) {
	t.Helper()
	c := newClient(t, base)
	var si signedIn
	c.must(http.StatusCreated, "POST", "/api/v1/auth/guest", nil).JSON(t, &si)
	c.Token = si.Token
	return c, si
}

// uniqueName returns a valid username unique within the test binary.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, time.Now().UnixNano()%1_000_000_000)
}
