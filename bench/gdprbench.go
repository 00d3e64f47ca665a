package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// GDPRbench's record (GDPRWorkload.populateValues in GDPRbench/GDPRbench):
// a key "user<N>" and ten fields of 100 bytes, nine of them metadata. With
// dataintegrity=true, as in its workload files, a field holds
// "<NAME>=<value>" padded with '+' to the field length, the value chosen
// by the key number.
const fieldLength = 100

var fieldNames = []string{"PUR", "TTL", "USR", "OBJ", "DEC", "ACL", "SHR", "SRC", "CAT", "Data"}

var fieldValues = [][]string{
	{"ads", "2fa", "msg", "backup"},
	{"30", "10000", "12000", "14000", "16000", "18000", "20000", "22000", "24000", "1000000"},
	{"albert", "brandon", "carol", "dilbert", "edith", "frank", "godel", "hans", "india", "jack", "kamala", "london",
		"mary", "nancy", "othello", "paris", "quintin", "rhodes", "sam", "tintin", "underwood", "victor", "wang", "xin", "yang", "zhou"},
	{"religion", "sports", "yoga", "drugs", "alcohol", "dairy"},
	{"allow", "disallow", "inform"},
	{"ads", "billing", "infra", "emergency", "sales", "marketing", "backup", "social"},
	{"NULL", "facebook", "twitter", "linkedin", "reddit", "instagram", "whatsapp"},
	{"direct", "facebook", "google", "twitter", "unknown"},
	{"contact", "ssn", "medical", "finance", "work", "shopping", "internet", "social"},
	{"val10"},
}

// jdbcPurposes are the purposes the published JDBC client's read-meta,
// update-meta and delete-meta pick from at random (DefaultDBFlavor): the
// four the records carry and six that match no record.
var jdbcPurposes = []string{"ads", "2fa", "msg", "backup", "random1", "random2", "random3", "random4", "random5", "random6"}

// tillitPurposes maps GDPRbench's purposes to the bench register's.
var tillitPurposes = map[string]string{"ads": "ads", "2fa": "two_factor", "msg": "messaging", "backup": "backup"}

// Key returns record n's key, as GDPRbench builds it with insertorder=ordered.
func Key(n int) string { return "user" + strconv.Itoa(n) }

// pad writes GDPRbench's deterministic field value: name=value, padded
// with '+' to the field length.
func pad(name, value string) string {
	s := name + "=" + value
	if len(s) >= fieldLength {
		return s[:fieldLength]
	}
	return s + strings.Repeat("+", fieldLength-len(s))
}

// Field returns field f (0-9) of record n as GDPRbench stores it.
func Field(n, f int) string {
	vs := fieldValues[f]
	return pad(fieldNames[f], vs[n%len(vs)])
}

// Purpose returns the GDPRbench purpose of record n (field0's value).
func Purpose(n int) string { return fieldValues[0][n%len(fieldValues[0])] }

// Data returns record n's data (field9) in its version v: version 0 is
// GDPRbench's value; an update writes a new version, so that it changes
// the stored value on both sides.
func Data(n, v int) string {
	if v == 0 {
		return Field(n, 9)
	}
	return pad(fieldNames[9], "val10 v"+strconv.Itoa(v))
}

// Op is one of GDPRbench's operations.
type Op string

// The operations, named as in GDPRbench's workload files.
const (
	OpInsert     Op = "insert"
	OpRead       Op = "read"
	OpReadMeta   Op = "read-meta"
	OpUpdate     Op = "update"
	OpUpdateMeta Op = "update-meta"
	OpDelete     Op = "delete"
	OpDeleteMeta Op = "delete-meta"
)

// Weight is an operation's proportion in a workload file.
type Weight struct {
	Op     Op      `json:"op"`
	Weight float64 `json:"weight"`
}

// Workload is one of GDPRbench's four workloads: its operations' weights
// as its file states them (YCSB normalises them to sum to 1) and how keys
// are chosen.
type Workload struct {
	Name string   `json:"name"`
	Mix  []Weight `json:"mix"`
	// Zipfian chooses keys by YCSB's scrambled zipfian distribution;
	// uniform otherwise.
	Zipfian bool `json:"zipfian"`
}

// Workloads are GDPRbench's, pinned from src/workloads/gdpr_* of
// GDPRbench/GDPRbench.
var Workloads = []Workload{
	{Name: "controller", Mix: []Weight{{OpInsert, 0.25}, {OpUpdateMeta, 0.5}, {OpDeleteMeta, 0.025}}},
	{Name: "customer", Zipfian: true, Mix: []Weight{{OpRead, 0.2}, {OpReadMeta, 0.2}, {OpUpdate, 0.2}, {OpUpdateMeta, 0.2}, {OpDelete, 0.2}}},
	{Name: "processor", Mix: []Weight{{OpRead, 0.2}, {OpReadMeta, 0.8}}},
	{Name: "regulator", Zipfian: true, Mix: []Weight{{OpReadMeta, 0.46}}},
}

// MixString prints a workload's mix normalised, as YCSB runs it.
func (w Workload) MixString() string {
	total := 0.0
	for _, m := range w.Mix {
		total += m.Weight
	}
	var parts []string
	for _, m := range w.Mix {
		parts = append(parts, fmt.Sprintf("%s %.1f%%", m.Op, 100*m.Weight/total))
	}
	dist := "uniform"
	if w.Zipfian {
		dist = "zipfian"
	}
	return strings.Join(parts, ", ") + " (" + dist + " keys)"
}

// Step is one operation of a run: what, on which record, and a random
// number for the operation's own choices (a decision, a purpose).
type Step struct {
	Op   Op
	Key  int
	Pick int
}

// Plan draws a workload's steps over records keys 0..records-1, with
// inserts taking new keys from insertFrom on, from a fixed seed: the
// baseline and Tillit run the same steps.
func (w Workload) Plan(records, ops int, seed uint64, insertFrom int) []Step {
	r := rand.New(rand.NewPCG(seed, 0x6764707262656e63))
	total := 0.0
	for _, m := range w.Mix {
		total += m.Weight
	}
	var keys func() int
	if w.Zipfian {
		z := newScrambledZipfian(records, r)
		keys = z.next
	} else {
		keys = func() int { return r.IntN(records) }
	}
	next := insertFrom
	steps := make([]Step, ops)
	for i := range steps {
		x := r.Float64() * total
		op := w.Mix[len(w.Mix)-1].Op
		for _, m := range w.Mix {
			if x < m.Weight {
				op = m.Op
				break
			}
			x -= m.Weight
		}
		s := Step{Op: op, Pick: r.IntN(1 << 30)}
		if op == OpInsert {
			s.Key, next = next, next+1
		} else {
			s.Key = keys()
		}
		steps[i] = s
	}
	return steps
}

// scrambledZipfian is YCSB's ScrambledZipfianGenerator: a zipfian
// (constant 0.99) over ten billion items, hashed with FNV-1a and folded
// onto the key space, so that popular keys are spread out.
type scrambledZipfian struct {
	items int
	r     *rand.Rand
	eta   float64
}

const (
	zipfItems = 10_000_000_000
	zipfTheta = 0.99
	zipfZetan = 26.46902820178302 // YCSB's precomputed zeta(10^10, 0.99)
)

func newScrambledZipfian(items int, r *rand.Rand) *scrambledZipfian {
	zeta2 := 1 + math.Pow(0.5, zipfTheta)
	eta := (1 - math.Pow(2.0/zipfItems, 1-zipfTheta)) / (1 - zeta2/zipfZetan)
	return &scrambledZipfian{items: items, r: r, eta: eta}
}

func (z *scrambledZipfian) next() int {
	u := z.r.Float64()
	uz := u * zipfZetan
	var v int64
	switch {
	case uz < 1:
		v = 0
	case uz < 1+math.Pow(0.5, zipfTheta):
		v = 1
	default:
		v = int64(zipfItems * math.Pow(z.eta*u-z.eta+1, 1/(1-zipfTheta)))
	}
	return int(fnv64(v) % uint64(z.items))
}

// fnv64 is YCSB's Utils.fnvhash64 of a long's eight bytes.
func fnv64(v int64) uint64 {
	h := uint64(0xCBF29CE484222325)
	for range 8 {
		h ^= uint64(v & 0xff)
		h *= 1099511628211
		v >>= 8
	}
	if int64(h) < 0 {
		return uint64(-int64(h))
	}
	return h
}
