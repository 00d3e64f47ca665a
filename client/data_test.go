package client_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

func testCollectUse(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc, err := s.client("collect").Collect(ctx, p.form())
	if err != nil {
		t.Fatal(err)
	}
	if rc.Subject != "" || rc.Created || len(rc.Items) != 4 {
		t.Errorf("a key that may only collect got %+v: want the items and no subject", rc)
	}
	subj, err := s.client("find").Find(ctx, tillit.TypeEmail, p.Email)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.client("read:brokering").Use(ctx, subj.ID, "brokering")
	if err != nil {
		t.Fatal(err)
	}
	got := values(items)
	for cat, want := range map[string]string{"name": p.Name, "email": p.Email, "ip_address": "192.0.2.10"} {
		if got[cat] != want {
			t.Errorf("%s: %q, want %q", cat, got[cat], want)
		}
	}
	for _, it := range items {
		if it.Subject != subj.ID || it.Point != "broker_form" || !it.Provided || it.Collected.IsZero() {
			t.Errorf("item %+v", it)
		}
	}

	// Adding to a subject named in the submission.
	rc, err = s.client("collect").Collect(ctx, tillit.Submission{Point: "broker_email", Subject: subj.ID,
		Fields: map[string]string{"email": p.Email, "product_details": "Elavtal"}})
	if err != nil || rc.Subject != subj.ID {
		t.Fatalf("collect to a named subject: %+v, %v", rc, err)
	}
	if items, _ = s.client("admin").Use(ctx, subj.ID, "brokering"); values(items)["product_details"] != "Elavtal" {
		t.Errorf("after the second submission: %v", values(items))
	}
}

func testFind(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("find")
	for typ, v := range map[tillit.ValueType]string{
		tillit.TypeEmail: strings.ToUpper(p.Email), // normalised as collection does
		tillit.TypePhone: p.Phone,
	} {
		subj, err := c.Find(ctx, typ, v)
		if err != nil || subj.ID != rc.Subject || subj.Created.IsZero() {
			t.Errorf("find by %s: %+v, %v", typ, subj, err)
		}
	}
	_, err := c.Find(ctx, tillit.TypeEmail, "nobody.at.all@example.se")
	if !client.IsNotFound(err) {
		t.Fatalf("find nobody: %v", err)
	}
	problem(t, err, http.StatusNotFound)
	private(t, err, "nobody.at.all")

	subj, err := c.Subject(ctx, rc.Subject)
	if err != nil || subj.ID != rc.Subject || subj.Restricted || subj.IsErased() {
		t.Errorf("subject: %+v, %v", subj, err)
	}
	if _, err := c.Subject(ctx, "sub_nobody"); !client.IsNotFound(err) {
		t.Errorf("an unknown subject: %v", err)
	}
	if _, err := c.Subject(ctx, "../v1/requests"); !client.IsNotFound(err) && !client.IsInvalid(err) {
		t.Errorf("a path for an ID: %v", err)
	}
}

func testDisclose(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("disclose:brokering")
	d, items, err := c.Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "swedbank_pay", Case: rc.Case})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID == "" || d.Subject != rc.Subject || d.Recipient != "swedbank_pay" || d.Purpose != "brokering" || len(d.Categories) == 0 || d.At.IsZero() {
		t.Errorf("disclosure %+v", d)
	}
	if values(items)["email"] != p.Email {
		t.Errorf("disclosed %v", values(items))
	}

	_, _, err = c.Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "google_analytics"})
	if !client.IsNotAllowed(err) || client.IsForbidden(err) {
		t.Fatalf("to a recipient of another purpose: %v", err)
	}
	private(t, err, p.Email, p.Name)

	h, err := s.client("admin").SubjectHistory(ctx, rc.Subject)
	if err != nil || len(h.Disclosures) != 1 || h.Disclosures[0].ID != d.ID {
		t.Errorf("history's disclosures: %+v, %v", h.Disclosures, err)
	}
}

func testEvents(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("events", client.WithLanguage(tillit.English))
	if err := c.RecordEvent(ctx, tillit.EventRecord{Subject: rc.Subject, Event: "offer_received", Case: rc.Case}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []tillit.EventRecord{
		{Subject: rc.Subject, Event: "offer_received"}, // a case event without its case
		{Subject: rc.Subject, Event: "birthday"},
	} {
		if err := c.RecordEvent(ctx, e); !client.IsInvalid(err) {
			t.Errorf("%+v: %v", e, err)
		}
	}
	if err := s.client("consents").RecordEvent(ctx, tillit.EventRecord{Subject: rc.Subject, Event: "offer_received", Case: rc.Case}); !client.IsForbidden(err) {
		t.Errorf("with a consents key: %v", err)
	}
	h, err := s.client("admin").SubjectHistory(ctx, rc.Subject)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range h.Events {
		seen = append(seen, e.Event+"/"+e.Case)
	}
	if !strings.Contains(strings.Join(seen, " "), "offer_received/"+rc.Case) {
		t.Errorf("events %v", seen)
	}
}

func testConsent(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin, c := s.client("admin", client.WithLanguage(tillit.English)), s.client("consents")
	use := func() error { _, err := admin.Use(ctx, rc.Subject, "newsletter"); return err }

	// The register refuses what the key may ask for.
	err := use()
	if !client.IsNotAllowed(err) {
		t.Fatalf("newsletter without consent: %v", err)
	}
	if ce := problem(t, err, http.StatusForbidden); ce.Title != "The register does not allow this" {
		t.Errorf("title %q", ce.Title)
	}
	private(t, err, p.Email, p.Name)

	give := tillit.ConsentRecord{Subject: rc.Subject, Purpose: "newsletter", Given: true, Version: "1", Channel: "privacy_centre"}
	if err := c.SetConsent(ctx, give, tillit.Evidence{IP: "192.0.2.10", Reference: "form-3"}); err != nil {
		t.Fatal(err)
	}
	if err := use(); err != nil {
		t.Fatalf("newsletter with consent: %v", err)
	}
	if err := c.SetConsent(ctx, tillit.ConsentRecord{Subject: rc.Subject, Purpose: "newsletter", Given: false, Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	if err := use(); !client.IsNotAllowed(err) {
		t.Fatalf("newsletter after withdrawal: %v", err)
	}
	old := give
	old.Version = "0"
	if err := c.SetConsent(ctx, old, tillit.Evidence{}); !client.IsInvalid(err) {
		t.Errorf("an outdated wording: %v", err)
	}
	if err := s.client("events").SetConsent(ctx, give, tillit.Evidence{}); !client.IsForbidden(err) {
		t.Errorf("with an events key: %v", err)
	}

	// An objection stops the purpose at once, whatever the consent.
	if err := c.SetConsent(ctx, give, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Object(ctx, rc.Subject, "newsletter"); err != nil {
		t.Fatal(err)
	}
	if err := use(); !client.IsNotAllowed(err) {
		t.Fatalf("newsletter after the objection: %v", err)
	}
	h, err := admin.SubjectHistory(ctx, rc.Subject)
	if err != nil || len(h.Consents) != 3 || h.Consents[0].Channel != "privacy_centre" || h.Consents[0].Evidence == "" || strings.Contains(h.Consents[0].Evidence, "192.0.2.10") {
		t.Errorf("consents %+v, %v", h.Consents, err)
	}
}
