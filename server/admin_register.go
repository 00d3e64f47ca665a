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

func init() {
	addTexts(map[string]tillit.Text{
		"admin.register":         {SV: "Register", EN: "Register"},
		"admin.register_lead":    {SV: "Registret över behandlingar styr allt Tillit gör. Här finns integritetspolicyn, registerförteckningen och det granskningen hittade.", EN: "The register of processing governs all Tillit does. Here are the privacy notice, the record of processing activities and what the check found."},
		"admin.register_file":    {SV: "Fil", EN: "File"},
		"admin.register_version": {SV: "Version", EN: "Version"},
		"admin.register_org":     {SV: "Personuppgiftsansvarig", EN: "Controller"},
		"admin.notice_h":         {SV: "Integritetspolicy", EN: "Privacy notice"},
		"admin.notice_hint":      {SV: "Så som den visas för alla på /privacy, alltid från registret i kraft.", EN: "As everyone sees it at /privacy, always from the register in force."},
		"admin.notice_sv":        {SV: "Öppna på svenska", EN: "Open in Swedish"},
		"admin.notice_en":        {SV: "Öppna på engelska", EN: "Open in English"},
		"admin.notice_md":        {SV: "Markdown (%s)", EN: "Markdown (%s)"},
		"admin.ropa_h":           {SV: "Registerförteckning (art. 30)", EN: "Record of processing activities (art. 30)"},
		"admin.ropa_hint":        {SV: "En rad per ändamål, för tillsynsmyndigheten eller revisionen.", EN: "One row per purpose, for the supervisory authority or the audit."},
		"admin.ropa_csv":         {SV: "CSV (%s)", EN: "CSV (%s)"},
		"admin.ropa_json":        {SV: "JSON (%s)", EN: "JSON (%s)"},
		"admin.lint_h":           {SV: "Granskning", EN: "Check"},
		"admin.lint_hint":        {SV: "Vad tillit policy check säger om registret i kraft, med rad och kolumn i filen.", EN: "What tillit policy check says about the register in force, with line and column in the file."},
		"admin.lint_none":        {SV: "Granskningen hittade inget att anmärka på.", EN: "The check found nothing to remark on."},
		"admin.col.position":     {SV: "Plats", EN: "Position"},
		"admin.col.severity":     {SV: "Allvar", EN: "Severity"},
		"admin.col.check":        {SV: "Kontroll", EN: "Check"},
		"admin.col.finding":      {SV: "Anmärkning", EN: "Finding"},
		"admin.severity.error":   {SV: "fel", EN: "error"},
		"admin.severity.warning": {SV: "varning", EN: "warning"},
		"admin.purposes_h":       {SV: "Ändamål", EN: "Purposes"},
		"admin.col.basis":        {SV: "Rättslig grund", EN: "Legal basis"},
		"admin.col.retention":    {SV: "Gallring", EN: "Retention"},
		"admin.ropa_format":      {SV: "Välj format: csv eller json.", EN: "Choose a format: csv or json."},
		"admin.findings_count":   {SV: "%d anmärkningar", EN: "%d findings"},
	})
}

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
