package notice_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
)

// The fragment is the page's content, from its heading to its footer,
// without the page around it.
func TestFragment(t *testing.T) {
	for _, name := range examples {
		pol := load(t, name)
		for _, lang := range []tillit.Lang{tillit.Swedish, tillit.English} {
			var b bytes.Buffer
			if err := notice.Fragment(&b, pol, lang); err != nil {
				t.Fatal(err)
			}
			frag, page := b.String(), render(t, pol, lang, notice.HTML)
			if !strings.HasPrefix(frag, "<header>\n<h1>") || !strings.HasSuffix(strings.TrimSpace(frag), "</footer>") {
				t.Errorf("%s %s: the fragment is not heading to footer:\n%.200s", name, lang, frag)
			}
			if !strings.Contains(page, "<body>\n"+frag+"</body>") {
				t.Errorf("%s %s: the fragment is not the page's body", name, lang)
			}
			for _, n := range []string{"<html", "<head>", "<style", "<body"} {
				if strings.Contains(frag, n) {
					t.Errorf("%s %s: %s in the fragment", name, lang, n)
				}
			}
		}
	}
}
