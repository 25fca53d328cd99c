package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// ensureAdmin makes sure someone can administer this deployment. With
// ADMIN_USERNAME and ADMIN_PASSWORD that account is made an admin with that
// password. Without them the first start on a Redis that has no admin yet
// creates the account "admin" with a random password, returned so announce
// can print it once; later starts leave it alone and return "".
func ensureAdmin(ctx context.Context, accounts *game.Accounts, cfg Config, log *slog.Logger) (string, error) {
	if cfg.AdminUsername == "" {
		return accounts.CreateFirstAdmin(ctx)
	}
	if err := accounts.EnsureAdmin(ctx, cfg.AdminUsername, cfg.AdminPassword); err != nil {
		return "", fmt.Errorf("ensure admin account: %w", err)
	}
	if err := accounts.MarkAdminConfigured(ctx, cfg.AdminUsername); err != nil {
		return "", err
	}
	log.Info("admin account ready", "username", cfg.AdminUsername)
	return "", nil
}

// announce says where Ladder can be opened and, on the first start, how to
// sign in as the admin it created.
func announce(log *slog.Logger, addr net.Addr, firstAdminPassword string) {
	base := publicURL(addr)
	log.Info("Ladder is running at "+base, "url", base)
	if firstAdminPassword != "" {
		log.Info("first start: created the admin account; sign in at "+base+"/login — "+
			"this password is shown only this once",
			"username", game.FirstAdminUsername, "password", firstAdminPassword, "sign_in_url", base+"/login")
	}
}

// publicURL is the URL a person on this machine opens for a listener: a
// wildcard or missing host becomes localhost.
func publicURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// serveMetrics serves /metrics on its own listener when METRICS_ADDR is set,
// with the Go profiler under /debug/pprof/ beside it (private, like the
// metrics), and returns what stops it.
func serveMetrics(addr string, metrics http.Handler, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	h := http.NewServeMux()
	h.Handle("/", metrics)
	h.HandleFunc("/debug/pprof/", pprof.Index)
	h.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	h.HandleFunc("/debug/pprof/profile", pprof.Profile)
	h.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	h.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on METRICS_ADDR %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "error", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// healthcheck is the "healthcheck" subcommand: it asks the instance on
// this machine (ADDR, or -addr) whether it is ready and fails unless
// /readyz answers 200. Container health checks run it, since the image has
// no shell or HTTP client.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrFlag := fs.String("addr", "", "address the app listens on (overrides ADDR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	addr := or(*addrFlag, or(getenv("ADDR"), ":8080"))
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("healthcheck: bad address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d", url, resp.StatusCode)
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}
