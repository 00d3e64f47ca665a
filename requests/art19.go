package requests

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
)

// auditNotified is the audit action of an art. 19 notice queued.
const auditNotified = "art19_queued"

// Notice is what a recipient is told of a rectification, erasure or
// restriction (GDPR art. 19), as the JSON body of the webhook. It names
// the person by their pseudonymous ID and the disclosures concerned, by
// which the recipient finds what it received; only a rectification
// carries values, the corrected ones.
type Notice struct {
	Type        string            `json:"type"` // tillit.art19.rectification, .erasure or .restriction
	Controller  string            `json:"controller"`
	Subject     string            `json:"subject"`
	Categories  []string          `json:"categories"`
	Disclosures []NoticeRef       `json:"disclosures"`
	Changes     map[string]string `json:"changes,omitempty"`
	At          time.Time         `json:"at"`
}

// NoticeRef is a disclosure a notice concerns.
type NoticeRef struct {
	ID      string    `json:"id"`
	Purpose string    `json:"purpose"`
	Case    string    `json:"case,omitempty"`
	At      time.Time `json:"at"`
}

// notify queues a notice to every recipient the person's data of cats
// (all categories when cats is nil) was disclosed to, by the channel the
// register names for it. Recipients with no channel are returned as
// manual: the officer must tell them.
func (s *Service) notify(ctx context.Context, tx tillit.Tx, subj, request, kind string, cats []string, changes map[string]string, now time.Time) (tillit.Notified, error) {
	var out tillit.Notified
	ds, err := tx.Disclosures(subj)
	if err != nil {
		return out, err
	}
	pol := s.c.Policy()
	by := map[string]*Notice{}
	var order []string
	for _, d := range ds {
		var hit []string
		for _, c := range d.Categories {
			if cats == nil || slices.Contains(cats, c) {
				hit = append(hit, c)
			}
		}
		if len(hit) == 0 {
			continue
		}
		n, ok := by[d.Recipient]
		if !ok {
			n = &Notice{Type: "tillit.art19." + kind, Controller: pol.Controller().Name, Subject: subj, At: now}
			by[d.Recipient] = n
			order = append(order, d.Recipient)
		}
		n.Disclosures = append(n.Disclosures, NoticeRef{ID: d.ID, Purpose: d.Purpose, Case: d.Case, At: d.At})
		for _, c := range hit {
			if !slices.Contains(n.Categories, c) {
				n.Categories = append(n.Categories, c)
			}
		}
	}
	for _, id := range order {
		n := by[id]
		if changes != nil {
			n.Changes = map[string]string{}
			for _, c := range n.Categories {
				if val, ok := changes[c]; ok {
					n.Changes[c] = val
				}
			}
		}
		r, _ := pol.Recipient(id)
		m := tillit.Message{Topic: "art19", Request: request, Subject: subj, Recipient: id}
		var e core.Envelope
		switch {
		case r.Notify.Webhook != "":
			body, err := json.Marshal(n)
			if err != nil {
				return out, err
			}
			m.Via, e.URL, e.Body = tillit.ViaWebhook, r.Notify.Webhook, body
		case r.Notify.Email != "":
			m.Via, e.Mail = tillit.ViaEmail, noticeMail(r.Notify.Email, n)
		default:
			out.Manual = append(out.Manual, id)
			continue
		}
		if _, err := s.c.Queue(ctx, tx, m, e, now); err != nil {
			return out, err
		}
		out.Queued = append(out.Queued, id)
	}
	if len(order) == 0 {
		return out, nil
	}
	return out, s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditNotified, Subject: subj,
		Detail: "kind=" + kind + " queued=" + strings.Join(out.Queued, ",") + " manual=" + strings.Join(out.Manual, ",")})
}

// noticeMail is a notice as an e-mail to an organisation, in Swedish and
// English.
func noticeMail(to string, n *Notice) deliver.Mail {
	kinds := map[string]tillit.Text{
		"tillit.art19.rectification": {SV: "rättelse", EN: "rectification"},
		"tillit.art19.erasure":       {SV: "radering", EN: "erasure"},
		"tillit.art19.restriction":   {SV: "begränsning av behandling", EN: "restriction of processing"},
	}
	k := kinds[n.Type]
	var refs []string
	for _, d := range n.Disclosures {
		refs = append(refs, fmt.Sprintf("%s (%s, %s)", d.ID, d.Purpose, d.At.In(tillit.Stockholm).Format(time.DateOnly)))
	}
	var changes []string
	for _, c := range n.Categories {
		if val, ok := n.Changes[c]; ok {
			changes = append(changes, c+": "+val)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Hej,\n\n%s meddelar enligt artikel 19 i dataskyddsförordningen att personuppgifter som vi har lämnat ut till er har blivit föremål för %s.\n\n", n.Controller, k.SV)
	fmt.Fprintf(&b, "Person (pseudonym): %s\nKategorier: %s\nUtlämnanden: %s\n", n.Subject, strings.Join(n.Categories, ", "), strings.Join(refs, "; "))
	if len(changes) > 0 {
		fmt.Fprintf(&b, "Rättade uppgifter: %s\n", strings.Join(changes, "; "))
	}
	b.WriteString("\nVänligen genomför motsvarande åtgärd hos er.\n\n---\n\n")
	fmt.Fprintf(&b, "Hello,\n\nUnder Article 19 GDPR, %s informs you that personal data we disclosed to you has been subject to %s.\n\n", n.Controller, k.EN)
	fmt.Fprintf(&b, "Person (pseudonym): %s\nCategories: %s\nDisclosures: %s\n", n.Subject, strings.Join(n.Categories, ", "), strings.Join(refs, "; "))
	if len(changes) > 0 {
		fmt.Fprintf(&b, "Corrected data: %s\n", strings.Join(changes, "; "))
	}
	b.WriteString("\nPlease carry out the same on your side.\n")
	return deliver.Mail{
		To: to, Lang: "sv",
		Subject: fmt.Sprintf("Artikel 19 GDPR: %s / Article 19 GDPR: %s", k.SV, k.EN),
		Text:    b.String(),
	}
}
