package core

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/pii"
)

// MaxValue is the largest value a field may hold, in bytes.
const MaxValue = 64 << 10

// MaxFields is the most fields one submission may hold.
const MaxFields = 200

// Field is a submitted value after validation.
type Field struct {
	Cat      tillit.Category
	Value    string // normalised
	Redacted bool   // a personnummer in free text was masked
}

// IdentifierKinds are the value types found through the blind index.
var IdentifierKinds = map[tillit.ValueType]bool{
	tillit.TypeEmail: true, tillit.TypePhone: true, tillit.TypePersonnummer: true,
}

// CheckField validates and normalises one submitted value. Its errors name
// the category and what is wrong, never the value.
func CheckField(op string, cat tillit.Category, raw string, pt tillit.CollectionPoint, now time.Time) (Field, error) {
	f := Field{Cat: cat}
	v := strings.TrimSpace(raw)
	switch {
	case v == "":
		return f, Invalid(op, "core.field_empty", cat.ID)
	case len(raw) > MaxValue:
		return f, Invalid(op, "core.field_longer_than_bytes", cat.ID, MaxValue)
	case !utf8.ValidString(raw):
		return f, Invalid(op, "core.field_not_valid_utf", cat.ID)
	}
	var err error
	switch cat.Type {
	case tillit.TypeEmail:
		f.Value, err = pii.Email(v)
	case tillit.TypePhone:
		f.Value, err = pii.Phone(v)
	case tillit.TypePersonnummer:
		f.Value, err = pii.Personnummer(v, now)
	case tillit.TypeDate:
		f.Value = v
		if _, perr := time.Parse(time.DateOnly, v); perr != nil {
			return f, Invalid(op, "core.field_must_date_yyyy_mm", cat.ID)
		}
	case tillit.TypeNumber:
		f.Value = v
		if _, perr := strconv.ParseFloat(v, 64); perr != nil {
			return f, Invalid(op, "core.field_must_number", cat.ID)
		}
	case tillit.TypeBoolean:
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			return f, Invalid(op, "core.field_must_true_false", cat.ID)
		}
		f.Value = strconv.FormatBool(b)
	case tillit.TypeText, tillit.TypeFreeText, tillit.TypeAddress:
		f.Value, f.Redacted, err = scanText(op, cat, raw, pt, now)
	case tillit.TypeIPAddress:
		a, perr := netip.ParseAddr(v)
		if perr != nil {
			return f, Invalid(op, "core.field_must_ip_address", cat.ID)
		}
		f.Value = a.String()
	case tillit.TypeSecret:
		// A secret such as a password is kept only as a hash (GDPR art. 32).
		f.Value, err = argon2id.CreateHash(raw, argon2id.DefaultParams)
	default:
		f.Value = raw
	}
	var pe *pii.Error
	if errors.As(err, &pe) {
		t := catalog.Text("core.field_problem")
		return f, tillit.Errorl(tillit.EINVALID, op, tillit.Text{SV: fmt.Sprintf(t.SV, cat.ID, pe.SV), EN: fmt.Sprintf(t.EN, cat.ID, pe.EN)})
	}
	return f, err
}

// scanText refuses payment-card numbers in text, which must never be
// stored (PCI DSS), and handles a personnummer as the collection point says.
func scanText(op string, cat tillit.Category, v string, pt tillit.CollectionPoint, now time.Time) (string, bool, error) {
	found := pii.Scan(v, now)
	var pnr []pii.Finding
	for _, f := range found {
		if f.Kind == pii.CardNumberKind {
			return "", false, Invalid(op, "core.field_contains_payment_card_number", cat.ID)
		}
		pnr = append(pnr, f)
	}
	if len(pnr) == 0 {
		return v, false, nil
	}
	switch pt.Personnummer {
	case tillit.FreeTextKeep:
		return v, false, nil
	case tillit.FreeTextRefuse:
		return "", false, Invalid(op, "core.field_contains_personal_identity_number", cat.ID)
	}
	return pii.Redact(v, pnr), true, nil
}
