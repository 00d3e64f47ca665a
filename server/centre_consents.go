package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The person's consents. A signed link in every e-mail to a known person
// opens them; each given consent is withdrawn with one button (GDPR art.
// 7(3): as easy as giving it). Without a link, the withdrawal request
// form (e-mail and code) does the same.

// consentRow is one purpose on the consents page.
type consentRow struct {
	Purpose, Label, Description string
	tillit.ConsentStatus
}

// consentsPage is what the consents page shows.
type consentsPage struct {
	Link     string // the signed link; "" for the page without one
	Until    time.Time
	Rows     []consentRow
	Purposes []string // without a link: the purposes that ask for consent
	Problem  string   // the link does not hold
}

func (c *centre) consents(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.consents_title", "/privacy/consents")
	link := r.URL.Query().Get("link")
	if link == "" {
		cp := &consentsPage{}
		for _, pu := range c.Vault.Policy().Purposes() {
			if pu.Basis == tillit.Consent {
				cp.Purposes = append(cp.Purposes, p.In(pu.Label))
			}
		}
		p.Data = cp
		c.render(w, http.StatusOK, "centre/consents.html", p)
		return
	}
	c.showConsents(w, tillit.WithActor(r.Context(), centreActor), r, p, link, http.StatusOK)
}

// showConsents renders the consents a link opens, or why it opens none.
func (c *centre) showConsents(w http.ResponseWriter, ctx context.Context, r *http.Request, p *Page, link string, st int) {
	_, states, err := c.Centre.LinkConsents(ctx, link)
	cp := &consentsPage{Link: link}
	p.Data = cp
	if code := tillit.ErrorCode(err); code == tillit.EFORBIDDEN {
		p.Title, cp.Problem = p.T("centre.link_bad_title"), centreMessage(err, p.Lang)
		c.render(w, statusOf(err), "centre/consents.html", p)
		return
	} else if err != nil {
		c.failed(w, r, err)
		return
	}
	cp.Until = linkExpiry(link)
	pol := c.Vault.Policy()
	for _, st := range states {
		pu, _ := pol.Purpose(st.Purpose)
		cp.Rows = append(cp.Rows, consentRow{Purpose: pu.ID, Label: p.In(pu.Label), Description: p.In(pu.Description), ConsentStatus: st})
	}
	c.render(w, st, "centre/consents.html", p)
}

// linkExpiry reads the expiry a consent link states; the vault has
// checked its signature.
func linkExpiry(link string) time.Time {
	parts := strings.Split(link, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// withdraw withdraws one consent with one click from the signed link's
// page, and shows the page again with what was done.
func (c *centre) withdraw(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.consents_title", "/privacy/consents")
	link, purpose := r.PostFormValue("link"), r.PostFormValue("purpose")
	changed, err := c.Centre.WithdrawByLink(r.Context(), link, purpose)
	switch tillit.ErrorCode(err) {
	case "":
		pu, _ := c.Vault.Policy().Purpose(purpose)
		if changed {
			p.Flash = p.T("centre.withdrawn_flash", p.In(pu.Label))
		} else {
			p.Flash = p.T("centre.already_withdrawn", p.In(pu.Label))
		}
		c.showConsents(w, r.Context(), r, p, link, http.StatusOK)
	case tillit.EFORBIDDEN:
		c.showConsents(w, r.Context(), r, p, link, statusOf(err))
	case tillit.EINVALID:
		p.Error = centreMessage(err, p.Lang)
		c.showConsents(w, r.Context(), r, p, link, statusOf(err))
	default:
		c.failed(w, r, err)
	}
}
