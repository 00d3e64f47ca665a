package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// settings gives a value to every flag bound to an environment variable
// (kong's env tag) that the command line leaves out: from the variable X,
// or the file X_FILE names, else from the config file (--config or
// TILLIT_CONFIG), else the flag's default. So a setting comes, in rising
// precedence, from the default, the config file, the environment and the
// command line. The config file's keys are the flags' names.
//
// Kong itself would read the variables with os.LookupEnv, before any
// resolver, which puts the environment below the config file and beyond
// Main.Getenv; takeEnv therefore leaves kong only the names.
type settings struct {
	getenv func(string) string
	file   string             // the config file, once loaded
	values map[string]setting // by flag name
}

// setting is one value from the config file and the line it is on.
type setting struct {
	value string
	line  int
}

var _ kong.Resolver = (*settings)(nil)

// takeEnv keeps the variable names of app's flags in Flag.Envs, for
// settings and for help (envHelp), and takes them from kong's tag, so that
// kong does not read them from the process environment itself.
func takeEnv(app *kong.Application) {
	kong.Visit(app, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok {
			f.Tag.Envs = nil
		}
		return next(nil)
	})
}

// envHelp is kong's default help text for a flag, which names its
// variables, reading the names where takeEnv put them.
func envHelp(v *kong.Value) string {
	if v.Flag != nil && len(v.Tag.Envs) == 0 && len(v.Flag.Envs) > 0 {
		v.Tag.Envs = v.Flag.Envs
		defer func() { v.Tag.Envs = nil }()
	}
	return kong.DefaultHelpValueFormatter(v)
}

// Validate implements kong.Resolver; the config file is checked as it is
// loaded.
func (s *settings) Validate(*kong.Application) error { return nil }

// Resolve implements kong.Resolver: it returns the flag's value from the
// environment or the config file, or nil when neither sets it. A value
// that does not parse is reported with where it came from.
func (s *settings) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	value, from, err := s.env(flag)
	if err == nil && from == "" {
		if v, ok := s.values[flag.Name]; ok {
			value, from = v.value, fmt.Sprintf("%s:%d", s.file, v.line)
		}
	}
	if err != nil || from == "" {
		return nil, err
	}
	scratch := reflect.New(flag.Target.Type()).Elem()
	scan := kong.ScanFromTokens(kong.Token{Type: kong.FlagValueToken, Value: value})
	if err := flag.Mapper.Decode(&kong.DecodeContext{Value: flag.Value, Scan: scan}, scratch); err != nil {
		return nil, fmt.Errorf("%w (from %s)", err, from)
	}
	return value, nil
}

// env returns the flag's value from its first variable that is set, and
// that variable's name (X_FILE when the value was read from a file).
func (s *settings) env(flag *kong.Flag) (value, from string, err error) {
	for _, name := range flag.Envs {
		v, path := s.getenv(name), s.getenv(name+"_FILE")
		switch {
		case v != "" && path != "":
			return "", "", fmt.Errorf("both %s and %s_FILE are set: unset one", name, name)
		case path != "":
			b, err := os.ReadFile(path)
			if err != nil {
				return "", "", fmt.Errorf("%s_FILE: %w", name, err)
			}
			return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), name + "_FILE", nil
		case v != "":
			return v, name, nil
		}
	}
	return "", "", nil
}

// BeforeResolve is kong's hook between parsing the command line and
// resolving what it left out: it loads the config file that --config or
// TILLIT_CONFIG names, if any.
func (c *cli) BeforeResolve(kctx *kong.Context, s *settings) error {
	var path string
	for _, f := range kctx.Flags() {
		if f.Name != "config" {
			continue
		}
		path, _ = kctx.FlagValue(f).(string)
		if path == "" {
			var err error
			if path, _, err = s.env(f); err != nil {
				return err
			}
		}
	}
	if path == "" {
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	values, err := parseConfig(path, src, configKeys(kctx.Model))
	if err != nil {
		return err
	}
	s.file, s.values = path, values
	return nil
}

// configKeys returns the names of the flags a config file may set: those
// bound to an environment variable, in any command.
func configKeys(app *kong.Application) map[string]bool {
	keys := map[string]bool{}
	kong.Visit(app, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok && len(f.Envs) > 0 && f.Name != "config" {
			keys[f.Name] = true
		}
		return next(nil)
	})
	return keys
}

// parseConfig reads a config file: one YAML mapping of flag names to
// single values. Its errors give file:line and never a value, which may be
// a secret.
func parseConfig(path string, src []byte, known map[string]bool) (map[string]setting, error) {
	errorf := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	f, err := parseYAML(src)
	if err != nil {
		var pe interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if errors.As(err, &pe) && pe.GetToken() != nil {
			return nil, errorf(pe.GetToken().Position.Line, "YAML syntax: %s", pe.GetMessage())
		}
		return nil, errorf(1, "YAML syntax: the file does not parse")
	}
	values := map[string]setting{}
	var body ast.Node
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if _, ok := d.Body.(*ast.CommentGroupNode); ok {
			continue
		}
		if body != nil {
			return nil, errorf(line(d.Body), "the config file must be one YAML document; remove the second ---")
		}
		body = d.Body
	}
	var pairs []*ast.MappingValueNode
	switch b := body.(type) {
	case nil:
		return values, nil
	case *ast.MappingNode:
		pairs = b.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{b}
	default:
		return nil, errorf(line(body), "the config file must map flag names to values, such as `data: /var/lib/tillit`")
	}
	for _, p := range pairs {
		key, at := p.Key.GetToken().Value, line(p.Key)
		if !known[key] {
			names := make([]string, 0, len(known))
			for k := range known {
				names = append(names, k)
			}
			slices.Sort(names)
			return nil, errorf(at, "unknown key %q; the keys are the flags that have an environment variable: %s",
				key, strings.Join(names, ", "))
		}
		var value string
		switch v := p.Value.(type) {
		case *ast.NullNode:
			continue // `key:` with nothing after it sets nothing
		case *ast.StringNode:
			value = v.Value
		case *ast.LiteralNode:
			value = v.Value.Value
		case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
			value = v.GetToken().Value
		default:
			return nil, errorf(at, "%s must be a single value, not a list or a mapping", key)
		}
		values[key] = setting{value: value, line: at}
	}
	return values, nil
}

// parseYAML parses src, turning a panic of the parser into an error.
func parseYAML(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("the YAML parser failed on this input")
		}
	}()
	return parser.ParseBytes(src, 0)
}

// line returns the line n starts on.
func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 1
	}
	return n.GetToken().Position.Line
}
