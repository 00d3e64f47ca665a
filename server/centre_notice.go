package server

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/tillit-privacy/tillit/notice"
)

// notice shows the privacy notice, rendered from the register in force
// on every request, so that it is always current, in the centre's frame.
func (c *centre) notice(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.notice_title", "/privacy")
	var b bytes.Buffer
	if err := notice.Fragment(&b, c.Vault.Policy(), p.Lang); err != nil {
		c.failed(w, r, err)
		return
	}
	p.Data = template.HTML(b.String()) // html/template escaped every value of the register
	c.render(w, http.StatusOK, "centre/notice.html", p)
}
