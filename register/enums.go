package register

import "github.com/tillit-privacy/tillit"

// enums are the value sets a field may take, by the name used in the enum
// tag of the raw types. They come from the domain's own lists.
var enums = map[string][]string{
	"type":      names(tillit.ValueTypes),
	"special":   names(tillit.Specials),
	"scope":     {string(tillit.SubjectScope), string(tillit.CaseScope)},
	"channel":   names(tillit.Channels),
	"freetext":  {string(tillit.FreeTextRefuse), string(tillit.FreeTextRedact), string(tillit.FreeTextKeep)},
	"basis":     names(tillit.Bases),
	"art9":      names(tillit.Art9Conditions),
	"role":      names(tillit.Roles),
	"safeguard": names(tillit.Safeguards),
	"identity":  names(tillit.IdentityMethods),
	"delivery":  names(tillit.Deliveries),
}

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
