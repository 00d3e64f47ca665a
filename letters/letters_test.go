package letters_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/golden"
	"github.com/tillit-privacy/tillit/letters"
)

// check compares a letter's text in lang with testdata/dir/name.lang.txt;
// go test -update rewrites the files.
func check(t *testing.T, dir, name string, lang tillit.Lang, got string, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	file := name + ".txt"
	if lang != "" {
		file = name + "." + string(lang) + ".txt"
	}
	golden.Check(t, filepath.Join("testdata", dir, file), got)
}

func letter(l letters.Letter, err error) (string, error) {
	return formatLetter(l.Subject, l.Attachment, l.Body), err
}

func draft(d tillit.Draft, err error) (string, error) {
	return formatDraft(d.Lang, d.Title, d.Text), err
}

// goldens checks the letter f writes for each case in each language with
// its golden file in testdata/dir.
func goldens[C any](t *testing.T, dir string, cases []C, name func(C) string, f func(C, tillit.Lang) (string, error)) {
	t.Helper()
	for _, c := range cases {
		each(t, dir+"/"+name(c), func(t *testing.T, lang tillit.Lang) {
			got, err := f(c, lang)
			check(t, dir, name(c), lang, got, err)
		})
	}
}

// each runs f as a subtest per language.
func each(t *testing.T, name string, f func(t *testing.T, lang tillit.Lang)) {
	for _, lang := range tillit.Langs {
		t.Run(name+"."+string(lang), func(t *testing.T) { f(t, lang) })
	}
}

func TestAnswers(t *testing.T) {
	pols := casePolicies(t)
	full, bare := pols["full"], pols["bare"]
	goldens(t, "code", codeCases, func(c codeCase) string { return c.name }, func(c codeCase, lang tillit.Lang) (string, error) {
		return letter(letters.Code{Policy: pols[c.pol], Request: c.request, Code: c.code, ConfirmURL: c.link}.In(lang))
	})
	t.Run("nothing", func(t *testing.T) {
		for i, right := range caseRights {
			each(t, string(right), func(t *testing.T, lang tillit.Lang) {
				got, err := letter(letters.NothingHeld{Policy: pols[casePolicyNames[i%len(casePolicyNames)]], Request: request(right)}.In(lang))
				check(t, "answer_nothing", string(right), lang, got, err)
			})
		}
	})
	goldens(t, "answer_access", accessCases, func(c accessCase) string { return c.name }, func(c accessCase, lang tillit.Lang) (string, error) {
		r := request(tillit.RightAccess)
		r.Repeat = c.repeat
		return letter(letters.Access{Policy: pols[c.pol], Request: r, Link: c.link, Until: c.until}.In(lang))
	})
	goldens(t, "answer_portable", portableCases, func(c portableCase) string { return c.name }, func(c portableCase, lang tillit.Lang) (string, error) {
		return letter(letters.Portable{Policy: full, Request: request(tillit.RightPortability), Items: c.items}.In(lang))
	})
	goldens(t, "answer_erasure", erasureCases, func(c erasureCase) string { return c.name }, func(c erasureCase, lang tillit.Lang) (string, error) {
		return letter(letters.Erasure{Policy: pols[c.pol], Request: request(tillit.RightErasure), Erasure: c.erasure, Notified: c.notified}.In(lang))
	})
	goldens(t, "answer_changed", changedCases, func(c changedCase) string { return c.name }, func(c changedCase, lang tillit.Lang) (string, error) {
		return letter(letters.Changed{Policy: full, Request: request(c.right), Categories: c.cats, Notified: c.notified}.In(lang))
	})
	goldens(t, "answer_purposes", purposesCases, func(c purposesCase) string { return c.name }, func(c purposesCase, lang tillit.Lang) (string, error) {
		return letter(letters.Purposes{Policy: full, Request: request(c.right), Purposes: c.purposes}.In(lang))
	})
	goldens(t, "answer_overruled", overruledCases, func(c reasonCase) string { return c.name }, func(c reasonCase, lang tillit.Lang) (string, error) {
		return letter(letters.Overruled{Policy: full, Request: request(c.right), Purpose: c.reason, Grounds: caseGrounds}.In(lang))
	})
	goldens(t, "answer_refused", refusedCases, func(c reasonCase) string { return c.name }, func(c reasonCase, lang tillit.Lang) (string, error) {
		return letter(letters.Refused{Policy: bare, Request: request(c.right), Reason: c.reason}.In(lang))
	})
	goldens(t, "answer_extended", extendedCases, func(c reasonCase) string { return c.name }, func(c reasonCase, lang tillit.Lang) (string, error) {
		return letter(letters.Extended{Policy: full, Request: request(c.right), Reason: c.reason}.In(lang))
	})
	goldens(t, "acknowledgement", ackCases, func(c ackCase) string { return c.name }, func(c ackCase, lang tillit.Lang) (string, error) {
		return letters.Acknowledgement{TTL: c.ttl}.In(lang)
	})
	goldens(t, "consent_link", consentLinkCases, func(c consentLinkCase) string { return c.name }, func(c consentLinkCase, lang tillit.Lang) (string, error) {
		return letters.ConsentLink{URL: c.url, Until: c.until}.In(lang)
	})
}

func TestArt19(t *testing.T) {
	for _, c := range art19Cases {
		t.Run(c.name, func(t *testing.T) {
			n := letters.Art19{Type: c.kind, Controller: "Exempel AB", Subject: "sub_01J8Z5", Categories: c.categories, Changes: c.changes}
			for _, d := range c.disclosures {
				n.Disclosures = append(n.Disclosures, letters.Disclosure{ID: d[0], Purpose: d[1], At: at(d[2])})
			}
			got, err := letter(n.Bilingual())
			check(t, "art19", c.name, "", got, err)
		})
	}
}

func TestBreach(t *testing.T) {
	pols := casePolicies(t)
	for _, c := range incidentCases {
		pol := pols[c.pol]
		each(t, c.name, func(t *testing.T, lang tillit.Lang) {
			got, err := draft(letters.AuthorityDraft{Policy: pol, Incident: c.incident, Affected: c.affected, Now: c.now}.In(lang))
			check(t, "breach_authority", c.name, lang, got, err)
			got, err = draft(letters.BreachNotice{Policy: pol, Incident: c.incident, Categories: c.cats}.In(lang))
			check(t, "breach_notice", c.name, lang, got, err)
		})
	}
}

// TestOtherLanguage checks that a language other than English gets the
// Swedish text, as every text of Tillit does, while a draft keeps the
// language it was asked for.
func TestOtherLanguage(t *testing.T) {
	bare := casePolicies(t)["bare"]
	sv, err := letters.Acknowledgement{TTL: time.Hour}.In(tillit.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	de, err := letters.Acknowledgement{TTL: time.Hour}.In("de")
	if err != nil || de != sv {
		t.Errorf("in de: %q, %v; want the Swedish %q", de, err, sv)
	}
	d, err := letters.BreachNotice{Policy: bare, Incident: caseIncident}.In("de")
	if err != nil || d.Lang != "de" {
		t.Errorf("draft in de: %v, %v", d.Lang, err)
	}
}
