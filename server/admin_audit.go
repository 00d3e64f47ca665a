package server

import (
	"context"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"

	"github.com/tillit-privacy/tillit"
)

// The audit page: the latest entries of the hash-chained audit log, a
// page at a time, newest first (they hold no personal data by design),
// and the verification of the whole chain. Verifying reads the whole log
// and writes an entry of its own, so it is a post, run when asked and not
// on a reload or a prefetch; it changes nothing else, so auditors may
// run it.

func (s *Server) registerAdminAudit(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/audit", tillit.RoleAuditor, s.auditPage)
	s.adminRoute(mux, "POST /admin/audit/verify", tillit.RoleAuditor, s.auditPage)
	// An old link or bookmark to the verification shows the page, where
	// the button verifies.
	mux.HandleFunc("GET /admin/audit/verify", func(w http.ResponseWriter, r *http.Request) {
		to := "/admin/audit"
		if l, ok := tillit.ParseLang(r.URL.Query().Get("lang")); ok {
			to += "?lang=" + string(l)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
}

// auditVerified is the audit action of a verification through the admin.
const auditVerified = "audit_verified"

type auditRow struct {
	tillit.AuditEntry
	Actor, Hash string
}

type verifyResult struct {
	Intact  bool
	Entries int64
	At      string // the entry number where it breaks, if known
	Broken  string // the technical detail, in English
	Head    string
}

type auditData struct {
	Verify       *verifyResult
	Entries      []auditRow
	Head         int64
	Newer, Older int64 // "before" values of the neighbouring pages; 0 for none
	Latest       bool  // this is not the first page
}

// brokenAt finds the entry a chain break names.
var brokenAt = regexp.MustCompile(`entry (\d+)`)

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.audit")
	var d auditData
	if r.Method == http.MethodPost {
		rep, err := s.Audit.Verify(a.Ctx)
		if err != nil {
			s.pageFailed(w, r, "admin", err)
			return
		}
		v := &verifyResult{Intact: rep.Broken == "", Entries: rep.Entries, Broken: rep.Broken, Head: hex.EncodeToString(rep.Head)}
		if m := brokenAt.FindStringSubmatch(rep.Broken); m != nil {
			v.At = m[1]
		}
		d.Verify = v
		detail := "entries=" + strconv.FormatInt(rep.Entries, 10) + " intact=" + strconv.FormatBool(v.Intact)
		if err := s.Vault.AuditCall(a.Ctx, auditVerified, detail); err != nil {
			s.pageFailed(w, r, "admin", err)
			return
		}
	}
	entries, err := s.auditPageOf(a.Ctx, r, &d)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	names := s.actors(a.Ctx)
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		h := hex.EncodeToString(e.Hash)
		if len(h) > 10 {
			h = h[:10]
		}
		d.Entries = append(d.Entries, auditRow{AuditEntry: e, Actor: names.Name(e.Actor), Hash: h})
	}
	if d.Verify != nil {
		p.Other = "/admin/audit?lang=" + string(otherLang(p.Lang)) // not verifying again
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/audit.html", p)
}

// auditPageOf reads the page of entries r asks for (?before=SEQ, else the
// newest) and sets d's head and links to the pages around it.
func (s *Server) auditPageOf(ctx context.Context, r *http.Request, d *auditData) ([]tillit.AuditEntry, error) {
	head, err := s.Audit.Head(ctx)
	if err != nil {
		return nil, err
	}
	d.Head = head
	before := head + 1
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 && b <= head {
		before = b
	}
	from := max(before-1-pageSize, 0)
	entries, err := s.Audit.Entries(ctx, from, int(before-1-from))
	if err != nil {
		return nil, err
	}
	if from > 0 {
		d.Older = from + 1
	}
	if before <= head {
		d.Latest = true
		if before+pageSize <= head {
			d.Newer = before + pageSize
		}
	}
	return entries, nil
}
