package server

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
)

// The privacy officer's view of the proofs of cookie choices.

type cookieConsentsInput struct {
	After string `query:"after" maxLength:"64" doc:"The last ID of the previous page."`
	Limit int    `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many."`
}

type cookieConsentsOutput struct {
	Body struct {
		Consents []tillit.CookieConsent `json:"consents"`
		Next     string                 `json:"next,omitempty" doc:"Pass as after for the next page; absent on the last."`
	}
}

func (s *Server) registerCookieConsents(api huma.API) {
	huma.Register(api, route{
		id: "list-cookie-consents", method: http.MethodGet, path: "/v1/cookie-consents", tag: "Cookies",
		summary: "Proofs of cookie choices",
		doc: "Each choice a visitor made in the cookie banner (/consent.js), oldest first: the register's policy version and the hash of its cookie section, " +
			"the categories accepted and refused, the server's time, whether Global Privacy Control applied, how the choice was made, the site, " +
			"and the proof it replaces (the same browser's previous choice). Nothing identifies the visitor: no IP address, no user agent.",
		scope: tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *cookieConsentsInput) (*cookieConsentsOutput, error) {
		cs, err := s.Cookies.CookieConsents(ctx, tillit.CookieConsentFilter{After: in.After, N: in.Limit})
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &cookieConsentsOutput{}
		out.Body.Consents = nonNil(cs)
		if len(cs) == in.Limit {
			out.Body.Next = cs[len(cs)-1].ID
		}
		return out, nil
	})
}
