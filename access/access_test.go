package access_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/access"
	"github.com/tillit-privacy/tillit/internal/testapp"
)

const (
	evaPW  = "korrekt häst batteri"
	ollePW = "ett annat långt lösenord"
)

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, what string, err error, code tillit.Code) {
	t.Helper()
	if got := tillit.ErrorCode(err); got != code {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

// TestAdmins: a user of the admin is created with a role and a password
// long enough, signs in to a session, and every failed sign-in reads the
// same; a new password or disabling ends the user's sessions.
func TestAdmins(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			eva, err := a.Access.CreateAdmin(a.Ctx, "eva", "Eva Ek", tillit.RoleOfficer, evaPW)
			if err != nil {
				t.Fatal(err)
			}
			if eva.Role != tillit.RoleOfficer || eva.Hash != "" || !strings.HasPrefix(eva.ID, "ad_") {
				t.Fatalf("created %+v; want an officer with an ad_ ID and no hash", eva)
			}
			_, err = a.Access.CreateAdmin(a.Ctx, "kort", "Kort Lösen", tillit.RoleAuditor, strings.Repeat("x", access.MinPassword-1))
			wantCode(t, "a password shorter than MinPassword", err, tillit.EINVALID)
			if _, err := a.Access.CreateAdmin(a.Ctx, "olle", "Olle Berg", tillit.RoleAuditor, ollePW); err != nil {
				t.Fatal(err)
			}
			off := true
			if _, err := a.Access.ChangeAdmin(a.Ctx, "olle", tillit.AdminChange{Disabled: &off}); err != nil {
				t.Fatal(err)
			}
			if us, err := a.Access.Admins(a.Ctx); err != nil || len(us) != 2 {
				t.Fatalf("Admins = %+v, %v; want Eva and Olle, not the refused one", us, err)
			}

			u, token, err := a.Access.SignIn(a.Ctx, "eva", evaPW)
			if err != nil || u.ID != eva.ID || token == "" {
				t.Fatalf("SignIn = %+v, %q, %v", u, token, err)
			}
			if u, err := a.Access.Session(a.Ctx, token); err != nil || u.ID != eva.ID || u.Role != tillit.RoleOfficer {
				t.Fatalf("Session = %+v, %v; want Eva, officer", u, err)
			}

			// Nothing tells a wrong password from an unknown login or a
			// disabled user.
			var first string
			for _, c := range []struct{ name, login, pw string }{
				{"wrong password", "eva", "fel lösenord, ganska långt"},
				{"unknown login", "nobody", evaPW},
				{"disabled user", "olle", ollePW},
			} {
				_, tok, err := a.Access.SignIn(a.Ctx, c.login, c.pw)
				wantCode(t, c.name, err, tillit.EUNAUTHORIZED)
				if tok != "" {
					t.Errorf("%s: a token %q came with the refusal", c.name, tok)
				}
				if first == "" {
					first = err.Error()
				} else if err.Error() != first {
					t.Errorf("%s: %q, unlike %q", c.name, err, first)
				}
			}

			// A new password, then disabling, each end the sessions.
			newPW := "ett helt nytt lösenord"
			for _, c := range []struct {
				name   string
				change tillit.AdminChange
				pw     string // the password to sign in with before the change
			}{
				{"a new password", tillit.AdminChange{Password: &newPW}, evaPW},
				{"disabling", tillit.AdminChange{Disabled: &off}, newPW},
			} {
				_, token, err := a.Access.SignIn(a.Ctx, "eva", c.pw)
				if err != nil {
					t.Fatalf("before %s: %v", c.name, err)
				}
				if _, err := a.Access.ChangeAdmin(a.Ctx, "eva", c.change); err != nil {
					t.Fatal(err)
				}
				_, err = a.Access.Session(a.Ctx, token)
				wantCode(t, "a session after "+c.name, err, tillit.EUNAUTHORIZED)
			}
			_, _, err = a.Access.SignIn(a.Ctx, "eva", evaPW)
			wantCode(t, "the old password", err, tillit.EUNAUTHORIZED)
		})
	}
}

// TestSessionLimits: a session ends after SessionIdle without use, and
// after SessionMax however it is used.
func TestSessionLimits(t *testing.T) {
	every := func(d time.Duration, n int) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = d
		}
		return out
	}
	tests := []struct {
		name  string
		waits []time.Duration // the session is used after each wait
		alive bool            // after the last
	}{
		{"used just within the idle time", []time.Duration{access.SessionIdle}, true},
		{"idle too long", []time.Duration{access.SessionIdle + time.Second}, false},
		{"used now and then, within SessionMax", append(every(access.SessionIdle-time.Minute, 12), 11*time.Minute), true},
		{"used now and then, at SessionMax", append(every(access.SessionIdle-time.Minute, 12), 12*time.Minute), false},
	}
	if access.SessionMax != 12*(access.SessionIdle-time.Minute)+12*time.Minute {
		t.Fatalf("the table assumes SessionMax %v and SessionIdle %v", access.SessionMax, access.SessionIdle)
	}
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			if _, err := a.Access.CreateAdmin(a.Ctx, "eva", "Eva Ek", tillit.RoleOfficer, evaPW); err != nil {
				t.Fatal(err)
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					_, token, err := a.Access.SignIn(a.Ctx, "eva", evaPW)
					if err != nil {
						t.Fatal(err)
					}
					for i, d := range tc.waits {
						a.Clock.Add(d)
						_, err := a.Access.Session(a.Ctx, token)
						if last := i == len(tc.waits)-1; last && !tc.alive {
							wantCode(t, "the ended session", err, tillit.EUNAUTHORIZED)
						} else if err != nil {
							t.Fatalf("after wait %d of %v: %v", i+1, d, err)
						}
					}
				})
			}
		})
	}
}

// TestAPIKeys: a key's token is given once, authenticates until the key is
// revoked, an unknown scope is refused, and every bad token reads alike.
func TestAPIKeys(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			k, token, err := a.Access.CreateAPIKey(a.Ctx, "Webbshopen", []string{tillit.ScopeCollect, "read:newsletter"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(token, "tillit_"+k.ID+"_") || k.Hash != nil {
				t.Fatalf("key %+v, token %q; want a tillit_<id>_ token and no hash", k, token)
			}
			got, err := a.Access.Authenticate(a.Ctx, token)
			if err != nil || got.ID != k.ID || !got.Allows("read:newsletter") || got.Allows("read:analytics") {
				t.Fatalf("Authenticate = %+v, %v; want the key with its scopes", got, err)
			}
			// Shown once: the listing holds neither the token nor a hash.
			list, err := a.Access.APIKeys(a.Ctx)
			if err != nil || len(list) != 1 || list[0].Hash != nil || strings.Contains(list[0].Name+list[0].ID, token[len(token)-43:]) {
				t.Fatalf("APIKeys = %+v, %v; want the key alone, without its secret", list, err)
			}

			for _, scopes := range [][]string{nil, {"bogus"}, {"read:nonesuch"}, {tillit.ScopeCollect, "disclose:nonesuch"}} {
				_, tok, err := a.Access.CreateAPIKey(a.Ctx, "Fel", scopes)
				wantCode(t, strings.Join(scopes, ","), err, tillit.EINVALID)
				if tok != "" {
					t.Errorf("scopes %v: refused with a token", scopes)
				}
			}
			if list, _ := a.Access.APIKeys(a.Ctx); len(list) != 1 {
				t.Errorf("%d keys after the refusals, want 1", len(list))
			}

			other, otherToken, err := a.Access.CreateAPIKey(a.Ctx, "Bokföring", []string{tillit.ScopeAdmin})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Access.RevokeAPIKey(a.Ctx, k.ID); err != nil {
				t.Fatal(err)
			}
			if got, err := a.Access.Authenticate(a.Ctx, otherToken); err != nil || got.ID != other.ID {
				t.Fatalf("the other key after revoking one: %+v, %v", got, err)
			}
			wantCode(t, "revoking an unknown key", a.Access.RevokeAPIKey(a.Ctx, "ak_nonesuch"), tillit.ENOTFOUND)

			secret := token[len(token)-43:]
			var first string
			for name, tok := range map[string]string{
				"revoked":           token,
				"empty":             "",
				"garbage":           "garbage",
				"unknown key":       "tillit_ak_" + strings.Repeat("a", 24) + "_" + secret,
				"another's secret":  "tillit_" + other.ID + "_" + secret,
				"one letter off":    otherToken[:len(otherToken)-1] + flip(otherToken[len(otherToken)-1]),
				"the token twice":   otherToken + otherToken,
				"without prefix":    strings.TrimPrefix(otherToken, "tillit_"),
				"with Bearer in it": "Bearer " + otherToken,
			} {
				_, err := a.Access.Authenticate(a.Ctx, tok)
				wantCode(t, name, err, tillit.EUNAUTHORIZED)
				if first == "" {
					first = err.Error()
				} else if err.Error() != first {
					t.Errorf("%s: %q, unlike %q", name, err, first)
				}
			}
		})
	}
}

// flip returns another base64url character than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// TestAuditNamesUsersByID: what access audits names users and keys by
// their IDs, never a login, a name, a password or a token.
func TestAuditNamesUsersByID(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			eva, err := a.Access.CreateAdmin(a.Ctx, "eva.ek", "Eva Ek", tillit.RoleOfficer, evaPW)
			if err != nil {
				t.Fatal(err)
			}
			newPW := "ett helt nytt lösenord"
			if _, err := a.Access.ChangeAdmin(a.Ctx, "eva.ek", tillit.AdminChange{Password: &newPW}); err != nil {
				t.Fatal(err)
			}
			a.Access.SignIn(a.Ctx, "eva.ek", evaPW)
			a.Access.SignIn(a.Ctx, "okänd.person", evaPW)
			_, session, err := a.Access.SignIn(a.Ctx, "eva.ek", newPW)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Access.SignOut(a.Ctx, session); err != nil {
				t.Fatal(err)
			}
			k, token, err := a.Access.CreateAPIKey(a.Ctx, "Evas integration", []string{tillit.ScopeAdmin})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Access.RevokeAPIKey(a.Ctx, k.ID); err != nil {
				t.Fatal(err)
			}

			actions := map[string]int{}
			for _, e := range a.Audit(t) {
				actions[e.Action]++
				line := e.Actor + " " + e.Subject + " " + e.Detail
				for _, secret := range []string{"eva.ek", "Eva", "okänd", evaPW, newPW, session, token, token[len(token)-43:]} {
					if strings.Contains(line, secret) {
						t.Errorf("the audit entry %s holds %q: %s", e.Action, secret, line)
					}
				}
				if strings.HasPrefix(e.Action, "admin_") && !strings.Contains(line, eva.ID) && !strings.Contains(line, "user=unknown") {
					t.Errorf("the audit entry %s does not name the user by ID: %s", e.Action, line)
				}
			}
			for _, want := range []string{tillit.AuditAdminUserCreated, tillit.AuditAdminUserChanged, tillit.AuditAdminSignedIn,
				tillit.AuditAdminSignInFail, tillit.AuditAdminSignedOut, tillit.AuditAPIKeyCreated, tillit.AuditAPIKeyRevoked} {
				if actions[want] == 0 {
					t.Errorf("no %s entry in %v", want, actions)
				}
			}
		})
	}
}
