package server

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// Body limits: what an operation reads at most.
const (
	smallBody = 16 << 10 // officer's steps, events, consents
	formBody  = 64 << 10 // submissions and requests: a few fields of text
)

// keyKey is the context key of the caller's API key.
type keyKey struct{}

// keyFrom returns the API key that authenticated the call, if any.
func keyFrom(ctx context.Context) (tillit.APIKey, bool) {
	k, ok := ctx.Value(keyKey{}).(tillit.APIKey)
	return k, ok
}

// route describes one operation of the API.
type route struct {
	id, method, path string
	tag              string
	summary, doc     string
	scope            string // the scope needed, for the document; "" for a public operation
	body             int64  // the largest body accepted; 0 for none
	// audit says the vault does not record the call by itself, so the
	// API appends an audit entry before answering it.
	audit bool
}

// operation returns r as a huma operation.
func (r route) operation() huma.Operation {
	op := huma.Operation{
		OperationID: r.id,
		Method:      r.method,
		Path:        r.path,
		Tags:        []string{r.tag},
		Summary:     r.summary,
		Description: r.doc,
		Metadata:    map[string]any{"audit": r.audit},
		Errors:      []int{http.StatusUnprocessableEntity},
	}
	if r.body > 0 {
		op.MaxBodyBytes = r.body
	} else {
		op.MaxBodyBytes = smallBody
	}
	if r.scope != "" {
		op.Security = []map[string][]string{{"apiKey": {r.scope}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests)
		if r.scope != tillit.ScopeAdmin {
			op.Description += "\n\nScope: `" + r.scope + "` (or `admin`)."
		} else {
			op.Description += "\n\nScope: `admin`."
		}
	}
	return op
}

// newAPI returns the huma API on mux: its OpenAPI 3.1 document at
// /openapi.json, no docs page of huma's own (the reference page at /docs
// is rendered here, without scripts from elsewhere).
func (s *Server) newAPI(mux *http.ServeMux) huma.API {
	cfg := huma.DefaultConfig("Tillit API", "1")
	cfg.Info.Description = "The HTTP API of Tillit, the privacy engine: collect, use and disclose personal data as the register of processing allows; record events and consents; data subjects' requests; the register itself. Errors are RFC 9457 problems in Swedish or English (Accept-Language)."
	cfg.DocsPath = ""
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no $schema links in responses
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"apiKey": {
			Type:         "http",
			Scheme:       "bearer",
			BearerFormat: "tillit_<id>_<secret>",
			Description:  "An API key made with `tillit apikeys create`, as `Authorization: Bearer <key>`. Each key has scopes.",
		},
	}
	api := humago.New(mux, cfg)
	api.UseMiddleware(s.authenticate(api))
	return api
}

// authenticate is the API's middleware: it puts the caller's language in
// the context and, for operations that need a key, checks the key, its
// rate and records refusals.
func (s *Server) authenticate(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		lang := langOf(ctx.Header("Accept-Language"), ctx.Query("lang"))
		ctx = huma.WithValue(ctx, langKey{}, lang)
		ctx = huma.WithValue(ctx, logKey{}, s.log())
		// The language of messages and problems; an operation answering
		// in another (the notice) says so itself.
		ctx.SetHeader("Content-Language", string(lang))
		op := ctx.Operation()
		if len(op.Security) == 0 {
			next(ctx)
			return
		}
		token, ok := bearer(ctx.Header("Authorization"))
		var key tillit.APIKey
		var err error
		if ok {
			key, err = s.Access.Authenticate(ctx.Context(), token)
		}
		if err != nil && tillit.ErrorCode(err) != tillit.EUNAUTHORIZED {
			// The store failed, not the key: telling the caller its key is
			// not valid would send it rotating a good key.
			s.log().Error("authenticate", "op", op.OperationID, "err", err)
			writeHuma(api, ctx, domainProblem(lang, err))
			return
		}
		if !ok || err != nil {
			host, _, _ := net.SplitHostPort(ctx.RemoteAddr())
			if !s.limits.allowAddr(host) {
				ctx.SetHeader("Retry-After", "5")
				writeHuma(api, ctx, newProblem(lang, http.StatusTooManyRequests, tooMany.In(lang)))
				return
			}
			s.deny(ctx.Context(), "api:unauthenticated", op.OperationID, "no valid key")
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="tillit"`)
			writeHuma(api, ctx, newProblem(lang, http.StatusUnauthorized, catalog.Text("api.call_needs_valid_api_key").In(lang)))
			return
		}
		if !s.limits.allowKey(key.ID) {
			ctx.SetHeader("Retry-After", "1")
			writeHuma(api, ctx, newProblem(lang, http.StatusTooManyRequests, catalog.Text("api.key_made_too_many_calls").In(lang)))
			return
		}
		actx := tillit.WithActor(ctx.Context(), "apikey:"+key.ID)
		actx = context.WithValue(actx, keyKey{}, key)
		actx = context.WithValue(actx, langKey{}, lang)
		ctx = huma.WithContext(ctx, actx)
		// A fixed scope is checked here, before the body is read; a scope
		// naming the purpose asked for (read:, disclose:) by the handler.
		if scope := op.Security[0]["apiKey"][0]; !strings.Contains(scope, "<") {
			if err := s.allow(actx, scope); err != nil {
				writeHuma(api, ctx, err.(*Problem))
				return
			}
		}
		// A call the vault does not audit itself is recorded before it is
		// answered: nothing is read without its entry in the log.
		if audit, _ := op.Metadata["audit"].(bool); audit {
			if err := s.Vault.AuditCall(actx, tillit.AuditAPICall, op.OperationID); err != nil {
				s.log().Error("audit call", "op", op.OperationID, "err", err)
				writeHuma(api, ctx, frameworkProblem(lang, http.StatusInternalServerError, "", nil))
				return
			}
		}
		next(ctx)
	}
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// allow returns nil when the caller's key grants scope, else a 403 Problem
// after recording the refusal in the audit log. The middleware checks each
// operation's fixed scope; handlers call it for read:<purpose> and
// disclose:<purpose>.
func (s *Server) allow(ctx context.Context, scope string) error {
	k, ok := keyFrom(ctx)
	if ok && k.Allows(scope) {
		return nil
	}
	// The purpose of read:<purpose> and disclose:<purpose> comes from the
	// caller: one the register does not declare (an e-mail address sent
	// by mistake) is neither stored in the audit log nor echoed.
	if kind, purpose, hasPurpose := strings.Cut(scope, ":"); hasPurpose {
		if _, declared := s.Vault.Policy().Purpose(purpose); !declared {
			scope = kind + ":<purpose>"
		}
	}
	s.deny(ctx, tillit.ActorFrom(ctx), "", "scope "+scope)
	lang := langFrom(ctx)
	return newProblem(lang, http.StatusForbidden, catalog.Textf("api.key_lacks_scope", scope).In(lang))
}

// deny records a refused call in the audit log.
func (s *Server) deny(ctx context.Context, actor, op, detail string) {
	if op != "" {
		detail = op + ": " + detail
	}
	if err := s.Vault.AuditCall(tillit.WithActor(ctx, actor), tillit.AuditAPIDenied, detail); err != nil {
		s.log().Error("audit refusal", "err", err)
	}
}

// fail returns err from the vault as a Problem in the caller's language.
// The caller sees no detail of an internal error; the operator's log has
// it (the vault's errors name operations and IDs, never values).
func fail(ctx context.Context, err error) error {
	if tillit.ErrorCode(err) == tillit.EINTERNAL {
		if log, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
			log.Error("internal error", "err", err)
		}
	}
	return domainProblem(langFrom(ctx), err)
}

// logKey is the context key of the server's logger.
type logKey struct{}

// writeHuma writes p as the response of a huma operation.
func writeHuma(api huma.API, ctx huma.Context, p *Problem) {
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetHeader("Content-Language", p.Language)
	ctx.SetStatus(p.Status)
	api.Marshal(ctx.BodyWriter(), "application/json", p)
}
