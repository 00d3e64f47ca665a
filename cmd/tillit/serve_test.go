package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/sqlite"
)

// startServe runs tillit serve in process with the environment envs until
// stop, which interrupts it as Ctrl-C would and returns its exit status and
// what it wrote to stderr. base is the URL it listens on.
func startServe(t *testing.T, envs map[string]string, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	base, _, stop = startServeOut(t, envs, args...)
	return base, stop
}

// startServeOut is startServe that also returns what serve printed before
// its address.
func startServeOut(t *testing.T, envs map[string]string, args ...string) (base, printed string, stop func() (int, string)) {
	t.Helper()
	var out strings.Builder
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
		out.WriteString(sc.Text() + "\n")
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
	return base, out.String(), stop
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

// TestServeDemo starts tillit serve --demo on a fresh store: the API
// answers with the printed key, the made-up requests are in the queue,
// the metrics count them, and a second start leaves the data alone.
func TestServeDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	base, printed, stop := startServeOut(t, nil, "--data", dir, "--demo", "--demo-people", "25", "--sweep-every", "0", "--send-every", "0")
	_, token, ok := strings.Cut(printed, "(shown once): ")
	if !ok {
		stop()
		t.Fatalf("no demo key printed:\n%s", printed)
	}
	token = strings.TrimSpace(strings.SplitN(token, "\n", 2)[0])
	call := func(path, key string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := call("/v1/requests?open=true", token); code != 200 || !strings.Contains(body, `"state":"confirmed"`) {
		t.Errorf("open requests with the demo key: %d %.500s", code, body)
	}
	if code, _ := call("/v1/requests", ""); code != 401 {
		t.Errorf("requests without a key: %d", code)
	}
	if code, body := call("/v1/register/lint", token); code != 200 || !strings.Contains(body, "examples/allkontrakt.yaml") {
		t.Errorf("lint: %d %.300s", code, body)
	}
	if code, body := call("/metrics", ""); code != 200 || !strings.Contains(body, "tillit_requests_open") || strings.Contains(body, "tillit_requests_open 0\n") {
		t.Errorf("metrics: %d, open requests not counted", code)
	}
	if code, body := call("/openapi.json", ""); code != 200 || !strings.Contains(body, `"/v1/submissions"`) {
		t.Errorf("openapi: %d", code)
	}
	_, pw, ok := strings.Cut(printed, "password (shown once): ")
	if !ok {
		t.Errorf("no demo officer password printed:\n%s", printed)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(base+"/admin/login", url.Values{"login": {"demo"}, "password": {strings.TrimSpace(strings.SplitN(pw, "\n", 2)[0])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Errorf("demo officer sign-in: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr)
	}

	_, printed, stop = startServeOut(t, nil, "--data", dir, "--demo", "--sweep-every", "0", "--send-every", "0")
	if code, stderr := stop(); code != 0 || !strings.Contains(printed, "already holds data") {
		t.Fatalf("second start with --demo: exit %d, printed:\n%s\n%s", code, printed, stderr)
	}
}

// TestServeShutdown interrupts tillit serve while submissions are coming
// in: every submission it acknowledged is in the store after a restart.
func TestServeShutdown(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	base, stop := startServe(t, nil, "--data", dir, "--sweep-every", "0", "--send-every", "0")
	code, out, stderr := vaultRun(t, nil, "", "apikeys", "create", "--name", "load", "--scope", "collect", "--scope", "find", "--data", dir)
	if code != 0 {
		t.Fatalf("apikeys create: %d %s", code, stderr)
	}
	var token string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "tillit_") {
			token = line
		}
	}
	post := func(base string, i int) (string, error) {
		body := fmt.Sprintf(`{"point":"newsletter_signup","fields":{"email":"person%d@example.se"},"consents":[{"purpose":"newsletter","version":"1"}]}`, i)
		req, _ := http.NewRequest("POST", base+"/v1/submissions", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 201 {
			b, _ := io.ReadAll(resp.Body)
			return "", fmt.Errorf("status %d: %s", resp.StatusCode, b)
		}
		var rc struct{ Subject string }
		err = json.NewDecoder(resp.Body).Decode(&rc)
		return rc.Subject, err
	}
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
		next  atomic.Int64
	)
	for range 4 {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				subj, err := post(base, i)
				if err != nil {
					return // the server is going away
				}
				mu.Lock()
				acked = append(acked, subj)
				mu.Unlock()
			}
		})
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 40 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr)
	}
	wg.Wait()

	// Stopping wrote a last checkpoint: it vouches for every entry, so
	// another finds nothing new, and the log verifies.
	store, err := sqlite.Open(t.Context(), filepath.Join(dir, "tillit.db"), sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	l := audit.Log{Store: store}
	if wrote, err := l.Checkpoint(t.Context(), time.Now()); err != nil || wrote {
		t.Errorf("a checkpoint after shutdown: wrote %v, %v; want nothing new to vouch for", wrote, err)
	}
	if rep, err := l.Verify(t.Context()); err != nil || rep.Broken != "" || rep.Checkpoints == 0 {
		t.Errorf("after shutdown: %+v, %v", rep, err)
	}
	store.Close()

	base, stop = startServe(t, nil, "--data", dir, "--sweep-every", "0", "--send-every", "0")
	defer stop()
	for _, subj := range acked {
		if subj == "" {
			t.Fatal("a receipt without the subject")
		}
		req, _ := http.NewRequest("GET", base+"/v1/subjects/"+subj, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("acknowledged subject %s: %d after restart", subj, resp.StatusCode)
		}
	}
	t.Logf("%d submissions acknowledged before the interrupt, all kept", len(acked))
}
