package server

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/pii"
)

// The articles of the GDPR each right rests on, shown as a hint.
var rightArticles = map[tillit.Right]string{
	tillit.RightAccess: "15", tillit.RightRectification: "16", tillit.RightErasure: "17", tillit.RightRestriction: "18",
	tillit.RightPortability: "20", tillit.RightObjection: "21", tillit.RightWithdrawal: "7.3",
}

// rightCard is a right as the list of rights shows it.
type rightCard struct {
	Right                tillit.Right
	Title, Desc, Article string
}

// rights lists every right in plain words, each with a link to its form.
func (c *centre) rights(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.rights_title", "/privacy/requests")
	var cards []rightCard
	for _, right := range tillit.AllRights {
		cards = append(cards, rightCard{Right: right, Title: text("centre.right."+string(right), p.Lang),
			Desc: text("centre.right."+string(right)+".desc", p.Lang), Article: p.T("centre.article", rightArticles[right])})
	}
	p.Data = struct {
		Rights   []rightCard
		Deadline string
	}{cards, period(c.Vault.Policy().Rights().Deadline, p.Lang)}
	c.render(w, http.StatusOK, "centre/rights.html", p)
}

// requestPage is the form of one right.
type requestPage struct {
	Right    rightCard
	Email    centreField
	Message  centreField
	Changes  []centreField // rectification: one input per category the person may correct
	Purposes []centreChoice
	Group    centreField // the error and legend of Changes or Purposes
	Deadline string
}

// rightOf returns the right a path names.
func rightOf(s string) (tillit.Right, bool) {
	r := tillit.Right(s)
	return r, slices.Contains(tillit.AllRights, r)
}

// newRequestPage returns the empty form of right in p's language.
func (c *centre) newRequestPage(p *Page, right tillit.Right) *requestPage {
	pol := c.Vault.Policy()
	rp := &requestPage{
		Right: rightCard{Right: right, Title: text("centre.right."+string(right), p.Lang),
			Desc: text("centre.right."+string(right)+".desc", p.Lang), Article: p.T("centre.article", rightArticles[right])},
		Email:    centreField{ID: "email", Name: "email", Label: p.T("centre.email"), Hint: p.T("centre.email_hint")},
		Message:  centreField{ID: "message", Name: "message", Label: p.T("centre.message"), Hint: p.T("centre.message_hint")},
		Deadline: p.T("centre.answer_within", period(pol.Rights().Deadline, p.Lang)),
	}
	switch right {
	case tillit.RightRectification:
		rp.Group = centreField{ID: "changes", Label: p.T("centre.changes"), Hint: p.T("centre.changes_hint")}
		for _, cat := range correctable(pol) {
			rp.Changes = append(rp.Changes, centreField{ID: "change-" + cat.ID, Name: "change." + cat.ID, Label: p.In(cat.Label), Hint: p.In(cat.Description)})
		}
	case tillit.RightObjection, tillit.RightWithdrawal:
		rp.Group = centreField{ID: "purpose", Label: p.T("centre.purpose." + string(right))}
		rp.Purposes = []centreChoice{{Value: "", Label: p.T("centre.purpose_all"), Checked: true}}
		for _, pu := range pol.Purposes() {
			if right == tillit.RightObjection && !pu.Objectable() || right == tillit.RightWithdrawal && pu.Basis != tillit.Consent {
				continue
			}
			hint := p.In(pu.Description)
			if right == tillit.RightObjection && pu.DirectMarketing {
				hint = strings.TrimSpace(hint + " " + p.T("centre.immediate"))
			}
			rp.Purposes = append(rp.Purposes, centreChoice{Value: pu.ID, Label: p.In(pu.Label), Hint: hint})
		}
	}
	return rp
}

// correctable returns the categories a person may ask to have corrected:
// those they give the controller themselves, at a form, by e-mail or
// phone, not collected by cookies or logs, and not secrets, files or
// values only passed on.
func correctable(pol *tillit.Policy) []tillit.Category {
	given := map[string]bool{}
	for _, pt := range pol.CollectionPoints() {
		if pt.Source != "" || pt.Channel == tillit.ChannelCookies || pt.Channel == tillit.ChannelSoftware {
			continue
		}
		for _, id := range append(append([]string(nil), pt.Required...), pt.Optional...) {
			given[id] = true
		}
	}
	var out []tillit.Category
	for _, cat := range pol.Categories() {
		switch {
		case !given[cat.ID], cat.Transient:
		case cat.Type == tillit.TypeSecret, cat.Type == tillit.TypeFile, cat.Type == tillit.TypeCardNumber,
			cat.Type == tillit.TypeIPAddress, cat.Type == tillit.TypeBoolean:
		default:
			out = append(out, cat)
		}
	}
	return out
}

// rightPage returns the form page of the right the path names, or answers
// 404 and returns false when it names none.
func (c *centre) rightPage(w http.ResponseWriter, r *http.Request) (*Page, *requestPage, tillit.Right, bool) {
	right, ok := rightOf(r.PathValue("right"))
	if !ok {
		c.problem(w, r, http.StatusNotFound, "centre.not_found_title", "centre.no_right")
		return nil, nil, "", false
	}
	p := c.page(r, "centre.rights_title", "/privacy/requests")
	rp := c.newRequestPage(p, right)
	p.Title, p.Data = rp.Right.Title, rp
	return p, rp, right, true
}

func (c *centre) requestForm(w http.ResponseWriter, r *http.Request) {
	if p, _, _, ok := c.rightPage(w, r); ok {
		c.render(w, http.StatusOK, "centre/request.html", p)
	}
}

// submitRequest records the request and sends the code. Whatever the
// address, the answer is the same redirect to the confirmation page: the
// vault does not look the address up before the code is confirmed.
func (c *centre) submitRequest(w http.ResponseWriter, r *http.Request) {
	p, rp, right, ok := c.rightPage(w, r)
	if !ok {
		return
	}
	f := tillit.RequestForm{Right: right, Lang: p.Lang, Email: strings.TrimSpace(r.PostFormValue("email")), Message: r.PostFormValue("message")}
	rp.Email.Value, rp.Message.Value = f.Email, f.Message
	bad := false
	if f.Email == "" {
		rp.Email.Error, bad = p.T("centre.email_missing"), true
	} else if _, err := pii.Email(f.Email); err != nil {
		var pe *pii.Error
		rp.Email.Error, bad = p.T("centre.email_missing"), true
		if errors.As(err, &pe) {
			rp.Email.Error = tillit.Text{SV: pe.SV, EN: pe.EN}.In(p.Lang)
		}
	}
	if len(f.Message) > tillit.MaxRequestMessage || !utf8.ValidString(f.Message) {
		rp.Message.Error, bad = p.T("centre.message_long", tillit.MaxRequestMessage/1024), true
	}
	switch right {
	case tillit.RightRectification:
		for i := range rp.Changes {
			ch := &rp.Changes[i]
			ch.Value = strings.TrimSpace(r.PostFormValue(ch.Name))
			if ch.Value != "" {
				if f.Changes == nil {
					f.Changes = map[string]string{}
				}
				f.Changes[strings.TrimPrefix(ch.Name, "change.")] = ch.Value
			}
		}
		if len(f.Changes) == 0 {
			rp.Group.Error, bad = p.T("centre.changes_missing"), true
		}
	case tillit.RightObjection, tillit.RightWithdrawal:
		f.Purpose = r.PostFormValue("purpose")
		known := false
		for i := range rp.Purposes {
			rp.Purposes[i].Checked = rp.Purposes[i].Value == f.Purpose
			known = known || rp.Purposes[i].Checked
		}
		if !known {
			rp.Group.Error, bad = p.T("centre.purpose_none"), true
		}
	}
	if bad {
		p.Error = p.T("centre.form_errors")
		c.render(w, http.StatusUnprocessableEntity, "centre/request.html", p)
		return
	}
	if !c.allowMail(f.Email) {
		p.Error = p.T("centre.mail_limit")
		c.render(w, http.StatusTooManyRequests, "centre/request.html", p)
		return
	}
	req, err := c.Requests.Submit(r.Context(), f)
	if tillit.ErrorCode(err) == tillit.EINVALID {
		// What the vault refuses beyond the checks above: a correction
		// of the wrong form for its category.
		if right == tillit.RightRectification {
			rp.Group.Error = centreMessage(err, p.Lang)
			p.Error = p.T("centre.form_errors")
		} else {
			p.Error = centreMessage(err, p.Lang)
		}
		c.render(w, http.StatusUnprocessableEntity, "centre/request.html", p)
		return
	}
	if err != nil {
		c.failed(w, r, err)
		return
	}
	q := url.Values{"request": {req.ID}, "sent": {"1"}, "lang": {string(p.Lang)}}
	http.Redirect(w, r, "/privacy/confirm?"+q.Encode(), http.StatusSeeOther)
}

// requestID is the form of a request's ID.
var requestID = regexp.MustCompile(`^req_[a-z2-7]{24}$`)

// codeForm is the confirmation form.
type codeForm struct {
	Request, Code centreField
	Known         bool   // the request's ID came with the link: it is a hidden centreField
	Sent          string // the acknowledgement, right after the request was sent
	FromLink      bool   // the code came with the link: one click confirms
	Hours         int
}

func (c *centre) newCodeForm(p *Page, request, code string) *codeForm {
	return &codeForm{
		Request: centreField{ID: "request", Name: "request", Label: p.T("centre.request"), Hint: p.T("centre.request_hint"), Value: request},
		Code:    centreField{ID: "code", Name: "code", Label: p.T("centre.code"), Hint: p.T("centre.code_hint"), Value: code},
		Known:   requestID.MatchString(request),
	}
}

// confirmForm asks for the code. The e-mail's link fills the form in but
// does not confirm by itself: mail filters open links to scan them, and
// a request must be confirmed by the person.
func (c *centre) confirmForm(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.confirm_title", "")
	q := r.URL.Query()
	cf := c.newCodeForm(p, strings.TrimSpace(q.Get("request")), strings.TrimSpace(q.Get("code")))
	cf.FromLink = cf.Known && cf.Code.Value != ""
	cf.Hours = int(c.Requests.RequestTTL().Hours())
	if q.Get("sent") == "1" {
		cf.Sent = c.Requests.Acknowledgement(p.Lang)
	}
	p.Data = cf
	c.render(w, http.StatusOK, "centre/confirm.html", p)
}

// outcome is what the page after confirmation shows.
type outcome struct {
	Request tillit.Request
	Right   string
	Done    bool
}

func (c *centre) confirm(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.confirm_title", "")
	code := strings.Join(strings.Fields(r.PostFormValue("code")), "")
	cf := c.newCodeForm(p, strings.TrimSpace(r.PostFormValue("request")), code)
	cf.Hours = int(c.Requests.RequestTTL().Hours())
	p.Data = cf
	bad := false
	if cf.Request.Value == "" {
		cf.Request.Error, bad = p.T("centre.request_missing"), true
	}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		cf.Code.Error, bad = p.T("centre.code_missing"), true
	}
	if bad {
		p.Error = p.T("centre.form_errors")
		c.render(w, http.StatusUnprocessableEntity, "centre/confirm.html", p)
		return
	}
	req, err := c.Requests.Confirm(r.Context(), cf.Request.Value, code)
	if ec := tillit.ErrorCode(err); ec == tillit.EFORBIDDEN || ec == tillit.EINVALID {
		// A wrong code, an unknown and an expired request read alike.
		cf.Code.Error, cf.Code.Value = centreMessage(err, p.Lang), ""
		p.Error = p.T("centre.form_errors")
		c.render(w, statusOf(err), "centre/confirm.html", p)
		return
	}
	if err != nil {
		c.failed(w, r, err)
		return
	}
	p.Title = p.T("centre.confirmed_title")
	p.Data = outcome{Request: req, Right: text("centre.right."+string(req.Right), p.Lang), Done: req.State == tillit.StateDone}
	c.render(w, http.StatusOK, "centre/confirmed.html", p)
}
