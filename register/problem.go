package register

import (
	"fmt"
	"strings"
)

// Severity says whether a Problem makes a register unusable.
type Severity int

// The severities.
const (
	Error   Severity = iota // the register cannot be compiled
	Warning                 // a GDPR finding; an error under --strict
)

// pos is a place in the register file, 1-based. The zero pos means "the file".
type pos struct{ Line, Col int }

// Problem is one thing wrong with a register, at a place in its file.
type Problem struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Code     string // lint code for warnings, e.g. "balancing-test"; "" for errors
	Message  string
}

// String returns the problem as file:line:col: message.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Line, p.Col)
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	if p.Code != "" {
		fmt.Fprintf(&b, " [%s]", p.Code)
	}
	return b.String()
}

// Format returns the problem followed by the offending line of src and a
// caret under the column.
func (p Problem) Format(src []byte) string {
	s := p.String()
	if p.Line < 1 {
		return s
	}
	lines := strings.Split(string(src), "\n")
	if p.Line > len(lines) {
		return s
	}
	line := strings.TrimRight(lines[p.Line-1], "\r")
	col := p.Col
	if col < 1 {
		col = 1
	}
	// Keep tabs so the caret lines up; count columns in runes.
	var pad strings.Builder
	for i, r := range []rune(line) {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return fmt.Sprintf("%s\n%6d | %s\n       | %s^", s, p.Line, line, pad.String())
}

// Problems is the list of problems found in a register.
type Problems []Problem

// Errors returns the number of problems that are errors, counting warnings
// too when strict is set.
func (ps Problems) Errors(strict bool) int {
	n := 0
	for _, p := range ps {
		if p.Severity == Error || strict {
			n++
		}
	}
	return n
}

// Error returns the problems one per line, so Problems can be returned as
// an error.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
