// Package scenario proves that a register's retention rules do what its
// privacy notice promises. A scenario file tells a story with a fake
// clock: people submit forms, things happen, time passes and the sweep
// runs; then it states what must still be there and what must be gone.
// Run plays each scenario against a throwaway store and reports every
// expectation as passed or failed, with the rule that decided it.
//
// docs/policy-tests.md describes the file format.
package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/tillit-privacy/tillit"
)

// File is a scenario file.
type File struct {
	Scenarios []Scenario `yaml:"scenarios"`
}

// Scenario is one story.
type Scenario struct {
	Name  string `yaml:"name"`
	Start string `yaml:"start"` // "2026-01-15" or "2026-01-15 09:30", Stockholm time
	Steps []Step `yaml:"steps"`
}

// Step is one thing that happens, or an expectation. Exactly one field is
// set.
type Step struct {
	Collect  *Collect    `yaml:"collect"`
	Event    *Event      `yaml:"event"`
	Consent  *ConsentArg `yaml:"consent"`
	Withdraw *ConsentArg `yaml:"withdraw"`
	Object   *ConsentArg `yaml:"object"`
	Restrict *Restrict   `yaml:"restrict"`
	Wait     string      `yaml:"wait"`  // a period; the clock moves and the sweep runs
	At       string      `yaml:"at"`    // a date; likewise
	Sweep    bool        `yaml:"sweep"` // the sweep runs, the clock stays
	Expect   *Expect     `yaml:"expect"`
}

// Collect is a submission through a collection point.
type Collect struct {
	As       string            `yaml:"as"`      // a name for the person, for later steps
	Subject  string            `yaml:"subject"` // a person named before
	Point    string            `yaml:"point"`
	Fields   map[string]string `yaml:"fields"`
	Consents []string          `yaml:"consents"` // purposes consented to, to the register's wording
	Events   []string          `yaml:"events"`
	Case     string            `yaml:"case"` // a name for the case the point opens, or a case named before
}

// Event is a lifecycle event.
type Event struct {
	Subject string `yaml:"subject"`
	Event   string `yaml:"event"`
	Case    string `yaml:"case"`
	Purpose string `yaml:"purpose"`
}

// ConsentArg names a person and a purpose.
type ConsentArg struct {
	Subject string `yaml:"subject"`
	Purpose string `yaml:"purpose"`
}

// Restrict sets or lifts a restriction (art. 18).
type Restrict struct {
	Subject string `yaml:"subject"`
	Lift    bool   `yaml:"lift"`
}

// Expect states what must be true now of one person's data.
type Expect struct {
	Subject  string   `yaml:"subject"`
	Case     string   `yaml:"case"`     // only items of this case
	Kept     []string `yaml:"kept"`     // categories with an item in use
	Archived []string `yaml:"archived"` // categories with items, all archived
	Gone     []string `yaml:"gone"`     // categories with no item left
	Erased   *bool    `yaml:"erased"`   // the data key was destroyed
	Tasks    *int     `yaml:"tasks"`    // open review tasks for the person
}

// kind names the one field a step sets, or says what is wrong.
func (s Step) kind() (string, error) {
	var set []string
	for name, ok := range map[string]bool{
		"collect": s.Collect != nil, "event": s.Event != nil, "consent": s.Consent != nil,
		"withdraw": s.Withdraw != nil, "object": s.Object != nil, "restrict": s.Restrict != nil,
		"wait": s.Wait != "", "at": s.At != "", "sweep": s.Sweep, "expect": s.Expect != nil,
	} {
		if ok {
			set = append(set, name)
		}
	}
	switch len(set) {
	case 1:
		return set[0], nil
	case 0:
		return "", fmt.Errorf("a step needs one of collect, event, consent, withdraw, object, restrict, wait, at, sweep, expect")
	}
	return "", fmt.Errorf("a step does one thing; this one has %s", strings.Join(set, " and "))
}

// MaxFileSize is the largest scenario file read.
const MaxFileSize = 4 << 20

// ReadFile reads and checks the syntax of a scenario file.
func ReadFile(path string) (File, error) {
	var f File
	src, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	if len(src) > MaxFileSize {
		return f, fmt.Errorf("%s: larger than %d MiB", path, MaxFileSize>>20)
	}
	if err := yaml.UnmarshalWithOptions(src, &f, yaml.Strict()); err != nil {
		return f, fmt.Errorf("%s: %s", path, yaml.FormatError(err, false, true))
	}
	if len(f.Scenarios) == 0 {
		return f, fmt.Errorf("%s: no scenarios", path)
	}
	for i, sc := range f.Scenarios {
		if sc.Name == "" {
			return f, fmt.Errorf("%s: scenario %d has no name", path, i+1)
		}
		if _, err := parseTime(sc.Start); sc.Start != "" && err != nil {
			return f, fmt.Errorf("%s: scenario %q: start: %v", path, sc.Name, err)
		}
		for j, st := range sc.Steps {
			if _, err := st.kind(); err != nil {
				return f, fmt.Errorf("%s: scenario %q, step %d: %v", path, sc.Name, j+1, err)
			}
		}
	}
	return f, nil
}

// Beside returns the scenario file that belongs to a register: the file
// next to it with the same name and the extension .scenarios.yaml
// (examples/allkontrakt.yaml → examples/allkontrakt.scenarios.yaml); ""
// when there is none.
func Beside(register string) string {
	ext := filepath.Ext(register)
	path := strings.TrimSuffix(register, ext) + ".scenarios.yaml"
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// DefaultStart is when a scenario starts unless it says otherwise.
var DefaultStart = time.Date(2026, time.January, 1, 9, 0, 0, 0, tillit.Stockholm)

// parseTime reads a date, with an optional time of day, in Stockholm time.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, tillit.Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2026-01-15 or 2026-01-15 09:30", s)
}
