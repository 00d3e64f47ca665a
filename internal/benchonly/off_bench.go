//go:build bench

package benchonly

// Available reports whether this build has the switches: it does, as it
// was built with the bench tag.
const Available = true

// Guarantee names a guarantee a benchmark's vault can run without.
type Guarantee int

const (
	// Encryption: values are stored as written, with no data key per
	// person.
	Encryption Guarantee = iota + 1
	// Audit: nothing is appended to the audit chain.
	Audit
	// PurposeCheck: the legal-basis check (restriction, consent,
	// objection) before a use is skipped.
	PurposeCheck
	// Indexes: no blind index is computed, stored or looked up, so every
	// submission without a subject creates a new one.
	Indexes
)

// Off names the guarantees a benchmark's vault runs without. The zero
// value keeps every guarantee.
type Off struct {
	encryption, audit, purposeCheck, indexes bool
}

// Without returns an Off that switches off the guarantees named, and
// keeps the rest.
func Without(gs ...Guarantee) Off {
	var o Off
	for _, g := range gs {
		switch g {
		case Encryption:
			o.encryption = true
		case Audit:
			o.audit = true
		case PurposeCheck:
			o.purposeCheck = true
		case Indexes:
			o.indexes = true
		}
	}
	return o
}

// Encryption reports whether values are stored as written, with no data
// key per person.
func (o Off) Encryption() bool { return o.encryption }

// Audit reports whether nothing is appended to the audit chain.
func (o Off) Audit() bool { return o.audit }

// PurposeCheck reports whether the legal-basis check before a use is
// skipped.
func (o Off) PurposeCheck() bool { return o.purposeCheck }

// Indexes reports whether blind indexes are left out.
func (o Off) Indexes() bool { return o.indexes }

// Any reports whether any guarantee is off.
func (o Off) Any() bool { return o.encryption || o.audit || o.purposeCheck || o.indexes }
