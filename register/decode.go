package register

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	"github.com/tillit-privacy/tillit"
)

// node is embedded in every raw struct: where the struct's value stood, and
// where the value of each key stood.
type node struct {
	At   pos
	keys map[string]pos
}

// has reports whether key was written in the mapping.
func (n node) has(key string) bool {
	_, ok := n.keys[key]
	return ok
}

// at returns the position of key's value, or of the mapping when key is absent.
func (n node) at(key string) pos {
	if p, ok := n.keys[key]; ok {
		return p
	}
	return n.At
}

// str is a scalar with the place it stood and whether it was quoted.
type str struct {
	V      string
	At     pos
	Quoted bool
	Set    bool
}

// rawBool is a boolean with its place; Set tells an absent false from a written one.
type rawBool struct {
	V   bool
	At  pos
	Set bool
}

var (
	nodeType    = reflect.TypeFor[node]()
	strType     = reflect.TypeFor[str]()
	rawBoolType = reflect.TypeFor[rawBool]()
)

// decoder fills raw structs from a goccy/go-yaml syntax tree. It never stops
// at the first problem: each one is recorded and decoding goes on.
type decoder struct {
	problems *checker
}

func position(n ast.Node) pos {
	if n == nil || n.GetToken() == nil {
		return pos{}
	}
	t := n.GetToken()
	return pos{t.Position.Line, t.Position.Column}
}

// unwrap strips tags and anchors. Aliases are refused (reported by the caller).
func unwrap(n ast.Node) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		case *ast.MappingValueNode:
			// A single-pair mapping is sometimes returned bare.
			return &ast.MappingNode{BaseNode: x.BaseNode, Start: x.GetToken(), Values: []*ast.MappingValueNode{x}}
		default:
			return n
		}
	}
}

func kindName(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "nothing"
	}
	return "a single value"
}

func (d *decoder) decode(n ast.Node, v reflect.Value, what string) {
	if n != nil {
		if _, ok := n.(*ast.AliasNode); ok {
			d.problems.errorf(position(n), "%s: aliases (*name) are not supported; write the value out", what)
			return
		}
	}
	n = unwrap(n)
	if _, null := n.(*ast.NullNode); null || n == nil {
		return // an empty value leaves the zero value; required checks catch it
	}
	switch v.Type() {
	case strType:
		s, ok := scalar(n)
		if !ok {
			d.problems.errorf(position(n), "%s must be a single value, not %s", what, kindName(n))
			return
		}
		quoted := false
		if sn, ok := n.(*ast.StringNode); ok && sn.Token != nil {
			quoted = sn.Token.Type == token.DoubleQuoteType || sn.Token.Type == token.SingleQuoteType
		}
		v.Set(reflect.ValueOf(str{V: s, At: position(n), Quoted: quoted, Set: true}))
		return
	case rawBoolType:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.problems.errorf(position(n), "%s must be true or false", what)
			return
		}
		v.Set(reflect.ValueOf(rawBool{V: b.Value, At: position(n), Set: true}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := scalar(n)
		if !ok {
			d.problems.errorf(position(n), "%s must be a text, not %s", what, kindName(n))
			return
		}
		v.SetString(s)
	case reflect.Struct:
		d.decodeStruct(n, v, what)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.problems.errorf(position(n), "%s must be a list, not %s", what, kindName(n))
			return
		}
		out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			sub := fmt.Sprintf("%s item %d", what, i+1)
			if isNull(item) {
				p := position(item)
				if p == (pos{}) {
					p = position(n)
				}
				d.problems.errorf(p, "%s is empty", sub)
				continue
			}
			d.decode(item, out.Index(i), sub)
		}
		v.Set(out)
	default:
		panic("register: no decoding for " + v.Type().String())
	}
}

// scalar returns the text of a scalar node as written.
func scalar(n ast.Node) (string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value, true
	case *ast.LiteralNode:
		if x.Value == nil {
			return "", true
		}
		return x.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return x.GetToken().Value, true
	}
	return "", false
}

type fieldInfo struct {
	index    int
	key      string
	isMap    bool
	required bool
}

func fields(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		key, opt, _ := strings.Cut(tag, ",")
		out = append(out, fieldInfo{index: i, key: key, isMap: opt == "map", required: f.Tag.Get("required") == "true"})
	}
	return out
}

func mappingKey(mv *ast.MappingValueNode) (string, pos, bool) {
	k := ast.Node(mv.Key)
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		k = mk.Value
	}
	s, ok := scalar(unwrap(k))
	return s, position(k), ok
}

func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, what string) {
	m, ok := n.(*ast.MappingNode)
	if !ok && v.Type() == reflect.TypeFor[rawText]() {
		d.problems.errorf(position(n), "%s must be given in Swedish and English: {sv: ..., en: ...}", what)
		return
	}
	if !ok {
		d.problems.errorf(position(n), "%s must be a mapping of keys to values, not %s", what, kindName(n))
		return
	}
	t := v.Type()
	fs := fields(t)
	nd := node{At: position(n), keys: map[string]pos{}}
	seen, reported := map[string]bool{}, map[string]bool{}
	for _, mv := range m.Values {
		key, kp, ok := mappingKey(mv)
		if !ok {
			d.problems.errorf(kp, "%s: a key must be a plain name", label(what))
			continue
		}
		i := slices.IndexFunc(fs, func(f fieldInfo) bool { return f.key == key })
		if i < 0 {
			d.problems.errorf(kp, "%s: unknown field %q%s", label(what), key, suggest(key, fs))
			continue
		}
		if seen[key] {
			d.problems.errorf(kp, "%s: %q is written twice", label(what), key)
			continue
		}
		seen[key] = true
		f := fs[i]
		sub := what + "." + key
		if what == "" {
			sub = key
		}
		if isNull(mv.Value) {
			// An empty value counts as absent: a required key is still missing.
			if f.required {
				d.problems.errorf(kp, "%s: %q is empty", label(what), key)
				reported[key] = true
			}
			continue
		}
		vp := position(unwrap(mv.Value))
		if vp == (pos{}) {
			vp = kp
		}
		nd.keys[key] = vp
		if f.isMap {
			d.decodeNamed(mv.Value, v.Field(f.index), sub)
		} else {
			d.decode(mv.Value, v.Field(f.index), sub)
		}
	}
	for _, f := range fs {
		// An absent nested struct reports its problems where its parent stands.
		if fv := v.Field(f.index); !nd.has(f.key) && fv.Kind() == reflect.Struct {
			if i := embeddedNode(fv.Type()); i >= 0 {
				settable(fv.Field(i)).Set(reflect.ValueOf(node{At: nd.At}))
			}
		}
		if f.required && !nd.has(f.key) && !reported[f.key] {
			d.problems.errorf(nd.At, "%s: missing %q", label(what), f.key)
		}
	}
	if i := embeddedNode(t); i >= 0 {
		settable(v.Field(i)).Set(reflect.ValueOf(nd))
	}
}

func isNull(n ast.Node) bool {
	_, ok := unwrap(n).(*ast.NullNode)
	return ok || n == nil
}

// settable returns the embedded node field f of an addressable struct in a
// form reflection may set: the field is unexported because node is.
func settable(f reflect.Value) reflect.Value {
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

func embeddedNode(t reflect.Type) int {
	for i := range t.NumField() {
		if t.Field(i).Type == nodeType {
			return i
		}
	}
	return -1
}

// decodeNamed decodes a mapping of name -> entry into a slice of structs
// whose ID field receives the name. Order is kept.
func (d *decoder) decodeNamed(n ast.Node, v reflect.Value, what string) {
	if isNull(n) {
		return
	}
	m, ok := unwrap(n).(*ast.MappingNode)
	if !ok {
		d.problems.errorf(position(unwrap(n)), "%s must be a mapping of names to entries, not %s", what, kindName(unwrap(n)))
		return
	}
	seen := map[string]pos{}
	out := reflect.MakeSlice(v.Type(), 0, len(m.Values))
	for _, mv := range m.Values {
		name, kp, ok := mappingKey(mv)
		if !ok {
			d.problems.errorf(kp, "%s: a name must be a plain word", what)
			continue
		}
		if !tillit.IsID(name) {
			d.problems.errorf(kp, "%s: name %q must be lower-case letters, digits and underscores, starting with a letter", what, name)
		}
		if first, dup := seen[name]; dup {
			d.problems.errorf(kp, "%s: %q is declared twice (first at line %d)", what, name, first.Line)
			continue
		}
		seen[name] = kp
		e := reflect.New(v.Type().Elem()).Elem()
		e.FieldByName("ID").SetString(name)
		sub := what + "." + name
		if isNull(mv.Value) {
			d.problems.errorf(kp, "%s is empty", sub)
		} else {
			d.decode(mv.Value, e, sub)
		}
		if i := embeddedNode(e.Type()); i >= 0 {
			f := settable(e.Field(i))
			nd := f.Interface().(node)
			nd.At = kp // report problems with the entry at its name
			f.Set(reflect.ValueOf(nd))
		}
		out = reflect.Append(out, e)
	}
	v.Set(out)
}

// suggest returns "; did you mean X?" for the closest known key, or the list
// of keys when none is close.
func suggest(key string, fs []fieldInfo) string {
	best, bestD := "", 3
	var all []string
	for _, f := range fs {
		all = append(all, f.key)
		if d := distance(key, f.key); d < bestD {
			best, bestD = f.key, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; expected one of: " + strings.Join(all, ", ")
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// label names a place for a message: the path, or "the register" at the top.
func label(what string) string {
	if what == "" {
		return "the register"
	}
	return what
}
