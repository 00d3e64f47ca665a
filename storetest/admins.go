package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/access"
)

// testAdmins creates users of the admin, signs them in and out, ends
// sessions by idleness, age, a new password and disabling, and checks
// that the audit log names users by ID only.
func testAdmins(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	const pw = "korrekt häst batteri"
	u, err := e.Access.CreateAdmin(e.Ctx, " eva.officer ", "Eva Dataskydd", tillit.RoleOfficer, pw)
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "eva.officer" || u.Hash != "" || !strings.HasPrefix(u.ID, "ad_") {
		t.Fatalf("created %+v: want trimmed login, no hash, ad_ ID", u)
	}
	_, err = e.Access.CreateAdmin(e.Ctx, "eva.officer", "Eva igen", tillit.RoleAuditor, pw)
	wantErr(t, err, tillit.ECONFLICT, "already taken")
	for _, bad := range []struct{ login, name, role, pw, want string }{
		{"", "N", "officer", pw, "user name"},
		{"two words", "N", "officer", pw, "user name"},
		{"x", "", "officer", pw, "name must"},
		{"x", "N", "boss", pw, "role"},
		{"x", "N", "auditor", "short", "at least 12"},
	} {
		_, err := e.Access.CreateAdmin(e.Ctx, bad.login, bad.name, tillit.AdminRole(bad.role), bad.pw)
		wantErr(t, err, tillit.EINVALID, bad.want)
	}
	us, err := e.Access.Admins(e.Ctx)
	if err != nil || len(us) != 1 || us[0].Hash != "" {
		t.Fatalf("Admins = %+v, %v; want Eva alone without hash", us, err)
	}
	var stored tillit.AdminUser
	e.Store.View(e.Ctx, func(tx tillit.Tx) error { stored, err = tx.AdminUser(u.ID); return err })
	if !strings.HasPrefix(stored.Hash, "$argon2id$") || strings.Contains(stored.Hash, pw) {
		t.Fatalf("stored hash %q is not an argon2id hash", stored.Hash)
	}

	// Wrong password, unknown login: one answer.
	for _, c := range [][2]string{{"eva.officer", "fel lösenord!!"}, {"nobody", pw}} {
		_, _, err := e.Access.SignIn(e.Ctx, c[0], c[1])
		wantErr(t, err, tillit.EUNAUTHORIZED, "Wrong user name or password")
	}
	got, token, err := e.Access.SignIn(e.Ctx, "eva.officer", pw)
	if err != nil || got.ID != u.ID || token == "" {
		t.Fatalf("SignIn = %+v, %q, %v", got, token, err)
	}
	if got, err := e.Access.Session(e.Ctx, token); err != nil || got.ID != u.ID || got.Role != tillit.RoleOfficer {
		t.Fatalf("Session = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "garbage", strings.Repeat("A", 43)} {
		_, err := e.Access.Session(e.Ctx, bad)
		wantErr(t, err, tillit.EUNAUTHORIZED, "not signed in")
	}

	// Used within the idle time it lives on; idle longer it ends.
	e.Clock.Add(access.SessionIdle - time.Minute)
	if _, err := e.Access.Session(e.Ctx, token); err != nil {
		t.Fatalf("session used within the idle time: %v", err)
	}
	e.Clock.Add(access.SessionIdle + time.Second)
	_, err = e.Access.Session(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED, "not signed in")

	// However used, it ends after SessionMax.
	_, token, _ = e.Access.SignIn(e.Ctx, "eva.officer", pw)
	for elapsed := time.Duration(0); elapsed < access.SessionMax-time.Hour; elapsed += 30 * time.Minute {
		e.Clock.Add(30 * time.Minute)
		if _, err := e.Access.Session(e.Ctx, token); err != nil {
			t.Fatalf("session after %v: %v", elapsed, err)
		}
	}
	e.Clock.Add(90 * time.Minute)
	_, err = e.Access.Session(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED, "not signed in")

	// Sign-out, a new password and disabling end sessions.
	_, token, _ = e.Access.SignIn(e.Ctx, "eva.officer", pw)
	if err := e.Access.SignOut(e.Ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = e.Access.Session(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED)
	_, token, _ = e.Access.SignIn(e.Ctx, "eva.officer", pw)
	newPW := "ett helt nytt lösenord"
	if _, err := e.Access.ChangeAdmin(e.Ctx, "eva.officer", tillit.AdminChange{Password: &newPW}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Access.Session(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED)
	_, _, err = e.Access.SignIn(e.Ctx, "eva.officer", pw)
	wantErr(t, err, tillit.EUNAUTHORIZED)
	_, token, err = e.Access.SignIn(e.Ctx, "eva.officer", newPW)
	if err != nil {
		t.Fatal(err)
	}
	off := true
	if _, err := e.Access.ChangeAdmin(e.Ctx, "eva.officer", tillit.AdminChange{Disabled: &off}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Access.Session(e.Ctx, token)
	wantErr(t, err, tillit.EUNAUTHORIZED)
	_, _, err = e.Access.SignIn(e.Ctx, "eva.officer", newPW)
	wantErr(t, err, tillit.EUNAUTHORIZED, "Wrong user name or password")
	_, err = e.Access.ChangeAdmin(e.Ctx, "nobody", tillit.AdminChange{Disabled: &off})
	wantErr(t, err, tillit.ENOTFOUND)

	// The audit log names the user by ID, never login, name or password.
	if n := len(auditOf(t, e, tillit.AuditAdminSignedIn, "")); n != 5 {
		t.Errorf("%d sign-ins audited, want 5", n)
	}
	if n := len(auditOf(t, e, tillit.AuditAdminSignInFail, "")); n != 4 {
		t.Errorf("%d failed sign-ins audited, want 4", n)
	}
	for _, a := range []string{tillit.AuditAdminUserCreated, tillit.AuditAdminUserChanged, tillit.AuditAdminSignedIn, tillit.AuditAdminSignInFail, tillit.AuditAdminSignedOut} {
		es := auditOf(t, e, a, "")
		if len(es) == 0 {
			t.Errorf("no %s entry", a)
		}
		for _, en := range es {
			line := en.Actor + " " + en.Detail
			for _, secret := range []string{"eva", "Eva", "korrekt", "nytt", "nobody"} {
				if strings.Contains(line, secret) {
					t.Errorf("audit %s holds %q: %s", a, secret, line)
				}
			}
		}
	}
	e.Verify(t)
}

// testConfirmByOfficer confirms a request the officer identified by other
// means: it is matched and confirmed like one confirmed by code, the audit
// entry says the officer did it, and only a waiting request can be.
func testConfirmByOfficer(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	subj := e.customer(t)
	r, _ := e.submit(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail, Lang: tillit.Swedish})
	got, err := e.Requests.ConfirmByOfficer(tillit.WithActor(e.Ctx, "admin:ad_x"), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != tillit.StateConfirmed || got.Subject != subj || got.Details.Email != "" {
		t.Fatalf("confirmed by officer: %+v; want confirmed, matched, no details", got)
	}
	es := auditOf(t, e.Env, "request_confirmed", subj)
	if len(es) != 1 || !strings.Contains(es[0].Detail, "by=officer") || es[0].Actor != "admin:ad_x" {
		t.Fatalf("audit %+v; want one entry by the officer", es)
	}
	_, err = e.Requests.ConfirmByOfficer(e.Ctx, r.ID)
	wantErr(t, err, tillit.EINVALID, "not waiting")
	_, err = e.Requests.ConfirmByOfficer(e.Ctx, "rq_nonesuch")
	wantErr(t, err, tillit.ENOTFOUND)
}
