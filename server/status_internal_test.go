package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/vault"
)

// TestEveryCodeOnEverySurface hands an error of every code to the writer
// each surface answers the vault's errors with (the API's problem, the
// admin's error page, the centre's problem page) and checks that all three
// answer the one table's status, show the vault's words for a refusal and
// never the detail of the server's own failure. Which codes a surface can
// meet through its handlers is up to the vault; status_test.go goes
// through them.
func TestEveryCodeOnEverySurface(t *testing.T) {
	want := map[tillit.Code]int{
		tillit.EINVALID:      http.StatusUnprocessableEntity,
		tillit.ENOTFOUND:     http.StatusNotFound,
		tillit.ECONFLICT:     http.StatusConflict,
		tillit.EUNAUTHORIZED: http.StatusUnauthorized,
		tillit.EFORBIDDEN:    http.StatusForbidden,
		tillit.EINTERNAL:     http.StatusInternalServerError,
	}
	if len(statuses) != len(tillit.Codes) {
		t.Errorf("the table has %d codes, tillit has %d", len(statuses), len(tillit.Codes))
	}
	s := testServer(t)
	c := &centre{Server: s}
	surfaces := map[string]func(w http.ResponseWriter, r *http.Request, err error){
		"api":    func(w http.ResponseWriter, r *http.Request, err error) { writeProblem(w, domainProblem(Lang(r), err)) },
		"admin":  func(w http.ResponseWriter, r *http.Request, err error) { s.pageFailed(w, r, "admin", err) },
		"centre": c.failed,
	}
	type kase struct {
		name   string
		err    error
		status int
	}
	var cases []kase
	for _, code := range tillit.Codes {
		if _, ok := want[code]; !ok {
			t.Errorf("code %s has no status in this test", code)
		}
		err := tillit.Errorl(code, "test.op", tillit.Text{SV: "Det gick inte: skäl " + string(code) + ".", EN: "It did not work: reason " + string(code) + "."})
		cases = append(cases, kase{string(code), err, want[code]},
			kase{string(code) + " wrapped", errors.Join(errors.New("sqlite: detail"), err), want[code]})
	}
	cases = append(cases, kase{"not a tillit.Error", errors.New("sqlite: disk I/O error at /var/lib/secret"), http.StatusInternalServerError},
		kase{"an unknown code", &tillit.Error{Code: "teapot", Message: "It did not work: reason teapot."}, http.StatusInternalServerError})
	for _, k := range cases {
		for name, answer := range surfaces {
			r := httptest.NewRequest("GET", "/somewhere?lang=en", nil)
			w := httptest.NewRecorder()
			answer(w, r, k.err)
			body := w.Body.String()
			if w.Code != k.status {
				t.Errorf("%s: %s answered %d, want %d", k.name, name, w.Code, k.status)
			}
			if statusOf(k.err) != k.status {
				t.Errorf("%s: statusOf = %d, want %d", k.name, statusOf(k.err), k.status)
			}
			shown := strings.Contains(body, "It did not work")
			switch {
			case k.status >= 500 && (shown || strings.Contains(body, "sqlite") || strings.Contains(body, "secret")):
				t.Errorf("%s: %s shows the detail of an internal error:\n%s", k.name, name, body)
			case k.status != http.StatusNotFound && k.status < 500 && !shown:
				t.Errorf("%s: %s does not show the vault's words:\n%s", k.name, name, body)
			}
		}
	}
}

// testServer returns a server whose vault is on a fresh SQLite store with
// the Allkontrakt register: the pages need the register's controller.
func testServer(t *testing.T) *Server {
	t.Helper()
	ctx := tillit.WithActor(context.Background(), "test")
	pol, problems := register.Compile("examples/allkontrakt.yaml", examples.Allkontrakt)
	if pol == nil {
		t.Fatal(problems)
	}
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tillit.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	js, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	kek, err := keys.ParseKEK(js)
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.Open(ctx, core.Config{Store: store, Policy: pol, KEK: kek})
	if err != nil {
		t.Fatal(err)
	}
	return &Server{Vault: vault.New(c), Audit: audit.Log{Store: store}}
}
