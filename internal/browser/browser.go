// Package browser starts a real headless Chromium for page tests, driven
// by chromedp. Nothing is downloaded: it uses Debian's chromium (or the
// one named by TILLIT_CHROMIUM). Without one the test is skipped with a
// message, unless TILLIT_REQUIRE_BROWSER=1 (set by .ci/run), when it fails.
package browser

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Path returns the Chromium to run, or "" when there is none.
func Path() string {
	if p := os.Getenv("TILLIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options shape a browser session.
type Options struct {
	// Lang is the Accept-Language the browser sends ("sv" when empty).
	Lang string
	// Headers are sent with every request (e.g. Sec-GPC: 1).
	Headers map[string]any
	// Width and Height of the window, 1280×900 when zero.
	Width, Height int64
}

// New starts a browser for the test and returns a context for
// chromedp.Run. The browser is closed when the test ends. Each call is a
// fresh profile: no cookies carry over.
func New(t *testing.T, o Options) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("TILLIT_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (install Debian's chromium or set TILLIT_CHROMIUM); TILLIT_REQUIRE_BROWSER=1 makes this an error")
		}
		t.Skip("no Chromium found: install Debian's chromium (apt-get install -y chromium) or set TILLIT_CHROMIUM to run the browser tests")
	}
	if o.Lang == "" {
		o.Lang = "sv"
	}
	if o.Width == 0 {
		o.Width, o.Height = 1280, 900
	}
	// The profile is removed after the browser has exited, which
	// t.TempDir's cleanup would not wait for.
	profile, err := os.MkdirTemp("", "tillit-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", o.Lang),
		chromedp.WindowSize(int(o.Width), int(o.Height)),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		chromedp.Cancel(ctx) // closes the browser and waits for it
		cancel()
		cancelAlloc()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	start := []chromedp.Action{
		emulation.SetUserAgentOverride("Mozilla/5.0 (X11; Linux x86_64) TillitTest").WithAcceptLanguage(o.Lang),
	}
	if len(o.Headers) > 0 {
		start = append(start, network.Enable(), network.SetExtraHTTPHeaders(network.Headers(o.Headers)))
	}
	if err := chromedp.Run(ctx, start...); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	return ctx
}

// Run runs actions with a time limit, failing the test with what step
// was being done.
func Run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// Screenshot saves the page as name.png in the folder TILLIT_SCREENSHOTS
// names, when it names one; the docs' screenshots are made this way.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("TILLIT_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	Run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
