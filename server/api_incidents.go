package server

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
)

// The operations of the breach register (GDPR art. 33, 34). All need an
// admin key: they are the privacy officer's.

// IncidentView is an incident with its 72-hour clock as of the call.
type IncidentView struct {
	tillit.Incident
	Deadline time.Time `json:"deadline" doc:"When the authority must be notified: 72 hours after discovery (GDPR art. 33(1))."`
	Overdue  bool      `json:"overdue" doc:"The deadline passed with neither a notification nor a decision not to notify."`
	DueSoon  bool      `json:"due_soon" doc:"Unsettled and within 24 hours of the deadline."`
}

type incidentOutput struct {
	Body IncidentView
}

type incidentsInput struct {
	Open bool `query:"open" doc:"Only incidents not yet closed."`
}

type incidentsOutput struct {
	Body struct {
		Incidents []IncidentView `json:"incidents"`
	}
}

type incidentDetailsInput struct {
	Body tillit.IncidentDetails
}

type incidentUpdateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body tillit.IncidentDetails
}

type incidentPath struct {
	ID string `path:"id" maxLength:"64"`
}

type incidentNoteInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Note string `json:"note" minLength:"1" maxLength:"4000" doc:"What was done or learnt; no personal data."`
	}
}

type decisionInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Notify bool   `json:"notify" doc:"Whether the authority (IMY) is notified."`
		Reason string `json:"reason,omitempty" maxLength:"4000" doc:"Required when not notifying: why the breach is unlikely to result in a risk (GDPR art. 33(5))."`
	}
}

type notificationInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Phase     tillit.Phase `json:"phase" enum:"initial,supplementary,final" doc:"Notification in phases (GDPR art. 33(4))."`
		Reference string       `json:"reference,omitempty" maxLength:"200" doc:"The authority's case number or similar."`
		Note      string       `json:"note,omitempty" maxLength:"4000" doc:"What this phase added."`
	}
}

type draftInput struct {
	ID   string `path:"id" maxLength:"64"`
	For  string `query:"for" enum:"authority,subjects" default:"authority" doc:"The notification to IMY (art. 33(3)) or the notice to the people affected (art. 34(2))."`
	Lang string `query:"lang" enum:"sv,en" default:"sv"`
}

type draftOutput struct {
	Body tillit.Draft
}

type notifySubjectsInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Override bool `json:"override,omitempty" doc:"Notify although the risk is not assessed as high (e.g. the authority required it, art. 34(4))."`
	}
}

type noticesOutput struct {
	Body tillit.SubjectNotices
}

type affectedOutput struct {
	Body tillit.Affected
}

type deliveriesOutput struct {
	Body tillit.NoticeDeliveries
}

func (s *Server) registerIncidents(api huma.API) {
	view := func(in tillit.Incident) IncidentView {
		now := s.Vault.Now()
		return IncidentView{Incident: in, Deadline: in.Deadline(), Overdue: in.Overdue(now), DueSoon: in.IsDueSoon(now)}
	}
	// one registers an admin operation on one incident answering the
	// incident.
	one := func(r route, fn func(ctx context.Context, id string) (tillit.Incident, error)) {
		r.tag, r.scope = "Incidents", tillit.ScopeAdmin
		huma.Register(api, r.operation(), func(ctx context.Context, in *incidentPath) (*incidentOutput, error) {
			inc, err := fn(ctx, in.ID)
			if err != nil {
				return nil, fail(ctx, err)
			}
			return &incidentOutput{Body: view(inc)}, nil
		})
	}

	huma.Register(api, route{
		id: "open-incident", method: http.MethodPost, path: "/v1/incidents", tag: "Incidents",
		summary: "Record a personal data breach",
		doc:     "Opens an incident in the breach register (GDPR art. 33(5)); the 72-hour clock runs from `discovered`.",
		scope:   tillit.ScopeAdmin, body: formBody,
	}.operation(), func(ctx context.Context, in *incidentDetailsInput) (*incidentOutput, error) {
		inc, err := s.Breaches.OpenIncident(ctx, in.Body)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &incidentOutput{Body: view(inc)}, nil
	})

	huma.Register(api, route{
		id: "list-incidents", method: http.MethodGet, path: "/v1/incidents", tag: "Incidents",
		summary: "The breach register", doc: "Unsettled incidents first, by deadline; then settled; then closed.",
		scope: tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *incidentsInput) (*incidentsOutput, error) {
		incs, err := s.Breaches.Incidents(ctx, tillit.IncidentFilter{Open: in.Open})
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &incidentsOutput{}
		out.Body.Incidents = []IncidentView{}
		for _, inc := range incs {
			out.Body.Incidents = append(out.Body.Incidents, view(inc))
		}
		return out, nil
	})

	one(route{id: "get-incident", method: http.MethodGet, path: "/v1/incidents/{id}", summary: "An incident with its timeline", audit: true}, s.Breaches.Incident)
	one(route{id: "close-incident", method: http.MethodPost, path: "/v1/incidents/{id}/close", summary: "Close an incident",
		doc: "Once the authority was notified or the decision not to notify recorded."}, s.Breaches.CloseIncident)

	huma.Register(api, route{
		id: "update-incident", method: http.MethodPut, path: "/v1/incidents/{id}", tag: "Incidents",
		summary: "Replace an incident's details", doc: "Every field is replaced: read the incident, change what changed, send it whole.",
		scope: tillit.ScopeAdmin, body: formBody,
	}.operation(), func(ctx context.Context, in *incidentUpdateInput) (*incidentOutput, error) {
		inc, err := s.Breaches.UpdateIncident(ctx, in.ID, in.Body)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &incidentOutput{Body: view(inc)}, nil
	})

	huma.Register(api, route{
		id: "note-incident", method: http.MethodPost, path: "/v1/incidents/{id}/notes", tag: "Incidents",
		summary: "Add a note to an incident's timeline", scope: tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *incidentNoteInput) (*incidentOutput, error) {
		inc, err := s.Breaches.NoteIncident(ctx, in.ID, in.Body.Note)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &incidentOutput{Body: view(inc)}, nil
	})

	huma.Register(api, route{
		id: "incident-affected", method: http.MethodGet, path: "/v1/incidents/{id}/affected", tag: "Incidents",
		summary: "Who is likely affected",
		doc:     "Computed from the vault: people whose data was disclosed to the incident's recipients in its window or, without recipients, whose items of its categories and collection points were held in it. Counts per category and the subjects' pseudonymous IDs.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *incidentPath) (*affectedOutput, error) {
		a, err := s.Breaches.Affected(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &affectedOutput{Body: a}, nil
	})

	huma.Register(api, route{
		id: "decide-incident", method: http.MethodPost, path: "/v1/incidents/{id}/decision", tag: "Incidents",
		summary: "Decide whether to notify the authority",
		doc:     "Not notifying needs the reason (GDPR art. 33(5)) and a risk assessed as unlikely.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *decisionInput) (*incidentOutput, error) {
		inc, err := s.Breaches.DecideAuthority(ctx, in.ID, in.Body.Notify, in.Body.Reason)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &incidentOutput{Body: view(inc)}, nil
	})

	huma.Register(api, route{
		id: "record-notification", method: http.MethodPost, path: "/v1/incidents/{id}/notifications", tag: "Incidents",
		summary: "Record a notification to the authority",
		doc:     "In phases: initial, any supplementary, final (GDPR art. 33(4)). A first notification after 72 hours needs the incident's delay_reason.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *notificationInput) (*incidentOutput, error) {
		inc, err := s.Breaches.RecordAuthorityNotification(ctx, in.ID, in.Body.Phase, in.Body.Reference, in.Body.Note)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &incidentOutput{Body: view(inc)}, nil
	})

	huma.Register(api, route{
		id: "draft-incident", method: http.MethodGet, path: "/v1/incidents/{id}/draft", tag: "Incidents",
		summary: "Draft the notification to IMY or the notice to the people",
		doc:     "Markdown in Swedish or English with the fields the authority asks for (GDPR art. 33(3)), or the plain-language notice to the people affected (art. 34(2)).",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *draftInput) (*draftOutput, error) {
		lang, _ := tillit.ParseLang(in.Lang)
		draft := s.Breaches.DraftAuthorityNotification
		if in.For == "subjects" {
			draft = s.Breaches.DraftSubjectNotice
		}
		d, err := draft(ctx, in.ID, lang)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &draftOutput{Body: d}, nil
	})

	huma.Register(api, route{
		id: "notify-subjects", method: http.MethodPost, path: "/v1/incidents/{id}/notify-subjects", tag: "Incidents",
		summary: "E-mail the notice to the people affected",
		doc:     "For a high risk (GDPR art. 34(1)) or with override; one e-mail per person through the outbox, never twice for one incident.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *notifySubjectsInput) (*noticesOutput, error) {
		n, err := s.Breaches.NotifySubjects(ctx, in.ID, in.Body.Override)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &noticesOutput{Body: n}, nil
	})

	huma.Register(api, route{
		id: "incident-deliveries", method: http.MethodGet, path: "/v1/incidents/{id}/deliveries", tag: "Incidents",
		summary: "How the notices to the people were delivered",
		scope:   tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *incidentPath) (*deliveriesOutput, error) {
		d, err := s.Breaches.NoticeDeliveries(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &deliveriesOutput{Body: d}, nil
	})
}
