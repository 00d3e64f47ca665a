package browser_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/tillit-privacy/tillit/internal/browser"
)

// The browser sends the language and headers it is given.
func TestBrowserSendsLanguageAndHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><title>t</title><p id="l">` + r.Header.Get("Accept-Language") + `</p><p id="g">` + r.Header.Get("Sec-GPC") + `</p>`))
	}))
	defer srv.Close()
	ctx := browser.New(t, browser.Options{Lang: "en", Headers: map[string]any{"Sec-GPC": "1"}})
	var lang, gpc string
	browser.Run(t, ctx, "load", chromedp.Navigate(srv.URL), chromedp.Text("#l", &lang), chromedp.Text("#g", &gpc))
	if lang != "en" || gpc != "1" {
		t.Errorf("Accept-Language %q, Sec-GPC %q; want en, 1", lang, gpc)
	}
}
