// Package benchonly holds the switches tillit bench uses to turn the
// vault's guarantees off one at a time, to measure what each one costs.
// It is internal, so no program outside the Tillit module can name the
// type and set the switches; tillit serve and every other command leave
// them at their zero value, with every guarantee on.
package benchonly

// Off names the guarantees a benchmark's vault runs without. The zero
// value keeps every guarantee.
type Off struct {
	// Encryption stores values as written, with no data key per person.
	Encryption bool
	// Audit appends nothing to the audit chain.
	Audit bool
	// PurposeCheck skips the legal-basis check (restriction, consent,
	// objection) before a use.
	PurposeCheck bool
	// Indexes computes, stores and looks up no blind index: every
	// submission without a subject creates a new one.
	Indexes bool
}

// Any reports whether any guarantee is off.
func (o Off) Any() bool { return o.Encryption || o.Audit || o.PurposeCheck || o.Indexes }
