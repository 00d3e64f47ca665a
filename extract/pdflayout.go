package extract

import (
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// layout turns a view into maroto rows.
type layout struct {
	fit *fitter
}

// rows lays out the extract.
func (l layout) rows(v view) []core.Row {
	w := v.W
	rows := []core.Row{
		text.NewAutoRow(w.Title, props.Text{Size: sizeTitle, Style: fontstyle.Bold, Bottom: 3}),
		l.pair(w.Generated, v.Generated),
		l.pair(w.Reference, v.Subject),
	}
	if v.Request != "" {
		rows = append(rows, l.pair(w.Request, v.Request))
	}
	if v.Restricted {
		rows = append(rows, row.New(4))
		rows = append(rows, l.paragraph(w.Restricted, props.Text{Color: noteColor, Style: fontstyle.Bold})...)
	}

	c := v.Controller
	rows = append(rows, heading(w.Controller), l.pair(w.Controller, c.Name))
	for _, f := range [][2]string{{w.OrgNumber, c.OrgNumber}, {w.Address, c.Address}, {w.Email, c.Email}, {w.DPO, c.DPO}} {
		if f[1] != "" {
			rows = append(rows, l.pair(f[0], f[1]))
		}
	}

	rows = append(rows, heading(w.Data))
	if len(v.Items) == 0 {
		rows = append(rows, l.paragraph(w.NoData, props.Text{})...)
	} else {
		widths := []int{3, 4, 3, 3, 3, 5, 3}
		rows = append(rows, l.table(widths, true, w.Category, w.Value, w.Purposes, w.Source, w.Collected, w.Kept, w.Disclosed)...)
		for _, it := range v.Items {
			kept := it.Kept(w)
			if it.Archived {
				kept = strings.TrimSuffix(kept, ".") + ". " + w.Archived
			}
			rows = append(rows, l.table(widths, false, it.Category, it.Value, it.Purposes, it.Source, it.Collected, kept, it.Recipients)...)
		}
	}

	rows = append(rows, heading(w.Recipients))
	if len(v.Recipients) == 0 {
		rows = append(rows, l.paragraph(w.NoRecipients, props.Text{})...)
	} else {
		widths := []int{5, 3, 5, 4, 5, 2}
		rows = append(rows, l.table(widths, true, w.Recipient, w.Country, w.Categories, w.Purposes, w.Period, w.Times)...)
		for _, r := range v.Recipients {
			rows = append(rows, l.table(widths, false, r.Name, r.Country, r.Categories, r.Purposes, r.Period, strconv.Itoa(r.Times))...)
		}
	}

	if len(v.Consents) > 0 {
		widths := []int{10, 5, 4, 5}
		rows = append(rows, heading(w.Consents))
		rows = append(rows, l.table(widths, true, w.Purpose, w.Consent, w.Version, w.Date)...)
		for _, cs := range v.Consents {
			rows = append(rows, l.table(widths, false, cs.Purpose, cs.Status, cs.Version, cs.At)...)
		}
	}

	rows = append(rows, heading(w.Rights))
	for _, r := range v.Rights {
		p := props.Text{Bottom: pad}
		rows = append(rows, row.New().Add(
			text.NewCol(1, "•", props.Text{Align: align.Right, Right: 2, Bottom: pad}),
			text.NewCol(grid-1, l.fit.fit(r, p, grid-1), p),
		))
	}
	rows = append(rows, heading(w.Complaint))
	rows = append(rows, l.paragraph(v.Complaint, props.Text{})...)
	return rows
}

func heading(s string) core.Row {
	return text.NewAutoRow(s, props.Text{Size: sizeHeading, Style: fontstyle.Bold, Top: 6, Bottom: 2})
}

// paragraph is text across the page, in rows of at most maxLines lines.
func (l layout) paragraph(s string, p props.Text) []core.Row {
	p.Bottom = pad
	lines := l.fit.lines(s, p, grid)
	var rows []core.Row
	for k := 0; k < len(lines); k += maxLines {
		rows = append(rows, text.NewAutoRow(strings.Join(lines[k:min(k+maxLines, len(lines))], " "), p))
	}
	return rows
}

// pair is a label and its value on one line.
func (l layout) pair(label, value string) core.Row {
	const labelWidth = 8
	lp := props.Text{Style: fontstyle.Bold, Bottom: 1, Right: 2}
	vp := props.Text{Bottom: 1}
	return row.New().Add(
		text.NewCol(labelWidth, l.fit.fit(label, lp, labelWidth), lp),
		text.NewCol(grid-labelWidth, l.fit.fit(value, vp, grid-labelWidth), vp),
	)
}

// table is one line of a table, its head if head is set. Maroto never
// splits a row across pages, so an item stays whole; but a row taller than
// a page would run off its foot, so a cell of more than maxLines lines goes
// on in rows of its own below.
func (l layout) table(widths []int, head bool, cells ...string) []core.Row {
	style, cell := fontstyle.Normal, &props.Cell{BorderType: border.Bottom, BorderColor: rule, BorderThickness: 0.2}
	if head {
		style, cell = fontstyle.Bold, &props.Cell{BackgroundColor: headFill, BorderType: border.Bottom, BorderColor: grey, BorderThickness: 0.3}
	}
	p := props.Text{Size: sizeTable, Style: style, Top: pad, Bottom: pad, Left: pad, Right: pad, VerticalPadding: 0.5}
	lines := make([][]string, len(cells))
	parts := 1
	for i, s := range cells {
		lines[i] = l.fit.lines(s, p, widths[i])
		parts = max(parts, (len(lines[i])+maxLines-1)/maxLines)
	}
	rows := make([]core.Row, parts)
	for k := range parts {
		cols := make([]core.Col, len(cells))
		for i := range cells {
			s := strings.Join(lines[i][min(k*maxLines, len(lines[i])):min((k+1)*maxLines, len(lines[i]))], " ")
			if s == "" {
				cols[i] = col.New(widths[i])
				continue
			}
			cols[i] = text.NewCol(widths[i], s, p)
		}
		rows[k] = row.New().Add(cols...)
		if k == parts-1 {
			rows[k].WithStyle(cell)
		}
	}
	return rows
}

// maxLines is the most lines of text one row holds: at the sizes used,
// well under the height of a page.
const maxLines = 20
