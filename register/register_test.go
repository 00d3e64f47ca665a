package register_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/golden"
	"github.com/tillit-privacy/tillit/register"
)

// format returns every problem as the checker prints it.
func format(src []byte, ps register.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Format(src))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestBroken checks that each broken register gets exactly the problems in
// its golden file, each with its line and column.
func TestBroken(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*.yaml")
	if len(files) < 10 {
		t.Fatalf("found %d broken registers, want at least 10", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pol, ps := register.Compile(f, src)
			if pol != nil {
				t.Errorf("compiled a broken register")
			}
			if ps.Errors(false) == 0 {
				t.Fatalf("no errors reported")
			}
			for _, p := range ps {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %s", p)
				}
			}
			golden.Check(t, strings.TrimSuffix(f, ".yaml")+".golden", format(src, ps))
		})
	}
}

// TestLint checks that every lint finding fires, as a warning that --strict
// turns into an error.
func TestLint(t *testing.T) {
	const f = "testdata/lint/all-findings.yaml"
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	pol, ps := register.Compile(f, src)
	if pol == nil {
		t.Fatalf("lint findings must not stop compilation:\n%s", format(src, ps))
	}
	if ps.Errors(false) != 0 || ps.Errors(true) != len(ps) {
		t.Errorf("want only warnings, got %d errors of %d problems", ps.Errors(false), len(ps))
	}
	codes := map[string]bool{}
	for _, p := range ps {
		codes[p.Code] = true
	}
	for _, c := range []string{"consent-withdrawal", "consent-by-use", "balancing-test", "special-category",
		"transfer-safeguard", "retention-missing", "retention-open-ended", "category-unused",
		"recipient-category", "recipient-unused", "dm-objection-delay", "deadline", "portability", "legal-obligation",
		"criminal-offences", "basis-mismatch", "controller-contact", "cookie-consent", "art19-notify"} {
		if !codes[c] {
			t.Errorf("lint finding %s did not fire", c)
		}
	}
	golden.Check(t, "testdata/lint/all-findings.golden", format(src, ps))
}

// TestExamples checks that the five example registers compile without errors.
func TestExamples(t *testing.T) {
	all, _ := filepath.Glob("../examples/*.yaml")
	var files []string
	for _, f := range all {
		if !strings.HasSuffix(f, ".scenarios.yaml") {
			files = append(files, f)
		}
	}
	if len(files) != 5 {
		t.Fatalf("found %d examples, want 5", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			pol, src, ps, err := register.CompileFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if pol == nil || ps.Errors(false) > 0 {
				t.Fatalf("does not compile:\n%s", format(src, ps))
			}
			if len(pol.Purposes()) == 0 || len(pol.Categories()) == 0 {
				t.Errorf("compiled to an empty policy")
			}
		})
	}
}

func compileMinimal(t *testing.T, edit func(string) string) (*tillit.Policy, register.Problems) {
	t.Helper()
	src, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return register.Compile("minimal.yaml", []byte(edit(string(src))))
}

// TestRules checks the compiled form of each kind of retention rule.
func TestRules(t *testing.T) {
	month := func(n int) tillit.Duration { return tillit.Duration{N: n, Unit: tillit.Months} }
	tests := []struct {
		rule string
		want tillit.Rule
	}{
		{"delete at once on consent_withdrawn", tillit.Rule{Action: tillit.Delete, Event: "consent_withdrawn"}},
		{"delete until consent_withdrawn", tillit.Rule{Action: tillit.Delete, Event: "consent_withdrawn"}},
		{"anonymize 24 months after activity", tillit.Rule{Action: tillit.Anonymise, After: month(24), Event: "activity"}},
		{"archive 1 year after end of year of collected", tillit.Rule{Action: tillit.Archive, After: tillit.Duration{N: 1, Unit: tillit.Years}, EndOfYear: true, Event: "collected"}},
		{"review every 12 months after collected unless consent_given", tillit.Rule{Action: tillit.Review, Every: true, After: month(12), Event: "collected", Unless: "consent_given"}},
		{"delete 30 days after collected unless activity within 2 weeks", tillit.Rule{Action: tillit.Delete, After: tillit.Duration{N: 30, Unit: tillit.Days}, Event: "collected", Unless: "activity", Within: tillit.Duration{N: 2, Unit: tillit.Weeks}}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			pol, ps := compileMinimal(t, func(s string) string {
				return strings.Replace(s, "      - delete 24 months after activity", "      - "+tt.rule, 1)
			})
			if pol == nil {
				t.Fatalf("does not compile: %v", ps)
			}
			p, _ := pol.Purpose("newsletter")
			got := p.Retention[1]
			tt.want.Text = tt.rule
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rule differs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNotify checks that a recipient's notify compiles to the webhook or
// e-mail written, and that a recipient without one draws art19-notify only
// when the register promises to notify and the recipient's role calls for it
// (GDPR art. 19).
func TestNotify(t *testing.T) {
	const recipients = `recipients:
  crm:
    name: CRM AB
    role: processor
    country: SE
    categories: [email]
    notify: {webhook: https://crm.example.se/tillit/art19}
  partner:
    name: Partner AB
    role: controller
    country: SE
    categories: [email]
    notify:
      email: dataskydd@partner.se
  test_hook:
    name: Test AB
    role: joint_controller
    country: SE
    categories: [email]
    notify: {webhook: "http://[::1]:8080/art19"}
  silent:
    name: Silent AB
    role: ROLE
    country: SE
    categories: [email]
RIGHTS`
	tests := []struct {
		name, role, rights string
		warn               bool
	}{
		{"processor", "processor", "", true},
		{"controller, notify stated", "controller", "rights: {notify_recipients: true}", true},
		{"joint controller", "joint_controller", "", true},
		{"no notifying", "processor", "rights: {notify_recipients: false}", false},
		{"sub-processor", "sub_processor\n    processor_of: crm", "", false},
		{"authority", "authority", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, ps := compileMinimal(t, func(s string) string {
				s = strings.Replace(s, "    categories: [email]\n    retention:", "    categories: [email]\n    recipients: [crm, partner, test_hook, silent]\n    retention:", 1)
				r := strings.NewReplacer("ROLE", tt.role, "RIGHTS", tt.rights).Replace(recipients)
				return s + r + "\n"
			})
			if pol == nil {
				t.Fatalf("does not compile: %v", ps)
			}
			want := map[string]tillit.Notify{
				"crm":       {Webhook: "https://crm.example.se/tillit/art19"},
				"partner":   {Email: "dataskydd@partner.se"},
				"test_hook": {Webhook: "http://[::1]:8080/art19"},
				"silent":    {},
			}
			for id, n := range want {
				r, _ := pol.Recipient(id)
				if r.Notify != n {
					t.Errorf("%s: Notify = %+v, want %+v", id, r.Notify, n)
				}
				if r.Notify.IsZero() != (id == "silent") {
					t.Errorf("%s: IsZero = %v", id, r.Notify.IsZero())
				}
			}
			var warned []string
			for _, p := range ps {
				if p.Code == "art19-notify" {
					warned = append(warned, p.Message)
				}
			}
			switch {
			case tt.warn && (len(warned) != 1 || !strings.Contains(warned[0], "recipient silent ")):
				t.Errorf("want one art19-notify for silent, got %q", warned)
			case !tt.warn && len(warned) > 0:
				t.Errorf("want no art19-notify, got %q", warned)
			}
		})
	}
}

// TestOversized checks that a register over MaxSize is refused, not parsed.
func TestOversized(t *testing.T) {
	src := []byte("tillit: 1\n# " + strings.Repeat("x", register.MaxSize) + "\n")
	pol, ps := register.Compile("big.yaml", src)
	if pol != nil || ps.Errors(false) != 1 || !strings.Contains(ps[0].Message, "larger than") {
		t.Errorf("got %v", ps)
	}
}

// FuzzCompile feeds the checker arbitrary input: it must never panic or
// hang (the fuzzer reports both), and whatever it accepts must have compiled
// to a policy.
func FuzzCompile(f *testing.F) {
	for _, pattern := range []string{"testdata/*.yaml", "testdata/*/*.yaml", "../examples/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte("a: &x [*x, *x]\n"))
	f.Add([]byte("{tillit: 1, controller: {name: x}, categories: {}, purposes: {}}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		pol, ps := register.Compile("fuzz.yaml", src)
		if (pol == nil) != (ps.Errors(false) > 0) {
			t.Errorf("policy %v with %d errors", pol != nil, ps.Errors(false))
		}
		for _, p := range ps {
			_ = p.Format(src)
		}
	})
}

// TestSuggestion checks that a misspelt name is answered with the closest
// declared one, at the column of the misspelling.
func TestSuggestion(t *testing.T) {
	_, ps := compileMinimal(t, func(s string) string {
		return strings.Replace(s, "24 months after activity", "24 months after activty", 1)
	})
	if len(ps) != 1 || !strings.Contains(ps[0].Message, `event "activty" is not declared; did you mean "activity"?`) || ps[0].Col != 32 {
		t.Errorf("got %v", ps)
	}
}

// TestGuideExample checks that the complete register in docs/register.md
// compiles without a single problem, so the guide cannot drift from the
// grammar.
func TestGuideExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/register.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## A complete register")
	if !ok {
		t.Fatal("docs/register.md has no complete register")
	}
	_, rest, _ = strings.Cut(rest, "```yaml\n")
	src, _, _ := strings.Cut(rest, "```")
	pol, ps := register.Compile("docs/register.md", []byte(src))
	if pol == nil || len(ps) > 0 {
		t.Fatalf("the guide's example has problems:\n%s", format([]byte(src), ps))
	}
	if len(pol.Purposes()) != 5 || len(pol.CookieCategories()) != 2 || len(pol.LegalHolds()) != 1 {
		t.Errorf("the guide's example lost sections")
	}
}
