package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ladder/ladder/internal/redistest"
)

// TestSIGTERMClosesSocketsAndExitsZero builds the real binary, opens a
// WebSocket to it and sends SIGTERM: the socket is closed with 1001 and the
// process exits 0.
func TestSIGTERMClosesSocketsAndExitsZero(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ladder")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	srv := redistest.Start(t)
	addr := freeAddr(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "ADDR="+addr, "REDIS_URL="+srv.URL(), "REDIS_PREFIX="+redistest.Prefix(t))
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("binary never became healthy:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ws := wsDial(t, base, nil)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := wsCloseCode(t, ws, 10*time.Second); code != websocket.CloseGoingAway {
		t.Errorf("close code %d, want 1001 (going away)", code)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("process did not exit after SIGTERM\n%s", out.String())
	}
}
