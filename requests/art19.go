package requests

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/letters"
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
			mail, err := noticeMail(r.Notify.Email, n)
			if err != nil {
				return out, err
			}
			m.Via, e.Mail = tillit.ViaEmail, mail
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
// English (letters.Art19).
func noticeMail(to string, n *Notice) (deliver.Mail, error) {
	ds := make([]letters.Disclosure, len(n.Disclosures))
	for i, d := range n.Disclosures {
		ds[i] = letters.Disclosure{ID: d.ID, Purpose: d.Purpose, At: d.At}
	}
	l, err := letters.Art19{Type: n.Type, Controller: n.Controller, Subject: n.Subject, Categories: n.Categories,
		Disclosures: ds, Changes: n.Changes}.Bilingual()
	return deliver.Mail{To: to, Lang: "sv", Subject: l.Subject, Text: l.Body}, err
}
