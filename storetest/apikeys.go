package storetest

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

// tokenForm is the form of an API key's token.
var tokenForm = regexp.MustCompile(`^tillit_(ak_[a-z2-7]+)_([A-Za-z0-9_-]{43})$`)

// testAPIKeys creates, lists, authenticates and revokes API keys: a token
// is shown once and only a keyed hash of its secret is kept, every way a
// token can fail gets the same answer, a refused key stores nothing, and
// the audit log names keys but never holds a token.
func testAPIKeys(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	created := e.Clock.Now().UTC()
	k, token, err := e.Access.CreateAPIKey(e.Ctx, "  Webbshopen  ", []string{"collect", "read:newsletter", "collect", "disclose:*"})
	if err != nil {
		t.Fatal(err)
	}
	m := tokenForm.FindStringSubmatch(token)
	if m == nil || m[1] != k.ID {
		t.Fatalf("token %q does not have the form tillit_<id>_<secret> for key %s", token, k.ID)
	}
	secret, err := base64.RawURLEncoding.DecodeString(m[2])
	if err != nil || len(secret) != 32 {
		t.Fatalf("secret: %d bytes, %v", len(secret), err)
	}
	want := tillit.APIKey{ID: k.ID, Name: "Webbshopen", Scopes: []string{"collect", "read:newsletter", "disclose:*"}, Created: created}
	if diff := cmp.Diff(want, k); diff != "" {
		t.Errorf("created key (-want +got):\n%s", diff)
	}
	other, otherToken, err := e.Access.CreateAPIKey(e.Ctx, "Bokföring", []string{"admin"})
	if err != nil {
		t.Fatal(err)
	}

	head := e.Head(t)
	got, err := e.Access.Authenticate(e.Ctx, token)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("authenticated key (-want +got):\n%s", diff)
	}
	if got, err := e.reopen(t, e.KEK).Access.Authenticate(e.Ctx, otherToken); err != nil || got.ID != other.ID {
		t.Errorf("another vault over the same store: %+v, %v", got, err)
	}
	if e.Head(t) != head {
		t.Error("Authenticate wrote to the audit log")
	}
	if !got.Allows("read:newsletter") || !got.Allows("disclose:quote") || got.Allows("read:quote") || got.Allows("find") {
		t.Errorf("key %v allows the wrong things", got.Scopes)
	}

	t.Run("hash", func(t *testing.T) { checkAPIKeyHash(t, e, k.ID, token, secret) })

	// Every failure reads the same, so that nothing tells a known key
	// from an unknown one.
	wrong := slices.Clone(secret)
	wrong[0] ^= 1
	failures := map[string]string{
		"wrong secret":         "tillit_" + k.ID + "_" + base64.RawURLEncoding.EncodeToString(wrong),
		"another key's secret": "tillit_" + other.ID + "_" + m[2],
		"unknown key":          "tillit_ak_" + strings.Repeat("a", 24) + "_" + m[2],
		"empty":                "",
		"prefix only":          "tillit_",
		"no secret":            "tillit_" + k.ID,
		"empty secret":         "tillit_" + k.ID + "_",
		"short secret":         token[:len(token)-1],
		"long secret":          token + "A",
		"padded secret":        token + "=",
		"standard base64":      "tillit_" + k.ID + "_+" + m[2][1:],
		"upper-case ID":        "tillit_" + strings.ToUpper(k.ID) + "_" + m[2],
		"another kind of ID":   strings.Replace(token, "tillit_ak_", "tillit_req_", 1),
		"no tillit prefix":     strings.TrimPrefix(token, "tillit_"),
		"with the scheme":      "Bearer " + token,
		"trailing newline":     token + "\n",
		"secret as ID":         "tillit_ak_" + m[2] + "_" + m[2],
		"empty ID":             "tillit_ak__" + m[2],
	}
	var first string
	for name, tok := range failures {
		_, err := e.Access.Authenticate(e.Ctx, tok)
		if tillit.ErrorCode(err) != tillit.EUNAUTHORIZED {
			t.Errorf("%s: %v, want %s", name, err, tillit.EUNAUTHORIZED)
			continue
		}
		wantErr(t, err, tillit.EUNAUTHORIZED, "The API key is not valid")
		if first == "" {
			first = err.Error()
		} else if err.Error() != first {
			t.Errorf("%s: %q, unlike the other failures' %q", name, err.Error(), first)
		}
	}

	list, err := e.Access.APIKeys(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != k.ID || list[1].ID != other.ID || list[0].Hash != nil || list[1].Hash != nil {
		t.Fatalf("APIKeys: %+v, want the two keys in the order they were created, without hashes", list)
	}
	t.Run("refusals", func(t *testing.T) { checkAPIKeyRefusals(t, e) })

	// Revoking takes effect at once, the first time counts, and a
	// revoked key reads like any other bad token.
	e.Clock.Add(time.Hour)
	revoked := e.Clock.Now().UTC()
	if err := e.Access.RevokeAPIKey(e.Ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.Access.Authenticate(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED)
	if err.Error() != first {
		t.Errorf("revoked key: %q, unlike the other failures' %q", err.Error(), first)
	}
	if _, err := e.Access.Authenticate(e.Ctx, otherToken); err != nil {
		t.Errorf("revoking one key revoked another: %v", err)
	}
	e.Clock.Add(time.Hour)
	before := e.Head(t)
	if err := e.Access.RevokeAPIKey(e.Ctx, k.ID); err != nil {
		t.Errorf("revoking again: %v", err)
	}
	if e.Head(t) != before {
		t.Error("revoking again was audited again")
	}
	err = e.Access.RevokeAPIKey(e.Ctx, "ak_"+strings.Repeat("b", 24))
	wantErr(t, err, tillit.ENOTFOUND, "no API key")
	list, err = e.Access.APIKeys(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !list[0].Revoked.Equal(revoked) || !list[0].IsRevoked() || list[0].Allows("collect") || list[1].IsRevoked() {
		t.Errorf("after revoking: %+v, want the first revoked at %v", list, revoked)
	}
	js, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(js, []byte(`"revoked"`)); n != 1 || bytes.Contains(js, []byte("hash")) || bytes.Contains(js, []byte("Hash")) {
		t.Errorf("JSON of the keys: %s; want one revoked time and no hash", js)
	}

	checkAPIKeyAudit(t, e, k.ID, other.ID, token, otherToken, m[2])
	t.Run("store", func(t *testing.T) { checkAPIKeyRows(t, open) })
	t.Run("allows", checkAllows)
}

// checkAPIKeyHash checks that the store keeps a keyed hash of the secret:
// neither the secret, its encoding, the token nor a plain hash of any of
// them, in the row as the store returns it or in the raw table.
func checkAPIKeyHash(t *testing.T, e *Env, id, token string, secret []byte) {
	var k tillit.APIKey
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		var err error
		k, err = tx.APIKey(id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := token[len(token)-43:]
	plain := [][]byte{secret, []byte(enc), []byte(token)}
	for _, p := range slices.Clone(plain) {
		sum := sha256.Sum256(p)
		plain = append(plain, sum[:])
	}
	if len(k.Hash) != 32 {
		t.Errorf("hash is %d bytes, want 32", len(k.Hash))
	}
	for _, p := range plain {
		if bytes.Contains(k.Hash, p) || bytes.Contains(p, k.Hash) {
			t.Errorf("the stored hash is or holds the secret or an unkeyed hash of it")
		}
	}
	db, ok := e.Store.(interface{ DB() *sql.DB })
	if !ok {
		t.Skip("the store gives no raw database handle to read the row with")
	}
	rows, err := db.DB().QueryContext(e.Ctx, `SELECT * FROM api_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			b := []byte(fmt.Sprint(v))
			if s, ok := v.([]byte); ok {
				b = s
			}
			for _, p := range plain[:3] {
				if bytes.Contains(b, p) {
					t.Errorf("column %s of a raw api_keys row holds the secret", cols[i])
				}
			}
		}
	}
	if err := rows.Err(); err != nil || n != 2 {
		t.Errorf("raw api_keys rows: %d, %v; want 2", n, err)
	}
}

// checkAPIKeyRefusals checks that a bad name or scope is refused with a
// message that says what is wrong, and stores and audits nothing.
func checkAPIKeyRefusals(t *testing.T, e *Env) {
	before, err := e.Access.APIKeys(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	head := e.Head(t)
	tests := []struct {
		name   string
		key    string
		scopes []string
		want   []string
	}{
		{"undeclared purpose", "x", []string{"collect", "read:marketing"}, []string{`"read:marketing"`, `"marketing"`, "does not declare"}},
		{"undeclared disclosure", "x", []string{"disclose:nope"}, []string{`"disclose:nope"`}},
		{"unknown scope", "x", []string{"write"}, []string{`no scope "write"`, "collect", "read:<purpose>"}},
		{"empty purpose", "x", []string{"read:"}, []string{`"read:"`}},
		{"purpose on a plain scope", "x", []string{"collect:quote"}, []string{`"collect:quote"`}},
		{"upper case", "x", []string{"Admin"}, []string{`"Admin"`}},
		{"read without purpose", "x", []string{"read"}, []string{`"read"`}},
		{"empty scope", "x", []string{""}, []string{`no scope ""`}},
		{"long scope", "x", []string{"read:" + strings.Repeat("a", 200)}, []string{"that long"}},
		{"no scopes", "x", nil, []string{"at least one scope"}},
		{"no name", " ", []string{"collect"}, []string{"needs a name"}},
		{"control character", "Webb\nshop", []string{"collect"}, []string{"control characters"}},
		{"long name", strings.Repeat("å", 101), []string{"collect"}, []string{"at most 100 characters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, token, err := e.Access.CreateAPIKey(e.Ctx, tt.key, tt.scopes)
			wantErr(t, err, tillit.EINVALID, tt.want...)
			var te *tillit.Error
			if !errors.As(err, &te) || te.Text.SV == "" || te.Text.SV == te.Text.EN {
				t.Errorf("%v: no Swedish message", err)
			}
			if token != "" {
				t.Error("a refused key has a token")
			}
		})
	}
	if _, _, err := e.Access.CreateAPIKey(e.Ctx, strings.Repeat("å", 100), []string{"read:*"}); err != nil {
		t.Errorf("a name of 100 characters: %v", err)
	}
	after, err := e.Access.APIKeys(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || e.Head(t) != head+1 {
		t.Errorf("refusals stored %d keys and %d audit entries; want only the one good key", len(after)-len(before)-1, e.Head(t)-head-1)
	}
}

// checkAPIKeyAudit checks that creating and revoking are audited with the
// key's ID and scopes, and that no entry holds a token, a secret or a
// key's name.
func checkAPIKeyAudit(t *testing.T, e *Env, id, otherID, token, otherToken, enc string) {
	t.Helper()
	e.Verify(t)
	made := auditOf(t, e, tillit.AuditAPIKeyCreated, "")
	if len(made) != 3 || made[0].Detail != "key="+id+" scopes=collect,read:newsletter,disclose:*" || made[1].Detail != "key="+otherID+" scopes=admin" {
		t.Errorf("api_key_created entries: %+v", made)
	}
	gone := auditOf(t, e, tillit.AuditAPIKeyRevoked, "")
	if len(gone) != 1 || gone[0].Detail != "key="+id || gone[0].Actor != "test" {
		t.Errorf("api_key_revoked entries: %+v", gone)
	}
	var all []tillit.AuditEntry
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		var err error
		all, err = tx.Audit(0, 100000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		line := fmt.Sprint(a.Actor, a.Action, a.Subject, a.Purpose, a.Detail)
		for _, bad := range []string{token, otherToken, enc, "Webbshopen", "Bokföring"} {
			if strings.Contains(line, bad) {
				t.Errorf("audit entry %d holds a token, a secret or a name: %s", a.Seq, line)
			}
		}
	}
}

// checkAPIKeyRows checks the store's own promises for API keys.
func checkAPIKeyRows(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	at := time.Date(2026, 5, 1, 12, 0, 0, 123456000, time.UTC)
	k := tillit.APIKey{ID: "ak_1", Name: "Ett", Scopes: []string{"collect", "read:*"}, Created: at, Hash: []byte{1, 2, 3}}
	err := s.Update(ctx, func(tx tillit.Tx) error { return tx.InsertAPIKey(k) })
	if err != nil {
		t.Fatal(err)
	}
	// A failed statement aborts a PostgreSQL transaction: one each.
	wantErr(t, s.Update(ctx, func(tx tillit.Tx) error { return tx.InsertAPIKey(k) }), tillit.ECONFLICT)
	wantErr(t, s.Update(ctx, func(tx tillit.Tx) error { return tx.RevokeAPIKey("ak_none", at) }), tillit.ENOTFOUND)
	err = s.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.RevokeAPIKey(k.ID, at.Add(time.Minute)); err != nil {
			return err
		}
		return tx.RevokeAPIKey(k.ID, at.Add(time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(tx tillit.Tx) error {
		got, err := tx.APIKey(k.ID)
		if err != nil {
			return err
		}
		k.Revoked = at.Add(time.Minute)
		if diff := cmp.Diff(k, got); diff != "" {
			t.Errorf("api key (-want +got):\n%s", diff)
		}
		_, err = tx.APIKey("ak_none")
		wantErr(t, err, tillit.ENOTFOUND)
		all, err := tx.APIKeys()
		if len(all) != 1 || all[0].ID != k.ID {
			t.Errorf("APIKeys = %+v", all)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkAllows checks what scopes grant.
func checkAllows(t *testing.T) {
	tests := []struct {
		scopes   []string
		allows   []string
		disallow []string
	}{
		{[]string{"read:newsletter"}, []string{"read:newsletter"},
			[]string{"read:quote", "read:*", "disclose:newsletter", "collect", "admin", "read", "read:newsletter:x", ""}},
		{[]string{"read:*"}, []string{"read:newsletter", "read:quote", "read:*"},
			[]string{"disclose:newsletter", "disclose:*", "find", "admin", "read:"}},
		{[]string{"admin"}, []string{"read:newsletter", "disclose:*", "collect", "find", "events", "consents", "requests", "register", "admin"},
			[]string{"bogus", "", "read:", "Admin"}},
		{[]string{"collect", "disclose:*"}, []string{"collect", "disclose:quote"},
			[]string{"find", "read:quote", "admin"}},
		{[]string{"events", "consents", "requests", "register", "find"}, []string{"events", "consents", "requests", "register", "find"},
			[]string{"collect", "read:quote"}},
	}
	for _, tt := range tests {
		k := tillit.APIKey{Scopes: tt.scopes}
		for _, s := range tt.allows {
			if !k.Allows(s) {
				t.Errorf("%v does not allow %q", tt.scopes, s)
			}
		}
		for _, s := range tt.disallow {
			if k.Allows(s) {
				t.Errorf("%v allows %q", tt.scopes, s)
			}
		}
		k.Revoked = time.Now()
		for _, s := range tt.allows {
			if k.Allows(s) {
				t.Errorf("revoked %v allows %q", tt.scopes, s)
			}
		}
	}
	for _, s := range tillit.PlainScopes {
		if kind, purpose, err := tillit.ParseScope(s); err != nil || kind != s || purpose != "" {
			t.Errorf("ParseScope(%q) = %q, %q, %v", s, kind, purpose, err)
		}
	}
	if kind, purpose, err := tillit.ParseScope("disclose:*"); err != nil || kind != "disclose" || purpose != "*" {
		t.Errorf(`ParseScope("disclose:*") = %q, %q, %v`, kind, purpose, err)
	}
}
