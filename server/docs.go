package server

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
)

//go:embed templates/reference.html
var templateFS embed.FS

var referenceTmpl = template.Must(template.New("reference.html").ParseFS(templateFS, "templates/reference.html"))

// refOp is one operation on the reference page.
type refOp struct {
	Method, Path, ID, Summary, Description string
	Scopes                                 []string
	Params                                 []*huma.Param
	Body                                   string // the request body's schema name
	Responses                              []string
}

// refSchema is one schema on the reference page.
type refSchema struct {
	Name, Description string
	Props             []refProp
}

type refProp struct {
	Name, Type, Description string
	Required                bool
}

// reference serves the API's reference page, rendered on the server from
// the OpenAPI document: no scripts, nothing loaded from elsewhere.
func (s *Server) reference(api huma.API) http.Handler {
	oapi := api.OpenAPI()
	byTag := map[string][]refOp{}
	var tags []string
	for path, item := range oapi.Paths {
		for _, m := range []struct {
			method string
			op     *huma.Operation
		}{{"GET", item.Get}, {"POST", item.Post}, {"PUT", item.Put}, {"DELETE", item.Delete}} {
			if m.op == nil || m.op.Hidden {
				continue
			}
			op := refOp{Method: m.method, Path: path, ID: m.op.OperationID, Summary: m.op.Summary, Description: m.op.Description, Params: m.op.Parameters}
			for _, req := range m.op.Security {
				op.Scopes = append(op.Scopes, req["apiKey"]...)
			}
			if rb := m.op.RequestBody; rb != nil {
				if mt := rb.Content["application/json"]; mt != nil && mt.Schema != nil {
					op.Body = schemaName(mt.Schema)
				}
			}
			for code := range m.op.Responses {
				op.Responses = append(op.Responses, code)
			}
			slices.Sort(op.Responses)
			tag := "Other"
			if len(m.op.Tags) > 0 {
				tag = m.op.Tags[0]
			}
			if _, ok := byTag[tag]; !ok {
				tags = append(tags, tag)
			}
			byTag[tag] = append(byTag[tag], op)
		}
	}
	order := []string{"Data", "Subjects", "Requests", "Outbox", "Retention", "Incidents", "Register", "Audit"}
	slices.SortFunc(tags, func(a, b string) int {
		ia, ib := slices.Index(order, a), slices.Index(order, b)
		if ia < 0 {
			ia = len(order)
		}
		if ib < 0 {
			ib = len(order)
		}
		return ia - ib
	})
	type section struct {
		Tag string
		Ops []refOp
	}
	var sections []section
	for _, t := range tags {
		ops := byTag[t]
		slices.SortFunc(ops, func(a, b refOp) int { return strings.Compare(a.Path+a.Method, b.Path+b.Method) })
		sections = append(sections, section{t, ops})
	}
	var schemas []refSchema
	for name, sc := range oapi.Components.Schemas.Map() {
		rs := refSchema{Name: name, Description: sc.Description}
		for pname, p := range sc.Properties {
			rs.Props = append(rs.Props, refProp{Name: pname, Type: typeName(p), Description: p.Description, Required: slices.Contains(sc.Required, pname)})
		}
		slices.SortFunc(rs.Props, func(a, b refProp) int { return strings.Compare(a.Name, b.Name) })
		schemas = append(schemas, rs)
	}
	slices.SortFunc(schemas, func(a, b refSchema) int { return strings.Compare(a.Name, b.Name) })

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := Lang(r)
		var b bytes.Buffer
		err := referenceTmpl.Execute(&b, map[string]any{
			"Lang": lang, "En": lang == tillit.English, "Info": oapi.Info, "Sections": sections, "Schemas": schemas,
			"Scopes": append(slices.Clone(tillit.PlainScopes), "read:<purpose>", "disclose:<purpose>"),
		})
		if err != nil {
			writeProblem(w, frameworkProblem(lang, http.StatusInternalServerError, "", nil))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Language", string(lang))
		w.Header().Set("Vary", "Accept-Language")
		w.Write(b.Bytes())
	})
}

// schemaName returns the name of the component a schema refers to.
func schemaName(s *huma.Schema) string {
	if s.Ref != "" {
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	}
	return s.Type
}

// typeName describes a property's type in a few words.
func typeName(s *huma.Schema) string {
	switch {
	case s.Ref != "":
		return schemaName(s)
	case s.Type == "array" && s.Items != nil:
		return "[" + typeName(s.Items) + "]"
	case s.Type == "object" && s.AdditionalProperties != nil:
		return "{string: …}"
	case s.Format != "":
		return s.Type + " (" + s.Format + ")"
	}
	return s.Type
}
