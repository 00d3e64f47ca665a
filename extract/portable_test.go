package extract_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

func portable() []tillit.PortableItem {
	return []tillit.PortableItem{
		{Category: "name", Value: "Åsa Öberg", Point: "signup", Collected: at("2023-05-02 10:15")},
		{Category: "address", Value: "Västra Ågatan 12\n753 09 Uppsala", Point: "signup", Collected: at("2023-05-02 10:15")},
		{Category: "note", Value: `Sa "hej", sedan hejdå`, Point: "support"},
		{Category: "note", Value: "=HYPERLINK(\"http://evil.example\",\"klicka\")", Point: "support", Collected: at("2024-11-20 14:05")},
		{Category: "phone", Value: "+46 70 123 45 67", Point: "signup", Collected: at("2023-05-02 10:15")},
		{Category: "note", Value: "-2+3", Point: "support"},
		{Category: "note", Value: "@SUM(A1:A2)", Point: "support"},
		{Category: "note", Value: "\t=1+1", Point: "support"},
		{Category: "note", Value: "\r=1+1", Point: "support"},
		{Category: "note", Value: "1-2 = -1", Point: "support"},
	}
}

func TestWritePortableCSV(t *testing.T) {
	var b bytes.Buffer
	if err := extract.WritePortableCSV(&b, portable()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"category", "value", "point", "collected"},
		{"name", "Åsa Öberg", "signup", "2023-05-02T08:15:00Z"}, // CEST is UTC+2
		{"address", "Västra Ågatan 12\n753 09 Uppsala", "signup", "2023-05-02T08:15:00Z"},
		{"note", `Sa "hej", sedan hejdå`, "support", ""},
		{"note", "'=HYPERLINK(\"http://evil.example\",\"klicka\")", "support", "2024-11-20T13:05:00Z"}, // CET is UTC+1
		{"phone", "'+46 70 123 45 67", "signup", "2023-05-02T08:15:00Z"},
		{"note", "'-2+3", "support", ""},
		{"note", "'@SUM(A1:A2)", "support", ""},
		{"note", "'\t=1+1", "support", ""},
		{"note", "'\r=1+1", "support", ""},
		{"note", "1-2 = -1", "support", ""},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// Every collected time reads back as the instant written.
	for i, it := range portable() {
		if it.Collected.IsZero() {
			continue
		}
		got, err := time.Parse(time.RFC3339, rows[i+1][3])
		if err != nil || !got.Equal(it.Collected) {
			t.Errorf("row %d: collected %q, want %v (%v)", i+1, rows[i+1][3], it.Collected, err)
		}
	}
}

func TestWritePortableCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := extract.WritePortableCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "category,value,point,collected\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWritePortableJSON(t *testing.T) {
	items := portable()
	var b bytes.Buffer
	if err := extract.WritePortableJSON(&b, items); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Items []tillit.PortableItem `json:"items"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	// JSON has no formulas: values are given back exactly.
	if diff := cmp.Diff(items, got.Items); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	b.Reset()
	if err := extract.WritePortableJSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "{\n  \"items\": []\n}\n"; got != want {
		t.Errorf("no items: got %q, want %q", got, want)
	}
	b.Reset()
	if err := extract.WritePortableJSON(&b, items[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n    {\n      \"category\": \"name\",\n      \"value\": \"Åsa Öberg\",") {
		t.Errorf("not indented or not UTF-8:\n%s", b.String())
	}
}
