package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// shotPhone saves the page as it stands at a phone's width (390 px), in
// the light and the dark scheme, when SCREENSHOT_DIR is set; then it puts
// the window's own size and scheme back.
func shotPhone(t *testing.T, ctx context.Context, app *testApp, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	browserStep(t, ctx, app, "phone 390", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, scheme := range []string{"light", "dark"} {
		setColorScheme(t, ctx, app, scheme)
		browserStep(t, ctx, app, "settle", chromedp.Sleep(300*time.Millisecond))
		shot(t, ctx, dir, name+"-phone-"+scheme+".png")
	}
	browserStep(t, ctx, app, "window size back", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}))
}
