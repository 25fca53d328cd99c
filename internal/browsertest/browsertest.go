// Package browsertest starts headless Chromium for end-to-end tests driven
// with chromedp.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/redistest"
)

// Path is where Debian's chromium package puts the browser.
const Path = "/usr/bin/chromium"

// New starts a fresh headless Chromium (its own profile, so its own cookies)
// and returns a chromedp context for one tab, torn down when the test ends.
// Without Chromium the test fails, unless redistest.SkipMissing allows a skip.
func New(tb testing.TB) context.Context {
	tb.Helper()
	exe := Path
	if _, err := os.Stat(exe); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			exe = p
		} else if redistest.SkipMissing() {
			tb.Skipf("chromium not found at %s (skipped: LADDER_SKIP_MISSING=1)", Path)
		} else {
			tb.Fatalf("chromium not found at %s; run .ci/deps to install it, or set LADDER_SKIP_MISSING=1 to skip the browser tests", Path)
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(tb.TempDir(), "profile")),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	tb.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// The first Do starts the browser; it lives as long as ctx, so ctx
	// itself must carry no timeout (derive one per step instead).
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Screenshot saves a full-page PNG to dir/name when dir is set (tests pass
// os.Getenv("SCREENSHOT_DIR")), for people to look at.
func Screenshot(tb testing.TB, ctx context.Context, dir, name string) {
	tb.Helper()
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		tb.Errorf("screenshot %s: %v", name, err)
	}
}
