package extract_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

func TestWriteHTML(t *testing.T) {
	tests := []struct {
		name string
		x    tillit.Extract
		want []string
	}{
		{"sv", swedish(), []string{
			`<html lang="sv">`,
			`<h1>Registerutdrag</h1>`,
			`<h2 id="controller">Personuppgiftsansvarig</h2>`,
			`<th scope="col">Kategori</th><th scope="col">Uppgift</th><th scope="col">Ändamål</th><th scope="col">Källa</th><th scope="col">Insamlad</th><th scope="col">Sparas</th><th scope="col">Lämnad till</th>`,
			`<h2 id="recipients">Mottagare som har fått dina uppgifter</h2>`,
			`<h2 id="consents">Samtycken</h2>`,
			`<h2 id="rights">Dina rättigheter</h2>`,
			`<h2 id="complaint">Klagomål</h2>`,
			`Arkiverad: sparas endast för rättsliga förpliktelser`,
			`7 år efter utgången av det kalenderår då räkenskapsåret avslutades (till <time datetime="2030-12-31">2030-12-31</time>)`,
			`<dt>Upprättat</dt><dd><time datetime="2025-03-15">2025-03-15</time></dd>`,
			`<dt>Din referens</dt><dd><code>sub_7f3a9c2e</code></dd>`,
			`<dt>Ärendenummer</dt><dd><code>req_01JPB4Y7ZK</code></dd>`,
			`<th scope="row">Namn</th>`,
			`<td class="value">Åsa Öberg</td>`,
			`<td>Elnät Norr AB, Inkasso Öst AB</td>`,
			`<th scope="row">Inkasso Öst AB</th>`,
			`<td class="date">2023-05-03 – 2025-02-01</td>`,
			`<td>Lämnat</td>`,
			`<li>Du har rätt att få dina uppgifter raderade (artikel 17).</li>`,
			`Integritetsskyddsmyndigheten (IMY)`,
			`<dd>556677-8899</dd>`,
		}},
		{"en", english(), []string{
			`<html lang="en">`,
			`<h1>Copy of your personal data</h1>`,
			`<h2 id="controller">Controller</h2>`,
			`<th scope="col">Category</th><th scope="col">Value</th><th scope="col">Purposes</th><th scope="col">Source</th><th scope="col">Collected</th><th scope="col">Kept</th><th scope="col">Disclosed to</th>`,
			`<h2 id="recipients">Recipients your data was disclosed to</h2>`,
			`<h2 id="consents">Consents</h2>`,
			`<h2 id="rights">Your rights</h2>`,
			`<h2 id="complaint">Complaint</h2>`,
			`Archived: kept only for a legal obligation`,
			`(until <time datetime="2030-12-31">2030-12-31</time>)`,
			`<dt>Generated</dt><dd><time datetime="2025-03-15">2025-03-15</time></dd>`,
			`<dt>Your reference</dt><dd><code>sub_7f3a9c2e</code></dd>`,
			`<dt>Request number</dt><dd><code>req_01JPB4Y7ZK</code></dd>`,
			`<td class="value">Åsa Öberg</td>`,
			`<td>You</td>`,
			`<td>Given</td>`,
			`<li>You have the right to have inaccurate data rectified (Article 16).</li>`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := extract.WriteHTML(&b, tt.x); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %s", s)
				}
			}
			// The hostile value is text, not markup.
			if want := `<td class="value">&lt;script&gt;alert(1)&lt;/script&gt;</td>`; !strings.Contains(page, want) {
				t.Errorf("page lacks the escaped value %s", want)
			}
			for _, bad := range []string{"<script", "javascript:", "http://", "https://", "//fonts.", "<link", "<img", "@import", "url("} {
				if strings.Contains(strings.ToLower(page), bad) {
					t.Errorf("page contains %q: scripts and external resources are not allowed", bad)
				}
			}
			if n := strings.Count(page, "<h1>"); n != 1 {
				t.Errorf("page has %d <h1>, want 1", n)
			}
			// Every header cell says what it heads.
			if n, m := len(regexp.MustCompile(`<th[\s>]`).FindAllString(page, -1)), strings.Count(page, `<th scope="`); n != m || n == 0 {
				t.Errorf("%d of %d <th> have a scope", m, n)
			}
			for _, css := range []string{"@media print", "@page", "size: A4", "break-inside: avoid"} {
				if !strings.Contains(page, css) {
					t.Errorf("style lacks %q", css)
				}
			}
		})
	}
}

// TestWriteHTMLEmpty: a person with no data is told so (GDPR art. 15(1)),
// and an extract without recipients or consents says so or leaves them out.
func TestWriteHTMLEmpty(t *testing.T) {
	x := swedish()
	x.Items, x.Recipients, x.Consents = nil, nil, nil
	x.Restricted = true
	var b bytes.Buffer
	if err := extract.WriteHTML(&b, x); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, s := range []string{
		"Vi behandlar inga personuppgifter om dig.",
		"Dina uppgifter har inte lämnats ut till någon mottagare.",
		"Behandlingen av dina uppgifter är begränsad.",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	for _, s := range []string{"<table", "Samtycken"} {
		if strings.Contains(page, s) {
			t.Errorf("page has %q though there is nothing to show", s)
		}
	}
}

func TestUnknownLanguage(t *testing.T) {
	x := swedish()
	x.Lang = "de"
	for name, write := range map[string]func(*bytes.Buffer) error{
		"html": func(b *bytes.Buffer) error { return extract.WriteHTML(b, x) },
		"pdf":  func(b *bytes.Buffer) error { return extract.WritePDF(b, x) },
	} {
		var b bytes.Buffer
		err := write(&b)
		if got := tillit.ErrorCode(err); got != tillit.EINVALID {
			t.Errorf("%s: error %v has code %q, want %q", name, err, got, tillit.EINVALID)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, b.Len())
		}
	}
}

func TestWriteJSON(t *testing.T) {
	x := swedish()
	var b bytes.Buffer
	if err := extract.WriteJSON(&b, x); err != nil {
		t.Fatal(err)
	}
	var got tillit.Extract
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(x, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("{\n  \"lang\": \"sv\",\n")) {
		t.Errorf("not indented:\n%.80s", b.String())
	}
	if !strings.Contains(b.String(), `"value": "<script>alert(1)</script>"`) {
		t.Errorf("HTML characters escaped; want them as they are")
	}
	if !strings.Contains(b.String(), `"value": "Åsa Öberg"`) {
		t.Errorf("name not written as UTF-8")
	}

	var again bytes.Buffer
	if err := extract.WriteJSON(&again, x); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of one extract differ")
	}
}

// TestWriteJSONEmptyLists: lists the format always has are [] when empty,
// never null, and the caller's extract is left as it was.
func TestWriteJSONEmptyLists(t *testing.T) {
	x := swedish()
	x.Items = []tillit.ExtractItem{{Category: "Namn", Value: "Åsa Öberg"}}
	x.Recipients = []tillit.ExtractRecipient{{Name: "Elnät Norr AB"}}
	x.Rights = nil
	var b bytes.Buffer
	if err := extract.WriteJSON(&b, x); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"purposes", "rights", "categories"} {
		if !regexp.MustCompile(`"` + key + `": \[\]`).MatchString(b.String()) {
			t.Errorf("%q is not []:\n%s", key, b.String())
		}
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("output has null:\n%s", b.String())
	}
	if x.Items[0].Purposes != nil || x.Recipients[0].Categories != nil {
		t.Error("WriteJSON changed the caller's extract")
	}

	b.Reset()
	if err := extract.WriteJSON(&b, tillit.Extract{Lang: tillit.English}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"items": []`) {
		t.Errorf("no items is not []:\n%s", b.String())
	}
}
