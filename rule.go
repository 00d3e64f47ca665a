package tillit

import (
	"fmt"
	"strings"
)

// Action is what a retention rule does to a record when it becomes due.
type Action string

// The actions of a retention rule.
const (
	Delete    Action = "delete"    // the record is removed
	Anonymise Action = "anonymise" // identifying values are removed, the rest kept
	Archive   Action = "archive"   // kept with restricted access: legal claims and the person's own requests only
	Review    Action = "review"    // the officer gets a task to ask the person or decide
)

// Rule is a compiled retention rule of a purpose, or the keeping period of
// a legal hold (Action is then empty).
//
// A rule is due either a period after an anchor event (After is set) or at
// once when the anchor event happens (After is zero). It does not apply when
// the Unless event has happened since the anchor, within Within of it if
// Within is set. When EndOfYear is set the period counts from the end of the
// calendar year in which the anchor event happened. When Every is set the
// rule recurs every After after the anchor (only for Review).
type Rule struct {
	Action    Action
	After     Duration
	Event     string // anchor event
	EndOfYear bool
	Every     bool
	Unless    string   // optional event that cancels the rule
	Within    Duration // optional window for Unless, counted from the anchor
	Text      string   // the rule as written in the register
}

// AtOnce reports whether the rule is due as soon as its event happens.
func (r Rule) AtOnce() bool { return r.After.IsZero() }

// String returns the rule in the register's own syntax.
func (r Rule) String() string {
	var b strings.Builder
	if r.Action != "" {
		b.WriteString(string(r.Action))
		b.WriteByte(' ')
	}
	switch {
	case r.AtOnce():
		fmt.Fprintf(&b, "at once on %s", r.Event)
	default:
		if r.Every {
			b.WriteString("every ")
		}
		fmt.Fprintf(&b, "%s after ", r.After)
		if r.EndOfYear {
			b.WriteString("end of year of ")
		}
		b.WriteString(r.Event)
	}
	if r.Unless != "" {
		fmt.Fprintf(&b, " unless %s", r.Unless)
		if !r.Within.IsZero() {
			fmt.Fprintf(&b, " within %s", r.Within)
		}
	}
	return b.String()
}
