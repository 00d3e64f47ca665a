package server

import (
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

func init() {
	addTexts(map[string]tillit.Text{
		"admin.audit":             {SV: "Logg", EN: "Audit log"},
		"admin.audit_lead":        {SV: "Varje läsning, ändring, utlämnande och radering loggas med vem, vad och vilken registrerad (bara id, aldrig värden). Posterna är länkade med hashar, så att ändrade eller borttagna poster upptäcks.", EN: "Every read, change, disclosure and deletion is logged with who, what and which data subject (IDs only, never values). The entries are linked by hashes, so that altered or removed entries are noticed."},
		"admin.verify_h":          {SV: "Kontrollera kedjan", EN: "Verify the chain"},
		"admin.verify_hint":       {SV: "Läser hela loggen och kontrollerar varje länk. Kontrollen loggas.", EN: "Reads the whole log and checks every link. The check is logged."},
		"admin.verify":            {SV: "Kontrollera nu", EN: "Verify now"},
		"admin.verify_ok":         {SV: "Kedjan är hel: %d poster kontrollerade.", EN: "The chain is intact: %d entries checked."},
		"admin.verify_broken":     {SV: "Kedjan är bruten vid post %s.", EN: "The chain is broken at entry %s."},
		"admin.verify_broken_any": {SV: "Kedjan är bruten.", EN: "The chain is broken."},
		"admin.verify_detail":     {SV: "Tekniskt besked", EN: "Technical detail"},
		"admin.verify_head":       {SV: "Senaste hela postens hash (spara den på annat håll för att förankra loggen)", EN: "The last good entry's hash (keep it elsewhere to anchor the log)"},
		"admin.entries_h":         {SV: "Senaste posterna", EN: "Latest entries"},
		"admin.entries_count":     {SV: "%d poster totalt.", EN: "%d entries in all."},
		"admin.col.seq":           {SV: "Nr", EN: "No."},
		"admin.col.action":        {SV: "Åtgärd", EN: "Action"},
		"admin.col.detail":        {SV: "Detaljer", EN: "Detail"},
		"admin.col.hash":          {SV: "Hash", EN: "Hash"},
		"admin.newer":             {SV: "Nyare", EN: "Newer"},
		"admin.older":             {SV: "Äldre", EN: "Older"},
		"admin.latest":            {SV: "Senaste", EN: "Latest"},
	})
}

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
	var entries []tillit.AuditEntry
	err := s.Store.View(a.Ctx, func(tx tillit.Tx) error {
		head, _, err := tx.AuditHead()
		if err != nil {
			return err
		}
		d.Head = head
		before := head + 1
		if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 && b <= head {
			before = b
		}
		from := max(before-1-pageSize, 0)
		entries, err = tx.Audit(from, int(before-1-from))
		if err != nil {
			return err
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
		return nil
	})
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
