package notice

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// Activity is one row of the record of processing activities (GDPR art.
// 30(1)): one purpose of one controller.
type Activity struct {
	Controller        string   `json:"controller"`
	OrgNumber         string   `json:"org_number,omitempty"`
	Contact           string   `json:"contact"`
	DPO               string   `json:"dpo,omitempty"`
	PurposeID         string   `json:"purpose_id"`
	Purpose           string   `json:"purpose"`                      // art. 30(1)(b)
	Description       string   `json:"description"`                  // art. 30(1)(b)
	LegalBasis        string   `json:"legal_basis"`                  // art. 6(1)
	BasisDetail       string   `json:"basis_detail,omitempty"`       // interest, law or withdrawal
	Art9Condition     string   `json:"art9_condition,omitempty"`     // art. 9(2)
	DataSubjects      []string `json:"data_subjects"`                // art. 30(1)(c)
	Categories        []string `json:"categories"`                   // art. 30(1)(c)
	SpecialCategories []string `json:"special_categories,omitempty"` // art. 9, 10
	Sources           []string `json:"sources"`
	Recipients        []string `json:"recipients"` // art. 30(1)(d)
	Transfers         []string `json:"transfers"`  // art. 30(1)(e)
	Retention         []string `json:"retention"`  // art. 30(1)(f)
	LegalHolds        []string `json:"legal_holds,omitempty"`
	Security          string   `json:"security,omitempty"` // art. 30(1)(g)
}

// Record returns the record of processing activities of p, one Activity per
// purpose, with labels in lang.
func Record(p *tillit.Policy, lang tillit.Lang) []Activity {
	w := newWords(lang)
	v := build(p, lang)
	c := p.Controller()
	contact := strings.Join(nonEmpty(c.Address, c.Email, c.Phone), ", ")
	var out []Activity
	for i, x := range p.Purposes() {
		pv := v.Purposes[i]
		a := Activity{
			Controller: c.Name, OrgNumber: c.OrgNumber, Contact: contact, DPO: v.Controller.DPO,
			PurposeID: x.ID, Purpose: pv.Label, Description: pv.Description,
			LegalBasis: strings.TrimSuffix(pv.Basis, "."), Art9Condition: strings.TrimSuffix(pv.Art9, "."),
			Categories: labels(p, x.Categories, lang), Sources: pv.Sources, Retention: pv.Retention,
			Security: v.Security, DataSubjects: []string{}, Recipients: []string{}, Transfers: []string{},
		}
		a.BasisDetail = strings.TrimSpace(strings.Join(nonEmpty(pv.Interest, pv.Balancing, pv.Obligation, x.Consent.Withdraw.In(lang)), " "))
		for _, id := range x.Categories {
			if cat, _ := p.Category(id); cat.Special != "" {
				a.SpecialCategories = append(a.SpecialCategories, cat.Label.In(lang)+" ("+w.t("special."+string(cat.Special))+")")
			}
		}
		// Art. 30(1)(c): the categories of data subjects as the register
		// states them, or else described by where their data enters.
		for _, t := range x.DataSubjects {
			a.DataSubjects = append(a.DataSubjects, t.In(lang))
		}
		if len(x.DataSubjects) == 0 {
			for _, cp := range p.PointsServing(x.ID) {
				a.DataSubjects = append(a.DataSubjects, cp.Label.In(lang))
			}
		}
		for _, r := range p.RecipientsFor(x.ID) {
			a.Recipients = append(a.Recipients, r.Name+" ("+w.t("role."+string(r.Role))+")")
			if !r.InEEA() {
				t := r.Name + ": " + w.country(r.Country)
				if r.Safeguard != "" {
					t += ", " + w.t("safeguard."+string(r.Safeguard))
				}
				a.Transfers = append(a.Transfers, t)
			}
		}
		for _, id := range x.Categories {
			for _, h := range p.HoldsOn(id) {
				t := h.Law.In(lang)
				found := false
				for _, s := range a.LegalHolds {
					found = found || s == t
				}
				if !found {
					a.LegalHolds = append(a.LegalHolds, t)
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// WriteRecordJSON writes the record as a JSON array.
func WriteRecordJSON(w io.Writer, acts []Activity) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(acts)
}

var csvHeader = []string{"controller", "org_number", "contact", "dpo", "purpose_id", "purpose", "description",
	"legal_basis", "basis_detail", "art9_condition", "data_subjects", "categories", "special_categories",
	"sources", "recipients", "transfers", "retention", "legal_holds", "security"}

// WriteRecordCSV writes the record as CSV, one row per purpose; lists are
// joined with "; ".
func WriteRecordCSV(w io.Writer, acts []Activity) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	j := func(ss []string) string { return strings.Join(ss, "; ") }
	for _, a := range acts {
		row := []string{a.Controller, a.OrgNumber, a.Contact, a.DPO, a.PurposeID, a.Purpose, a.Description,
			a.LegalBasis, a.BasisDetail, a.Art9Condition, j(a.DataSubjects), j(a.Categories), j(a.SpecialCategories),
			j(a.Sources), j(a.Recipients), j(a.Transfers), j(a.Retention), j(a.LegalHolds), a.Security}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
