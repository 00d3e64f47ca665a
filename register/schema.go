package register

import (
	"encoding/json"
	"reflect"
	"strings"
)

const (
	periodPattern   = `^[1-9][0-9]* +(day|week|month|year)s?$`
	rulePattern     = `^(delete|anonymise|anonymize|archive|review) +(at +once +on|on|until|(every +)?[1-9][0-9]* +(day|week|month|year)s? +after) +.+$`
	keepPattern     = `^[1-9][0-9]* +(day|week|month|year)s? +after +.+$`
	lifetimePattern = `^([1-9][0-9]* +(day|week|month|year)s?|session)$`
	// webhookPattern allows https, and http to a loopback host for testing,
	// never with a user name or password before the host.
	webhookPattern = `^(https://[^/?#@]+|http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?)([/?#]|$)`
)

// Schema returns the JSON Schema (draft 2020-12) of the register grammar,
// generated from the same types the decoder fills, so the two cannot drift.
func Schema() []byte {
	s := schemaOf(reflect.TypeFor[rawRegister](), "", "")
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://tillit.dev/schema/register-1.json"
	s["title"] = "Tillit register of processing"
	s["description"] = "A controller's register of processing: see docs/register.md."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // the schema is built from maps of plain values
	}
	return append(out, '\n')
}

type obj = map[string]any

func schemaOf(t reflect.Type, enum, format string) obj {
	switch t {
	case strType:
		switch {
		case enum != "":
			return obj{"enum": enums[enum]}
		case format == "date":
			return obj{"type": "string", "format": "date"}
		case format == "email":
			return obj{"type": "string", "format": "email"}
		case format == "uri":
			return obj{"type": "string", "format": "uri"}
		case format == "webhook":
			return obj{"type": "string", "format": "uri", "pattern": webhookPattern}
		case format == "orgnr":
			return obj{"type": "string", "pattern": `^\d{6}-\d{4}$`}
		case format == "country":
			return obj{"type": "string", "pattern": `^([A-Z]{2}|EU|EEA)$`}
		case format == "duration":
			return obj{"type": "string", "pattern": periodPattern}
		case format == "rule":
			return obj{"type": "string", "pattern": rulePattern}
		case format == "period":
			return obj{"type": "string", "pattern": keepPattern}
		case format == "lifetime":
			return obj{"type": "string", "pattern": lifetimePattern}
		}
		return obj{"type": []string{"string", "number"}}
	case rawBoolType:
		return obj{"type": "boolean"}
	case reflect.TypeFor[rawText]():
		return obj{
			"type":                 "object",
			"description":          "A text in Swedish (sv) and English (en).",
			"properties":           obj{"sv": obj{"type": "string"}, "en": obj{"type": "string"}},
			"required":             []string{"sv", "en"},
			"additionalProperties": false,
		}
	}
	switch t.Kind() {
	case reflect.Slice:
		return obj{"type": "array", "items": schemaOf(t.Elem(), enum, format)}
	case reflect.Struct:
		props := obj{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("yaml")
			if tag == "" || tag == "-" {
				continue
			}
			key, opt, _ := strings.Cut(tag, ",")
			var fs obj
			if opt == "map" {
				fs = obj{
					"type":                 "object",
					"propertyNames":        obj{"pattern": "^[a-z][a-z0-9_]*$"},
					"additionalProperties": schemaOf(f.Type.Elem(), "", ""),
				}
			} else {
				fs = schemaOf(f.Type, f.Tag.Get("enum"), f.Tag.Get("format"))
			}
			if d := f.Tag.Get("doc"); d != "" {
				fs["description"] = d
			}
			if keys := f.Tag.Get("oneof"); keys != "" {
				var one []obj
				for k := range strings.SplitSeq(keys, ",") {
					one = append(one, obj{"required": []string{k}})
				}
				fs["oneOf"] = one
			}
			props[key] = fs
			if f.Tag.Get("required") == "true" {
				required = append(required, key)
			}
		}
		s := obj{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return obj{"type": "string"}
}
