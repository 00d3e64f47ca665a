package client_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit/client"
)

// TestCookieConsents records choices in the banner of a real tillit serve,
// as the script on the register's website would, and lists their proofs
// through the client, a page at a time.
func TestCookieConsents(t *testing.T) {
	s := start(t, "sqlite")
	s.key(t, "admin", "admin")
	s.key(t, "register", "register")
	resp, err := http.Get(s.URL + "/consent.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	field := func(name string) string {
		_, v, _ := strings.Cut(string(js), `"`+name+`":"`)
		v, _, _ = strings.Cut(v, `"`)
		return v
	}
	for i, analytics := range []string{"false", "true", "false"} {
		via := map[string]string{"false": "reject_all", "true": "accept_all"}[analytics]
		body := `{"version":"` + field("v") + `","hash":"` + field("h") + `","categories":{"analytics":` + analytics + `},"via":"` + via + `"}`
		req, _ := http.NewRequest("POST", s.URL+"/consent/choices", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://www.allkontrakt.se")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 {
			t.Fatalf("choice %d: %d %s", i, resp.StatusCode, b)
		}
	}
	ctx := t.Context()
	admin := s.client("admin")
	first, next, err := admin.CookieConsents(ctx, "", 2)
	if err != nil || len(first) != 2 || next != first[1].ID || first[0].Accepted == nil || first[0].Rejected[0] != "analytics" ||
		first[1].Accepted[0] != "analytics" || first[0].Origin != "https://www.allkontrakt.se" || first[0].At.IsZero() {
		t.Fatalf("first page: %+v, %q, %v", first, next, err)
	}
	rest, next, err := admin.CookieConsents(ctx, next, 0)
	if err != nil || len(rest) != 1 || next != "" || rest[0].Via != "reject_all" {
		t.Errorf("second page: %+v, %q, %v", rest, next, err)
	}
	if _, _, err := s.client("register").CookieConsents(ctx, "", 0); !client.IsForbidden(err) {
		t.Errorf("with a register key: %v", err)
	}
}
