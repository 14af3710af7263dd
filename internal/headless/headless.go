// Package headless starts Debian's Chromium without a window for the run
// report's browser test and benchmark. Start is the entry point.
package headless

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// startTimeout bounds starting the browser.
const startTimeout = 60 * time.Second

// Start starts the browser at path with a fresh profile in profileDir and
// nothing fetched in the background (this machine's network is closed,
// and Chromium's background connections would fail, many at a time). It
// returns the browser's context and the function that stops it.
func Start(path, profileDir string) (context.Context, func(), error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profileDir),
	)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	stop := func() { cancelBrowser(); cancelAlloc() }
	// Start it now, within a bound. (The first Run's context owns the
	// browser: a timeout on that context would stop the browser too.)
	timer := time.AfterFunc(startTimeout, stop)
	err := chromedp.Do(ctx)
	timer.Stop()
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting %s: %v", path, err)
	}
	return ctx, stop, nil
}
