package extract

import (
	"strings"
	"testing"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

func TestFit(t *testing.T) {
	f := newFitter()
	table := props.Text{Size: sizeTable, Left: pad, Right: pad}
	tests := []struct {
		name string
		in   string
		p    props.Text
		span int
		want string // "" if only the width is checked
	}{
		{"short words stay", "Så länge avtalet gäller och därefter i 3 år", table, 4, "Så länge avtalet gäller och därefter i 3 år"},
		{"wide across the page", "Kundtjänstanteckning", props.Text{}, grid, "Kundtjänstanteckning"},
		{"line breaks become spaces", "Västra Ågatan 12\r\n753 09\tUppsala", props.Text{}, grid, "Västra Ågatan 12 753 09 Uppsala"},
		{"long word broken", "Kundtjänstanteckning", table, 3, ""},
		{"long address broken", "asa.oberg@example.se", table, 3, ""},
		{"bold", "Personuppgiftsansvarig", props.Text{Style: fontstyle.Bold}, 4, ""},
		{"one glyph per line at worst", "ÅÄÖ", table, 0, "Å Ä Ö"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.fit(tt.in, tt.p, tt.span)
			if tt.want != "" && got != tt.want {
				t.Errorf("fit(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.ReplaceAll(got, " ", "") != strings.Join(strings.Fields(tt.in), "") {
				t.Errorf("fit(%q) = %q: characters were lost or added", tt.in, got)
			}
			size := tt.p.Size
			if size == 0 {
				size = sizeBody
			}
			f.pdf.SetFont(family, string(tt.p.Style), size)
			width := float64(tt.span)*textWidth/grid - tt.p.Left - tt.p.Right
			for _, w := range strings.Fields(got) {
				if got := f.pdf.GetStringWidth(w); got > width && len([]rune(w)) > 1 {
					t.Errorf("%q is %.1f mm wide, the column %.1f mm", w, got, width)
				}
			}
			if tt.want == "" && !strings.Contains(got, " ") {
				t.Errorf("fit(%q) = %q, want it broken", tt.in, got)
			}
		})
	}
}
