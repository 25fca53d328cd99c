package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// launched is a run started without waiting for it to become healthy.
type launched struct {
	env    map[string]string
	out    *syncBuffer
	done   chan struct{} // closed when run has returned err
	err    error
	cancel context.CancelFunc
}

// launch starts run with exactly env (LOG_FORMAT text added) and stops it
// when the test ends.
func launch(t *testing.T, env map[string]string) *launched {
	t.Helper()
	full := map[string]string{"LOG_FORMAT": "text"}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &launched{env: full, out: &syncBuffer{}, done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(l.done)
		l.err = run(ctx, []string{"ladder"}, func(k string) string { return full[k] }, l.out, l.out)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-l.done:
		case <-time.After(20 * time.Second):
			t.Errorf("app did not stop")
		}
	})
	return l
}

// waitLog waits until the log matches re and returns the submatches.
func (l *launched) waitLog(t *testing.T, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if m := re.FindStringSubmatch(l.out.String()); m != nil {
			return m
		}
		select {
		case <-l.done:
			t.Fatalf("app exited: %v\n%s", l.err, l.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("log never matched %s:\n%s", re, l.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var (
	passwordLine = regexp.MustCompile(`created the admin account.* username=admin password=(\S+) sign_in_url=(\S+)`)
	runningLine  = regexp.MustCompile(`msg="Ladder is running at (http://[^ "]+)"`)
)

func loginAdmin(t *testing.T, base, password string) signedIn {
	t.Helper()
	var si signedIn
	newClient(t, base).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "admin", "password": password}).JSON(t, &si)
	if si.Player.Role != "admin" {
		t.Fatalf("first admin has role %q", si.Player.Role)
	}
	return si
}

// The first start on a Redis hands out the admin: the password is printed
// once with the sign-in URL, and a later start neither prints nor changes it.
func TestFirstStartCreatesAdmin(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	log := app.out.String()
	m := passwordLine.FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("no admin password in the start log:\n%s", log)
	}
	if n := strings.Count(log, m[1]); n != 1 {
		t.Errorf("the password appears %d times in the log, want once", n)
	}
	if m[2] != app.URL+"/login" {
		t.Errorf("sign-in URL %s, want %s/login", m[2], app.URL)
	}
	loginAdmin(t, app.URL, m[1])
	app.Stop(t)

	again := startApp(t, map[string]string{"REDIS_URL": srv.URL(), "REDIS_PREFIX": app.Env["REDIS_PREFIX"]})
	if log := again.out.String(); strings.Contains(log, "password=") || strings.Contains(log, m[1]) {
		t.Errorf("a second start printed a password:\n%s", log)
	}
	loginAdmin(t, again.URL, m[1])
}

// Instances starting at once on one Redis: exactly one creates the admin and
// prints its password.
func TestFirstStartAdminOnceAcrossInstances(t *testing.T) {
	srv := redistest.Start(t)
	prefix := redistest.Prefix(t)
	var apps []*launched
	for range 3 {
		apps = append(apps, launch(t, map[string]string{"ADDR": freeAddr(t), "REDIS_URL": srv.URL(), "REDIS_PREFIX": prefix}))
	}
	var passwords []string
	for _, a := range apps {
		a.waitLog(t, runningLine, 20*time.Second)
		if m := passwordLine.FindStringSubmatch(a.out.String()); m != nil {
			passwords = append(passwords, m[1])
		}
	}
	if len(passwords) != 1 {
		t.Fatalf("%d instances printed an admin password, want exactly 1", len(passwords))
	}
	loginAdmin(t, "http://"+apps[2].env["ADDR"], passwords[0])
}

// With the embedded server (data in memory) every start is a first start.
// ADDR ":0" also shows the URL comes from the listener: the wildcard host
// reads as localhost, and the port is the one picked.
func TestRunningAtEmbedded(t *testing.T) {
	a := launch(t, map[string]string{"ADDR": ":0"})
	url := a.waitLog(t, runningLine, 20*time.Second)[1]
	if !regexp.MustCompile(`^http://localhost:[1-9][0-9]*$`).MatchString(url) || strings.HasSuffix(url, ":0") {
		t.Fatalf("running at %q, want http://localhost:<port>", url)
	}
	m := passwordLine.FindStringSubmatch(a.out.String())
	if m == nil || m[2] != url+"/login" {
		t.Fatalf("embedded start did not hand out the admin at %s/login:\n%s", url, a.out.String())
	}
	newClient(t, url).must(http.StatusOK, "GET", "/healthz", nil)
	loginAdmin(t, url, m[1])
}

func TestRunningAtConfiguredAdmin(t *testing.T) {
	app, _ := startAdminApp(t, nil)
	log := app.out.String()
	if !strings.Contains(log, `msg="Ladder is running at `+app.URL+`"`) {
		t.Errorf("start log lacks the running-at line for %s:\n%s", app.URL, log)
	}
	if strings.Contains(log, "password=") {
		t.Errorf("a configured admin's start printed a password:\n%s", log)
	}
	// An instance without the admin settings on the same Redis: the
	// deployment has its admin, so none is created.
	other := startApp(t, map[string]string{"REDIS_URL": app.Env["REDIS_URL"], "REDIS_PREFIX": app.Env["REDIS_PREFIX"]})
	if log := other.out.String(); strings.Contains(log, "password=") {
		t.Errorf("a start next to a configured admin created another:\n%s", log)
	}
	newClient(t, other.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
		map[string]string{"username": "admin", "password": "anything-at-all"})
}

func TestPublicURL(t *testing.T) {
	for addr, want := range map[string]string{
		"[::]:8080":      "http://localhost:8080",
		"0.0.0.0:80":     "http://localhost:80",
		"127.0.0.1:9000": "http://127.0.0.1:9000",
		"[::1]:8080":     "http://[::1]:8080",
		"10.1.2.3:8080":  "http://10.1.2.3:8080",
	} {
		ap, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := publicURL(ap); got != want {
			t.Errorf("publicURL(%s) = %s, want %s", addr, got, want)
		}
	}
}

func healthcheckRun(env map[string]string, args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"ladder", "healthcheck"}, args...),
		func(k string) string { return env[k] }, &out, &out)
	return out.String(), err
}

func TestHealthcheckSubcommand(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	if out, err := healthcheckRun(map[string]string{"ADDR": app.Env["ADDR"]}); err != nil || out != "ready\n" {
		t.Fatalf("healthcheck of a ready app: %q, %v", out, err)
	}
	// ":port" as in the image: asks 127.0.0.1.
	_, port, _ := net.SplitHostPort(app.Env["ADDR"])
	if _, err := healthcheckRun(nil, "-addr", ":"+port); err != nil {
		t.Fatalf("healthcheck -addr :%s: %v", port, err)
	}
	if _, err := healthcheckRun(map[string]string{"ADDR": freeAddr(t)}); err == nil {
		t.Error("healthcheck passed with nothing listening")
	}
	srv.Stop()
	if _, err := healthcheckRun(map[string]string{"ADDR": app.Env["ADDR"]}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("healthcheck with Redis down: %v, want a 503 failure", err)
	}
}

// Redis not answering at start: one line naming the address and the
// deadline, nothing listening meanwhile, then the error.
func TestRedisUnreachableAtStart(t *testing.T) {
	dead := freeAddr(t)
	a := launch(t, map[string]string{"ADDR": freeAddr(t), "REDIS_URL": "redis://" + dead, "REDIS_WAIT_TIMEOUT": "1500ms"})
	select {
	case <-a.done:
	case <-time.After(15 * time.Second):
		t.Fatal("run did not give up")
	}
	err := a.err
	if err == nil || !strings.Contains(err.Error(), dead) || !strings.Contains(err.Error(), "did not answer within 1.5s") {
		t.Fatalf("run returned %v, want the address and the deadline", err)
	}
	log := a.out.String()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "no answer from "+dead) || !strings.Contains(lines[0], "waiting up to 1.5s") {
		t.Fatalf("log should be one waiting line, got:\n%s", log)
	}
}

func TestRedisComesUpAfterStart(t *testing.T) {
	srv := redistest.Start(t)
	srv.Stop()
	addr := freeAddr(t)
	a := launch(t, map[string]string{"ADDR": addr, "REDIS_URL": srv.URL(), "REDIS_PREFIX": redistest.Prefix(t)})
	a.waitLog(t, regexp.MustCompile(`no answer from `+regexp.QuoteMeta(srv.Addr)+`.*waiting up to 30s`), 10*time.Second)
	// Not ready while waiting: nothing listens yet.
	if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
		resp.Body.Close()
		t.Fatalf("/readyz answered %d while Redis was down", resp.StatusCode)
	}
	srv.Restart(t)
	a.waitLog(t, runningLine, 20*time.Second)
	newClient(t, "http://"+addr).must(http.StatusOK, "GET", "/readyz", nil)
	if n := strings.Count(a.out.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings while waiting, want 1:\n%s", n, a.out.String())
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsAddr(t *testing.T) {
	maddr := freeAddr(t)
	app, _ := startRedisApp(t, map[string]string{"METRICS_ADDR": maddr})
	newClient(t, app.URL).must(http.StatusOK, "GET", "/healthz", nil)
	if code, _ := get(t, app.URL+"/metrics"); code != http.StatusNotFound {
		t.Errorf("public /metrics answered %d with METRICS_ADDR set, want 404", code)
	}
	code, body := get(t, "http://"+maddr+"/metrics")
	if code != http.StatusOK || !strings.Contains(body, `ladder_http_requests_total{method="GET",route="/healthz",status="200"}`) {
		t.Errorf("metrics listener: %d\n%.500s", code, body)
	}
	if code, _ := get(t, "http://"+maddr+"/healthz"); code != http.StatusNotFound {
		t.Errorf("metrics listener serves /healthz: %d", code)
	}
	// The profiler sits beside the metrics, never on the public listener.
	if code, body := get(t, "http://"+maddr+"/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("metrics listener /debug/pprof/: %d\n%.300s", code, body)
	}
	if code, _ := get(t, app.URL+"/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("public /debug/pprof/ answered %d, want 404", code)
	}
}

// A WebSocket upgrade is logged and counted as what it is: 101.
func TestWebSocketUpgradeLogged101(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	_ = wsDial(t, app.URL, nil).Close()
	waitFor(t, 5*time.Second, "the /ws request log line", func() bool {
		return strings.Contains(app.out.String(), "path=/ws status=101")
	})
	if strings.Contains(app.out.String(), "path=/ws status=200") {
		t.Errorf("an upgrade was logged as 200:\n%s", app.out.String())
	}
	_, body := get(t, app.URL+"/metrics")
	if want := fmt.Sprintf(`ladder_http_requests_total{method="GET",route="/ws",status="%d"} 1`, http.StatusSwitchingProtocols); !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %s", want)
	}
}
