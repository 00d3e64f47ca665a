package server

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
)

// The operations on personal data: collect, find, use, disclose, events,
// consents and objections.

type submissionInput struct {
	Body tillit.Submission
}

type receiptOutput struct {
	Status int `json:"-"`
	Body   tillit.Receipt
}

type subjectPath struct {
	ID string `path:"id" maxLength:"64" doc:"The subject's pseudonymous ID."`
}

type findInput struct {
	Body struct {
		Type  string `json:"type" enum:"email,phone,personnummer" doc:"The kind of identifier."`
		Value string `json:"value" maxLength:"320" doc:"The identifier; normalised as collection does."`
	}
}

type subjectOutput struct {
	Body tillit.Subject
}

type useInput struct {
	ID      string `path:"id" maxLength:"64" doc:"The subject's pseudonymous ID."`
	Purpose string `query:"purpose" required:"true" maxLength:"64" doc:"The purpose the data is used for; its legal basis must hold now."`
}

type itemsOutput struct {
	Body struct {
		Subject string        `json:"subject"`
		Purpose string        `json:"purpose"`
		Items   []tillit.Item `json:"items"`
	}
}

type discloseInput struct {
	Body struct {
		Subject   string `json:"subject" minLength:"1" maxLength:"64"`
		Purpose   string `json:"purpose" minLength:"1" maxLength:"64" doc:"The purpose the recipient receives the data for."`
		Recipient string `json:"recipient" minLength:"1" maxLength:"64" doc:"A recipient the register declares for the purpose."`
		Case      string `json:"case,omitempty" maxLength:"64" doc:"Only this case's data (and data of no case)."`
	}
}

type disclosureOutput struct {
	Status int `json:"-"`
	Body   struct {
		Disclosure tillit.Disclosure `json:"disclosure"`
		Items      []tillit.Item     `json:"items"`
	}
}

type eventInput struct {
	Body struct {
		Subject string `json:"subject" minLength:"1" maxLength:"64"`
		Event   string `json:"event" minLength:"1" maxLength:"64" doc:"An event the register declares, e.g. offer_received."`
		Case    string `json:"case,omitempty" maxLength:"64" doc:"For case events: the case."`
	}
}

type consentInput struct {
	Body struct {
		Subject  string          `json:"subject" minLength:"1" maxLength:"64"`
		Purpose  string          `json:"purpose" minLength:"1" maxLength:"64"`
		Given    bool            `json:"given" doc:"true gives consent, false withdraws it (GDPR art. 7(3))."`
		Version  string          `json:"version,omitempty" maxLength:"64" doc:"The version of the wording shown; needed when giving."`
		Channel  string          `json:"channel" minLength:"1" maxLength:"64" doc:"How the consent was given or withdrawn, e.g. privacy_centre, customer_service or a collection point."`
		Evidence tillit.Evidence `json:"evidence,omitzero"`
	}
}

type objectionInput struct {
	Body struct {
		Subject string `json:"subject" minLength:"1" maxLength:"64"`
		Purpose string `json:"purpose" minLength:"1" maxLength:"64" doc:"A purpose on legitimate interest or direct marketing (GDPR art. 21)."`
	}
}

func (s *Server) registerData(api huma.API) {
	huma.Register(api, route{
		id: "collect", method: http.MethodPost, path: "/v1/submissions", tag: "Data",
		summary: "Collect a submission",
		doc: "Stores what a person gave at a collection point, as the point declares: undeclared or invalid fields, card numbers and outdated consents are refused and nothing is stored. " +
			"The receipt names the subject only to keys that may find subjects (scope `find`) or when the submission named it: a key that may only collect learns nothing about who else is in the register.",
		scope: tillit.ScopeCollect, body: formBody,
	}.operation(), func(ctx context.Context, in *submissionInput) (*receiptOutput, error) {
		rc, err := s.Vault.Collect(ctx, in.Body)
		if err != nil {
			return nil, fail(ctx, err)
		}
		if k, _ := keyFrom(ctx); in.Body.Subject == "" && !k.Allows(tillit.ScopeFind) {
			rc.Subject, rc.Created, rc.Case = "", false, ""
			if in.Body.Case != "" {
				rc.Case = in.Body.Case
			}
		}
		return &receiptOutput{Status: http.StatusCreated, Body: rc}, nil
	})

	huma.Register(api, route{
		id: "find-subject", method: http.MethodPost, path: "/v1/subjects/find", tag: "Data",
		summary: "Find a subject by an identifier",
		doc:     "Looks up the subject an e-mail address, phone number or personnummer belongs to, through the blind index. The identifier is sent in the body so that it never lands in a URL or an access log.",
		scope:   tillit.ScopeFind,
	}.operation(), func(ctx context.Context, in *findInput) (*subjectOutput, error) {
		subj, err := s.Vault.Find(ctx, tillit.ValueType(in.Body.Type), in.Body.Value)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &subjectOutput{Body: subj}, nil
	})

	huma.Register(api, route{
		id: "get-subject", method: http.MethodGet, path: "/v1/subjects/{id}", tag: "Data",
		summary: "A subject's state",
		doc:     "Whether processing is restricted (GDPR art. 18) and whether the data was erased. No personal data.",
		scope:   tillit.ScopeFind, audit: true,
	}.operation(), func(ctx context.Context, in *subjectPath) (*subjectOutput, error) {
		subj, err := s.Vault.Subject(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &subjectOutput{Body: subj}, nil
	})

	huma.Register(api, route{
		id: "use", method: http.MethodGet, path: "/v1/subjects/{id}/data", tag: "Data",
		summary: "Read a subject's data for a purpose",
		doc: "Returns the values the purpose uses, if its legal basis holds now: not restricted, consent given and not withdrawn, no objection. Archived items are not returned. " +
			"Every read is audited.",
		scope: "read:<purpose>",
	}.operation(), func(ctx context.Context, in *useInput) (*itemsOutput, error) {
		if err := s.allow(ctx, tillit.ScopeRead+":"+in.Purpose); err != nil {
			return nil, err
		}
		items, err := s.Vault.Use(ctx, in.ID, in.Purpose)
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &itemsOutput{}
		out.Body.Subject, out.Body.Purpose, out.Body.Items = in.ID, in.Purpose, nonNil(items)
		return out, nil
	})

	huma.Register(api, route{
		id: "disclose", method: http.MethodPost, path: "/v1/disclosures", tag: "Data",
		summary: "Disclose a subject's data to a recipient",
		doc:     "Returns the categories the purpose uses and the recipient may receive, and records the disclosure (GDPR art. 15(1)(c), 19). Only recipients the register declares for the purpose.",
		scope:   "disclose:<purpose>",
	}.operation(), func(ctx context.Context, in *discloseInput) (*disclosureOutput, error) {
		if err := s.allow(ctx, tillit.ScopeDisclose+":"+in.Body.Purpose); err != nil {
			return nil, err
		}
		d, items, err := s.Vault.Disclose(ctx, tillit.Disclosure{
			Subject: in.Body.Subject, Purpose: in.Body.Purpose, Recipient: in.Body.Recipient, Case: in.Body.Case,
		})
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &disclosureOutput{Status: http.StatusCreated}
		out.Body.Disclosure, out.Body.Items = d, nonNil(items)
		return out, nil
	})

	huma.Register(api, route{
		id: "record-event", method: http.MethodPost, path: "/v1/events", tag: "Data",
		summary: "Record a lifecycle event",
		doc:     "Records an event the register declares (e.g. contract_ended, offer_received) for a subject or one of its cases. Retention rules count from these events.",
		scope:   tillit.ScopeEvents,
	}.operation(), func(ctx context.Context, in *eventInput) (*struct{}, error) {
		err := s.Vault.Record(ctx, tillit.EventRecord{Subject: in.Body.Subject, Event: in.Body.Event, Case: in.Body.Case})
		if err != nil {
			return nil, fail(ctx, err)
		}
		return nil, nil
	})

	huma.Register(api, route{
		id: "set-consent", method: http.MethodPost, path: "/v1/consents", tag: "Data",
		summary: "Give or withdraw consent",
		doc:     "Appends to the consent ledger (GDPR art. 7(1)); withdrawing is as easy as giving (art. 7(3)) and takes effect at once.",
		scope:   tillit.ScopeConsents,
	}.operation(), func(ctx context.Context, in *consentInput) (*struct{}, error) {
		b := in.Body
		err := s.Vault.SetConsent(ctx, tillit.ConsentRecord{
			Subject: b.Subject, Purpose: b.Purpose, Given: b.Given, Version: b.Version, Channel: b.Channel,
		}, b.Evidence)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return nil, nil
	})

	huma.Register(api, route{
		id: "object", method: http.MethodPost, path: "/v1/objections", tag: "Data",
		summary: "Record an objection",
		doc:     "The person objects to a purpose (GDPR art. 21): processing for it stops at once. For a data subject's own request with identity confirmation and an answer, use POST /v1/requests.",
		scope:   tillit.ScopeConsents,
	}.operation(), func(ctx context.Context, in *objectionInput) (*struct{}, error) {
		if err := s.Vault.Object(ctx, in.Body.Subject, in.Body.Purpose); err != nil {
			return nil, fail(ctx, err)
		}
		return nil, nil
	})
}

// nonNil returns xs, or an empty slice for nil, so that JSON says [].
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
