//go:build !bench

package benchonly

// Available reports whether this build has the switches: it does not,
// as it was built without the bench tag.
const Available = false

// Off is empty in this build: it names no guarantee to run without, and
// every guarantee is kept. Only a build with the bench tag can switch
// one off.
type Off struct{}

// Encryption reports false: values are always sealed with a data key per
// person.
func (Off) Encryption() bool { return false }

// Audit reports false: the audit chain is always appended to.
func (Off) Audit() bool { return false }

// PurposeCheck reports false: the legal basis is always checked before a
// use.
func (Off) PurposeCheck() bool { return false }

// Indexes reports false: blind indexes are always computed, stored and
// looked up.
func (Off) Indexes() bool { return false }

// Any reports false: no guarantee is off.
func (Off) Any() bool { return false }
