package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeConsentOrigins checks that the sites given with
// TILLIT_CONSENT_ORIGINS (or --consent-origins) may record cookie choices
// beside the register's website, others may not, and a malformed origin
// stops serve before it starts.
func TestServeConsentOrigins(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	base, stop := startServe(t, map[string]string{"TILLIT_CONSENT_ORIGINS": "https://shop.allkontrakt.example,http://localhost:3000"},
		"--data", dir, "--sweep-every", "0")
	resp, err := http.Get(base + "/consent.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, hash, _ := strings.Cut(string(js), `"h":"`)
	hash, _, _ = strings.Cut(hash, `"`)
	if resp.StatusCode != 200 || len(hash) != 64 {
		t.Fatalf("GET /consent.js: %d, hash %q", resp.StatusCode, hash)
	}
	_, version, _ := strings.Cut(string(js), `"v":"`)
	version, _, _ = strings.Cut(version, `"`)
	body := `{"version":"` + version + `","hash":"` + hash + `","categories":{"analytics":false},"via":"reject_all"}`
	for origin, want := range map[string]int{
		"https://shop.allkontrakt.example": 201,
		"http://localhost:3000":            201,
		"https://www.allkontrakt.se":       201, // the register's website
		"https://elsewhere.example":        403,
	} {
		req, _ := http.NewRequest("POST", base+"/consent/choices", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("choice from %s: %d %s; want %d", origin, resp.StatusCode, b, want)
		}
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, stderr)
	}

	code, _, stderr := run(t, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--consent-origins", "www.example.se")
	if code == 0 || !strings.Contains(stderr, "--consent-origins") || !strings.Contains(stderr, "scheme://host") {
		t.Errorf("a malformed origin: exit %d, %s", code, stderr)
	}
}
