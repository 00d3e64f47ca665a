package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The admin is the privacy officer's web UI under /admin: server-rendered
// pages behind a sign-in (vault.SignIn; argon2id passwords), a session
// cookie, http.CrossOriginProtection against cross-site form posts, and
// two roles: officers act, auditors only read.

// sessionCookie holds the admin session's token.
const sessionCookie = "tillit_admin"

// adminReq is a signed-in request: the user, and a context whose actor
// is the user (admin:<id>) for the vault's audit entries.
type adminReq struct {
	User tillit.AdminUser
	Ctx  context.Context
}

// adminHandler is a page or action of the admin.
type adminHandler func(w http.ResponseWriter, r *http.Request, a *adminReq)

// adminNav is the admin's navigation, in order: path and text key.
var adminNav = [][2]string{
	{"/admin", "admin.nav.dashboard"},
	{"/admin/requests", "admin.nav.requests"},
	{"/admin/subjects", "admin.nav.subjects"},
	{"/admin/incidents", "admin.nav.incidents"},
	{"/admin/retention", "admin.nav.retention"},
	{"/admin/register", "admin.nav.register"},
	{"/admin/audit", "admin.nav.audit"},
	{"/admin/outbox", "admin.nav.outbox"},
}

// registerAdmin adds the admin's routes to mux. Every route goes through
// s.adminRoute, which signs in, checks the role and refuses cross-site
// posts.
func (s *Server) registerAdmin(mux *http.ServeMux) {
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := s.page(r, "admin", "admin.forbidden")
		p.Data = text("admin.cross_site", p.Lang)
		s.log().Warn("cross-origin form post refused", "route", "admin")
		s.render(w, http.StatusForbidden, "error.html", p)
	}))
	mux.Handle("GET /admin/login", s.cop.Handler(http.HandlerFunc(s.loginPage)))
	mux.Handle("POST /admin/login", s.cop.Handler(http.HandlerFunc(s.login)))
	mux.Handle("POST /admin/logout", s.cop.Handler(http.HandlerFunc(s.logout)))
	s.adminRoute(mux, "GET /admin", tillit.RoleAuditor, s.dashboard)
	s.registerAdminRequests(mux)
	s.registerAdminPages(mux)
}

// adminRoute registers an admin page or action that needs a signed-in
// user of at least role (an officer may do all an auditor may).
func (s *Server) adminRoute(mux *http.ServeMux, pattern string, role tillit.AdminRole, h adminHandler) {
	mux.Handle(pattern, s.cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := ""
		if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
		u, err := s.Access.Session(r.Context(), token)
		if err != nil {
			if tillit.ErrorCode(err) != tillit.EUNAUTHORIZED {
				s.pageFailed(w, r, "admin", err)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			p := s.page(r, "admin", "admin.forbidden")
			p.Data = text("admin.session_ended", p.Lang)
			s.render(w, http.StatusUnauthorized, "error.html", p)
			return
		}
		if role == tillit.RoleOfficer && u.Role != tillit.RoleOfficer {
			p := s.adminPage(r, &adminReq{User: u}, "admin.forbidden")
			p.Data = text("admin.read_only", p.Lang)
			s.render(w, http.StatusForbidden, "error.html", p)
			return
		}
		h(w, r, &adminReq{User: u, Ctx: tillit.WithActor(r.Context(), "admin:"+u.ID)})
	})))
}

// adminPage returns an admin page with its navigation and the user.
func (s *Server) adminPage(r *http.Request, a *adminReq, title string) *Page {
	p := s.page(r, "admin", title)
	p.User = a.User.Name + " (" + text("admin.role."+string(a.User.Role), p.Lang) + ")"
	for _, n := range adminNav {
		cur := r.URL.Path == n[0] || n[0] != "/admin" && strings.HasPrefix(r.URL.Path, n[0]+"/")
		p.Nav = append(p.Nav, NavLink{Href: n[0], Label: text(n[1], p.Lang), Current: cur})
	}
	if f := r.URL.Query().Get("done"); f != "" {
		p.Flash = text("admin.done."+f, p.Lang)
		if strings.HasPrefix(p.Flash, "[") {
			p.Flash = ""
		}
	}
	return p
}

// pageFailed answers an error of the vault on a page, with the status of
// its code by the one table (statusOf): not found, the vault's own words
// for a refusal, or (logged, without detail) the server's own failure.
func (s *Server) pageFailed(w http.ResponseWriter, r *http.Request, area string, err error) {
	p := s.page(r, area, "web.error")
	switch status := statusOf(err); {
	case status == http.StatusNotFound:
		p.Title = text("admin.not_found", p.Lang)
		p.Data = text("admin.not_found_text", p.Lang)
		s.render(w, status, "error.html", p)
	case status < http.StatusInternalServerError:
		p.Data = errText(err, p.Lang)
		s.render(w, status, "error.html", p)
	default:
		s.log().Error("page failed", "area", area, "error", err.Error())
		p.Data = text("web.internal", p.Lang)
		s.render(w, http.StatusInternalServerError, "error.html", p)
	}
}

type loginData struct {
	Login string
	Next  string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, "admin", "admin.login")
	p.Data = loginData{Next: safeNext(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("out") == "1" {
		p.Flash = text("admin.signed_out", p.Lang)
	}
	s.render(w, http.StatusOK, "admin/login.html", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	p := s.page(r, "admin", "admin.login")
	if err := r.ParseForm(); err != nil {
		p.Data = loginData{Next: "/admin"}
		p.Error = text("admin.form_unreadable", p.Lang)
		s.render(w, http.StatusBadRequest, "admin/login.html", p)
		return
	}
	login, next := r.PostFormValue("login"), safeNext(r.PostFormValue("next"))
	p.Data = loginData{Login: login, Next: next}
	if !s.limits.allowLogin(loginAddr(r)) || !s.limits.allowLogin(loginKey(login)) {
		p.Error = text("admin.login_limited", p.Lang)
		w.Header().Set("Retry-After", "60")
		s.render(w, http.StatusTooManyRequests, "admin/login.html", p)
		return
	}
	_, token, err := s.Access.SignIn(r.Context(), login, r.PostFormValue("password"))
	switch {
	case tillit.ErrorCode(err) == tillit.EUNAUTHORIZED:
		p.Error = text("admin.login_failed", p.Lang)
		s.render(w, http.StatusUnauthorized, "admin/login.html", p)
		return
	case err != nil:
		s.pageFailed(w, r, "admin", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/admin", HttpOnly: true,
		Secure: s.isHTTPS(r), SameSite: http.SameSiteStrictMode, MaxAge: int((12 * time.Hour).Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Access.SignOut(r.Context(), c.Value); err != nil {
			s.pageFailed(w, r, "admin", err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/admin", HttpOnly: true,
		Secure: s.isHTTPS(r), SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/admin/login?out=1&lang="+string(Lang(r)), http.StatusSeeOther)
}

// loginAddr is the address sign-in attempts are counted by: an IPv6
// client by its /64, which one host usually holds whole.
func loginAddr(r *http.Request) string {
	addr := clientAddr(r)
	if ip, err := netip.ParseAddr(addr); err == nil && ip.Is6() && !ip.Is4In6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return addr
}

// loginKey is the user name sign-in attempts are also counted by, hashed
// so that the limiter's memory holds no user names.
func loginKey(login string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(login))))
	return "login:" + hex.EncodeToString(h[:16])
}

// safeNext returns where to go after signing in: a path of the admin, or
// the dashboard; never another site.
func safeNext(next string) string {
	if next == "/admin" || strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "/admin/login") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin"
}

// isHTTPS reports whether the browser reached Tillit over TLS, directly,
// through a proxy that says so, or as the public URL says it does.
func (s *Server) isHTTPS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" || strings.HasPrefix(s.Centre.PublicURL(), "https://")
}
