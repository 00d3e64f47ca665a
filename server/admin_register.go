package server

import (
	"bytes"
	"net/http"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
	"github.com/tillit-privacy/tillit/register"
)

// The register page: the notice as /privacy shows it, the record of
// processing activities to download, what the checker found, and a
// summary of the purposes.

func (s *Server) registerAdminRegister(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/register", tillit.RoleAuditor, s.registerPage)
	s.adminRoute(mux, "GET /admin/register/ropa", tillit.RoleAuditor, s.ropaFile)
}

type findingRow struct {
	register.Problem
	Error bool
}

type purposeRow struct {
	ID, Label, Basis string
	Retention        []string
}

type registerData struct {
	File       string
	Controller tillit.Controller
	Version    string
	Findings   []findingRow
	Errors     int
	Purposes   []purposeRow
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.register")
	pol := s.Vault.Policy()
	d := registerData{File: s.RegisterFile, Controller: pol.Controller(), Version: pol.Controller().PolicyVersion}
	for _, f := range s.Findings {
		d.Findings = append(d.Findings, findingRow{Problem: f, Error: f.Severity == register.Error})
		if f.Severity == register.Error {
			d.Errors++
		}
	}
	ropa := notice.Record(pol, p.Lang)
	for i, pr := range pol.Purposes() {
		row := purposeRow{ID: pr.ID, Label: purposeLabel(pol, pr.ID, p.Lang), Basis: text("admin.basis."+string(pr.Basis), p.Lang)}
		if i < len(ropa) && ropa[i].PurposeID == pr.ID {
			row.Retention = ropa[i].Retention
		}
		d.Purposes = append(d.Purposes, row)
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/register.html", p)
}

// ropaFile downloads the record of processing activities (GDPR art.
// 30(1)) as CSV or JSON, as the API's GET /v1/register/ropa does.
func (s *Server) ropaFile(w http.ResponseWriter, r *http.Request, a *adminReq) {
	q := r.URL.Query()
	lang, ok := tillit.ParseLang(q.Get("in"))
	if !ok {
		lang = Lang(r)
	}
	write, ct := notice.WriteRecordJSON, "application/json"
	switch q.Get("format") {
	case "json":
	case "csv":
		write, ct = notice.WriteRecordCSV, "text/csv; charset=utf-8"
	default:
		s.pageFailed(w, r, "admin", tillit.Errorl(tillit.EINVALID, "admin.ropa", tillit.Text{
			SV: text("admin.ropa_format", tillit.Swedish), EN: text("admin.ropa_format", tillit.English),
		}))
		return
	}
	var b bytes.Buffer
	if err := write(&b, notice.Record(s.Vault.Policy(), lang)); err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="ropa-`+string(lang)+"."+q.Get("format")+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}
