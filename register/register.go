package register

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/tillit-privacy/tillit"
)

// MaxSize is the largest register file Compile reads.
const MaxSize = 4 << 20

// Compile parses, checks and lints the register in src, read from file
// (the name is used in problems only). It returns the compiled policy and
// every problem found. The policy is nil when any problem is an error.
func Compile(file string, src []byte) (*tillit.Policy, Problems) {
	c := &checker{file: file, src: src}
	pol := c.compile()
	return pol, c.problems
}

// CompileFile reads and compiles the register at path. It returns an error
// only when the file cannot be read.
func CompileFile(path string) (*tillit.Policy, []byte, Problems, error) {
	src, err := readFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	pol, ps := Compile(path, src)
	return pol, src, ps, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("register: read %s: %w", path, err)
	}
	if len(src) > MaxSize {
		return nil, fmt.Errorf("register: %s is larger than %d MiB", path, MaxSize>>20)
	}
	return src, nil
}

func (c *checker) compile() *tillit.Policy {
	if len(c.src) > MaxSize {
		c.errorf(pos{1, 1}, "the register is larger than %d MiB", MaxSize>>20)
		return nil
	}
	if !utf8.Valid(c.src) {
		c.errorf(pos{1, 1}, "the register is not UTF-8 text")
		return nil
	}
	// A byte-order mark, as some Windows editors write, is not content.
	c.src = bytes.TrimPrefix(c.src, []byte("\ufeff"))
	c.lines = strings.Split(string(c.src), "\n")
	if p, ok := tooDeep(c.src); ok {
		c.errorf(p, "the register nests deeper than %d levels; a register never needs that", maxDepth)
		return nil
	}
	f, err := parseYAML(c.src)
	if err != nil {
		var pe interface {
			GetToken() *token.Token
			GetMessage() string
		}
		p := pos{1, 1}
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.GetMessage()
			if t := pe.GetToken(); t != nil {
				p = pos{t.Position.Line, t.Position.Column}
			}
		}
		c.errorf(p, "YAML syntax: %s", msg)
		return nil
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch {
	case len(docs) == 0:
		c.errorf(pos{1, 1}, "the register is empty")
		return nil
	case len(docs) > 1:
		c.errorf(position(docs[1].Body), "the register must be one YAML document; remove the second ---")
		return nil
	}
	var raw rawRegister
	dec := decoder{problems: c}
	dec.decodeStruct(unwrap(docs[0].Body), reflect.ValueOf(&raw).Elem(), "")
	def := c.build(&raw)
	if c.problems.Errors(false) > 0 {
		c.sort()
		return nil
	}
	c.lint(&raw, def)
	c.sort()
	pol, err := tillit.NewPolicy(def)
	if err != nil {
		c.errorf(pos{1, 1}, "%v", err)
		return nil
	}
	if c.problems.Errors(false) > 0 {
		return nil
	}
	return pol
}

// parseYAML parses src, turning a panic of the parser into an error so that
// no input can crash the caller.
func parseYAML(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the parser failed on this input (%v)", r)
		}
	}()
	return parser.ParseBytes(src, 0)
}

func (c *checker) sort() {
	slices.SortStableFunc(c.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// maxDepth bounds how deeply a register may nest. The deepest real register
// nests five levels; the YAML parser's time and memory grow steeply with
// depth, so anything far deeper is refused before parsing.
const maxDepth = 64

// tooDeep reports the first place where the register nests deeper than
// maxDepth. It reads the tokens of goccy/go-yaml's lexer, which is linear and
// knows quoting, comments and block scalars: flow nesting is counted by the
// [ { and ] } tokens, block nesting by the column of "-" and ":" indicators
// (each block level indents by at least one column, and "- - -" on one line
// moves right too).
func tooDeep(src []byte) (pos, bool) {
	depth := 0
	for _, t := range lexer.Tokenize(string(src)) {
		switch t.Type {
		case token.SequenceStartType, token.MappingStartType:
			depth++
			if depth > maxDepth {
				return pos{t.Position.Line, t.Position.Column}, true
			}
		case token.SequenceEndType, token.MappingEndType:
			if depth > 0 {
				depth--
			}
		case token.SequenceEntryType, token.MappingValueType:
			if depth == 0 && t.Position.Column > maxBlockColumn {
				return pos{t.Position.Line, t.Position.Column}, true
			}
		}
	}
	return pos{}, false
}

// maxBlockColumn is the rightmost column where a block "-" or ":" may stand:
// far more than maxDepth levels of real indentation need, far less than the
// parser struggles with.
const maxBlockColumn = 4 * maxDepth
