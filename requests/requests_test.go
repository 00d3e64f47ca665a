package requests_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
	"github.com/tillit-privacy/tillit/internal/testapp"
)

// heldStore is a real store that knows when a write transaction is open.
type heldStore struct {
	tillit.Store
	held atomic.Int32
}

func (s *heldStore) Update(ctx context.Context, fn func(tillit.Tx) error) error {
	return s.Store.Update(ctx, func(tx tillit.Tx) error {
		s.held.Add(1)
		defer s.held.Add(-1)
		return fn(tx)
	})
}

// TestNothingRenderedInTheWriter: completing an access or portability
// request commits the answer's data; its files are rendered when the
// outbox sends the e-mail, and the extract when it is downloaded, never
// while the store's writer is held.
func TestNothingRenderedInTheWriter(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			hs := &heldStore{}
			a := testapp.Start(t, testapp.Options{Store: st.Open, Wrap: func(s tillit.Store) tillit.Store { hs.Store = s; return hs }})
			var rendered atomic.Int32
			defer extract.OnRender(func(format string) {
				rendered.Add(1)
				if hs.held.Load() > 0 {
					t.Errorf("the %s was rendered while the store's writer was held", format)
				}
			})()
			const email = "anna@example.se"
			if _, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "broker_form", Events: []string{"request_submitted"},
				Fields: map[string]string{"name": "Anna Andersson", "email": email, "phone": "070-1740605", "ip_address": "192.0.2.10"}}); err != nil {
				t.Fatal(err)
			}
			var o testapp.Outbox
			access := a.Confirmed(t, &o, tillit.RequestForm{Right: tillit.RightAccess, Email: email, Lang: tillit.English})
			portable := a.Confirmed(t, &o, tillit.RequestForm{Right: tillit.RightPortability, Email: email})
			for _, id := range []string{access.ID, portable.ID} {
				if _, err := a.Requests.Complete(a.Ctx, id); err != nil {
					t.Fatalf("Complete %s: %v", id, err)
				}
			}
			if n := rendered.Load(); n != 0 {
				t.Fatalf("completing rendered %d files; the outbox renders them", n)
			}
			names := map[string][]byte{}
			for _, m := range a.Deliver(t, &o) {
				for _, f := range m.Attachments {
					names[f.Name] = f.Data
				}
			}
			for _, want := range []string{"copy-of-your-data.pdf", "copy-of-your-data.html", "copy-of-your-data.json", "data.json", "data.csv"} {
				if len(names[want]) == 0 {
					t.Errorf("the answers carry no %s; they carry %v", want, keys(names))
				}
			}
			if !bytes.HasPrefix(names["copy-of-your-data.pdf"], []byte("%PDF")) || !strings.Contains(string(names["copy-of-your-data.json"]), access.Subject) {
				t.Error("the attached extract is not Anna's PDF and JSON")
			}
			if rendered.Load() == 0 {
				t.Error("the hook saw no rendering: the test proves nothing")
			}

			// The extract fetched through the API is rendered after the
			// read that made it.
			_, token, err := a.Access.CreateAPIKey(a.Ctx, "officer", []string{tillit.ScopeAdmin})
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodGet, a.URL("/v1/requests/"+access.ID+"/extract?format=pdf"), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF")) {
				t.Fatalf("GET the extract as PDF: %d %.40q", resp.StatusCode, body)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
