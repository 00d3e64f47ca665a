package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServe runs tillit serve in process with the environment envs until
// stop, which interrupts it as Ctrl-C would and returns its exit status and
// what it wrote to stderr. base is the URL it listens on.
func startServe(t *testing.T, envs map[string]string, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	pr, pw := io.Pipe()
	var errOut strings.Builder
	m := &Main{Stdout: pw, Stderr: &errOut, Getenv: func(k string) string { return envs[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "http://"); ok {
			base = strings.TrimSuffix("http://"+strings.Fields(rest)[0], "/privacy")
			break
		}
	}
	go io.Copy(io.Discard, pr)
	stop = func() (int, string) {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			return code, errOut.String()
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
			return 0, ""
		}
	}
	if base == "" {
		code, stderr := stop()
		t.Fatalf("serve printed no address; exit %d, stderr:\n%s", code, stderr)
	}
	return base, stop
}

// TestServe starts tillit serve as a fresh machine would, with no register,
// no key and no store, and stops it as Ctrl-C would.
func TestServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	base, stop := startServe(t, nil, "--data", dir, "--sweep-every", "50ms")

	get := func(path, acceptLang string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if acceptLang != "" {
			req.Header.Set("Accept-Language", acceptLang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, tc := range []struct {
		path, lang string
		code       int
		want       []string
	}{
		{"/privacy", "", 200, []string{`<html lang="sv">`, "Allkontrakt Sverige AB", "Raderas 30 dagar efter"}},
		{"/privacy", "en-GB,en;q=0.9", 200, []string{`<html lang="en">`, "Deleted 30 days after"}},
		{"/privacy?lang=sv", "en", 200, []string{`<html lang="sv">`}},
		{"/healthz", "", 200, []string{"ok"}},
		{"/readyz", "", 200, []string{"ready"}},
		{"/nope", "", 404, nil},
	} {
		resp, body := get(tc.path, tc.lang)
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s: %d, want %d", tc.path, resp.StatusCode, tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s (Accept-Language %q): no %q", tc.path, tc.lang, w)
			}
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: security headers missing: %v", tc.path, resp.Header)
		}
	}
	code, stderr := stop()
	if code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, stderr)
	}
	if fi, err := os.Stat(filepath.Join(dir, "kek.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("generated key file: %v, %v", fi, err)
	}
	if !strings.Contains(stderr, "no key-encryption key configured") {
		t.Errorf("no warning about the key beside the data:\n%s", stderr)
	}
	// The store it made opens again, with the key it made and the same
	// register: neither needs saying.
	code, _, stderr = vaultRun(t, nil, "", "retention", "run", "--data", dir)
	if code != 0 {
		t.Fatalf("retention run on serve's store: exit %d: %s", code, stderr)
	}
}
