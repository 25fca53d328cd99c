// Package redistest starts throwaway Redis servers (a single node or a
// three-master Redis Cluster) for integration tests. Tests never touch a
// Redis they did not start, unless LADDER_TEST_REDIS_URL names one on purpose.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Server is one redis-server process owned by a test.
type Server struct {
	Addr string
	dir  string
	port int
	cmd  *exec.Cmd
	args []string
}

// URL is the redis:// URL of the server.
func (s *Server) URL() string { return "redis://" + s.Addr }

// requireBinary fails the test when name is missing: a test that cannot
// run must not pass. LADDER_SKIP_MISSING=1 (never in CI) skips it instead.
func requireBinary(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if SkipMissing() {
			tb.Skipf("%s not found in PATH (skipped: LADDER_SKIP_MISSING=1)", name)
		}
		tb.Fatalf("%s not found in PATH; run .ci/deps to install it, or set LADDER_SKIP_MISSING=1 to skip the tests that need it", name)
	}
	return p
}

// SkipMissing reports whether tests may skip, rather than fail, when a tool
// they need is missing: only with LADDER_SKIP_MISSING=1 and never in CI.
func SkipMissing() bool {
	return os.Getenv("LADDER_SKIP_MISSING") == "1" && os.Getenv("CI") != "true"
}

// freePort finds a port that is free together with port+10000 (the cluster
// bus port).
func freePort(tb testing.TB) int {
	tb.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatalf("listen: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if port+10000 > 65535 {
			continue
		}
		if l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+10000)); err == nil {
			_ = l2.Close()
			return port
		}
	}
	tb.Fatal("no free port pair found")
	return 0
}

// Start runs a fresh redis-server on a free port and stops it when the test
// ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := startServer(tb, tb.TempDir())
	tb.Cleanup(s.Stop)
	return s
}

func startServer(tb testing.TB, dir string, extra ...string) *Server {
	tb.Helper()
	bin := requireBinary(tb, "redis-server")
	port := freePort(tb)
	s := &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), dir: dir, port: port}
	s.args = append([]string{bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir}, extra...)
	if err := s.start(); err != nil {
		tb.Fatal(err)
	}
	return s
}

func (s *Server) start() error {
	s.cmd = exec.Command(s.args[0], s.args[1:]...)
	s.cmd.Dir = s.dir
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	return waitPing(s.Addr, 10*time.Second)
}

func waitPing(addr string, within time.Duration) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server at %s did not answer: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server. It is safe to call more than once.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Restart stops the server and starts it again on the same port (with an
// empty dataset, since nothing is persisted), as a Redis restart looks to
// clients.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	s.Stop()
	if err := s.start(); err != nil {
		tb.Fatal(err)
	}
}

// Client returns a client for the server, closed when the test ends.
func (s *Server) Client(tb testing.TB) redis.UniversalClient {
	tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr, DisableIdentity: true})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// Cluster is a three-master Redis Cluster.
type Cluster struct {
	Addrs []string
	nodes []*Server
}

var (
	clusterOnce sync.Once
	cluster     *Cluster
	clusterErr  error
)

// SharedCluster returns the process-wide test cluster, starting it on first
// use. Tests sharing it must keep to their own keys (see Prefix); Main stops
// it when the test binary ends.
func SharedCluster(tb testing.TB) *Cluster {
	tb.Helper()
	requireBinary(tb, "redis-server")
	cli := requireBinary(tb, "redis-cli")
	clusterOnce.Do(func() { cluster, clusterErr = startCluster(tb, cli) })
	if clusterErr != nil {
		tb.Fatal(clusterErr)
	}
	return cluster
}

func startCluster(tb testing.TB, cli string) (*Cluster, error) {
	base, err := os.MkdirTemp("", "ladder-cluster-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	for i := range 3 {
		dir := filepath.Join(base, strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		n := startServer(tb, dir, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "5000")
		c.nodes = append(c.nodes, n)
		c.Addrs = append(c.Addrs, n.Addr)
	}
	args := append([]string{"--cluster", "create"}, c.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command(cli, args...).CombinedOutput(); err != nil {
		c.stop()
		return nil, fmt.Errorf("redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, addr := range c.Addrs {
		for {
			out, _ := exec.Command(cli, "-h", "127.0.0.1", "-p", addr[strings.LastIndex(addr, ":")+1:], "cluster", "info").Output()
			if strings.Contains(string(out), "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				c.stop()
				return nil, fmt.Errorf("cluster node %s never reached cluster_state:ok", addr)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return c, nil
}

func (c *Cluster) stop() {
	for _, n := range c.nodes {
		n.Stop()
	}
}

// Client returns a cluster client, closed when the test ends.
func (c *Cluster) Client(tb testing.TB) redis.UniversalClient {
	tb.Helper()
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs, DisableIdentity: true})
	tb.Cleanup(func() { _ = cc.Close() })
	return cc
}

// Main runs the tests and then stops the shared cluster; use it from TestMain
// in packages that call SharedCluster.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	return code
}

var prefixSeq atomic.Int64

// Prefix returns a key prefix unique to this test run and test, so tests can
// share one server without seeing each other's keys.
func Prefix(tb testing.TB) string {
	return fmt.Sprintf("t%d-%d", os.Getpid(), prefixSeq.Add(1))
}

// Target names a Redis for a test: a fresh single node or the shared cluster.
type Target struct {
	Name   string
	Client redis.UniversalClient
	// Server is the single node, nil for the cluster.
	Server *Server
	// ClusterAddrs lists the cluster's nodes, nil for the single node.
	ClusterAddrs []string
}

// Each runs fn once against a fresh single-node server and once against the
// shared cluster, as subtests named "single" and "cluster".
func Each(t *testing.T, fn func(t *testing.T, target Target)) {
	t.Helper()
	t.Run("single", func(t *testing.T) {
		s := Start(t)
		fn(t, Target{Name: "single", Client: s.Client(t), Server: s})
	})
	t.Run("cluster", func(t *testing.T) {
		c := SharedCluster(t)
		fn(t, Target{Name: "cluster", Client: c.Client(t), ClusterAddrs: c.Addrs})
	})
}
