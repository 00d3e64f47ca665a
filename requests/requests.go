package requests

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/letters"
	"github.com/tillit-privacy/tillit/pii"
)

// The requests' audit actions.
const (
	auditRequestReceived  = "request_received"
	auditRequestConfirmed = "request_confirmed"
	auditRequestWrongCode = "request_wrong_code"
	auditRequestExtended  = "request_extended"
	auditRequestDone      = "request_done"
	auditRequestRefused   = "request_refused"
	auditRequestExpired   = "request_expired"
	auditRequestViewed    = "request_viewed"
)

// MaxCodeAttempts is how many wrong codes a request takes before no code
// confirms it any more.
const MaxCodeAttempts = 5

// errCode is the one answer to a wrong, expired or unknown code or
// request: it must not tell whether a request exists.
func errCode(op string) error {
	return tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Text("requests.code_wrong_request_expired_send"))
}

// Submit records a person's request and e-mails them a one-time code to
// confirm it. Whether anyone in the register has the address is not
// looked at until the code is confirmed, so the answer, the work done and
// the e-mail sent are the same for a known and an unknown address.
func (s *Service) Submit(ctx context.Context, f tillit.RequestForm) (tillit.Request, error) {
	const op = "requests.Submit"
	r, code, err := s.checkForm(op, f)
	if err != nil {
		return r, err
	}
	err = s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		now := s.c.Now().UTC()
		r.ID, r.State, r.Received = s.c.ID("req"), tillit.StateReceived, now
		r.Expires = now.Add(s.c.RequestTTL)
		r.Due = core.Deadline(now, s.c.Policy().Rights().Deadline)
		r.Code = s.codeHash(r.ID, code)
		wrapped, err := s.sealDetails(&r)
		if err != nil {
			return err
		}
		if err := tx.InsertRequest(r, wrapped); err != nil {
			return err
		}
		if err := s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRequestReceived,
			Detail: "request=" + r.ID + " right=" + string(r.Right)}); err != nil {
			return err
		}
		e, err := answerWith(r, letters.Code{Policy: s.c.Policy(), Request: r, Code: code, ConfirmURL: s.c.CentreURL("/privacy/confirm")})
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, r, "code", e, now)
	})
	r.Details, r.Sealed, r.Code = tillit.RequestDetails{}, nil, nil
	return r, err
}

// checkForm validates a request form; its errors never repeat what the
// person wrote.
func (s *Service) checkForm(op string, f tillit.RequestForm) (tillit.Request, string, error) {
	r := tillit.Request{Right: f.Right, Lang: f.Lang, Purpose: f.Purpose, Reference: f.Reference}
	if r.Lang == "" {
		r.Lang = tillit.Swedish
	}
	if _, ok := tillit.ParseLang(string(r.Lang)); !ok {
		return r, "", core.Invalid(op, "requests.language_must_sv_en")
	}
	if !slices.Contains(tillit.AllRights, f.Right) {
		return r, "", core.Invalid(op, "requests.unknown_right_choose_one", core.SafeName(string(f.Right)), rightsList())
	}
	email, err := pii.Email(strings.TrimSpace(f.Email))
	if pe, ok := err.(*pii.Error); ok {
		t := catalog.Text("requests.email_problem")
		return r, "", tillit.Errorl(tillit.EINVALID, op, tillit.Text{SV: fmt.Sprintf(t.SV, pe.SV), EN: fmt.Sprintf(t.EN, pe.EN)})
	} else if err != nil {
		return r, "", err
	}
	if !core.IsRef(f.Reference) && f.Reference != "" {
		return r, "", core.Invalid(op, "requests.reference_must_id_without_personal")
	}
	if len(f.Message) > tillit.MaxRequestMessage || !utf8.ValidString(f.Message) {
		return r, "", core.Invalid(op, "requests.message_may_at_most_bytes", tillit.MaxRequestMessage)
	}
	switch f.Right {
	case tillit.RightRectification:
		if _, err := s.c.CheckChanges(op, f.Changes); err != nil {
			return r, "", err
		}
	case tillit.RightObjection, tillit.RightWithdrawal:
		if f.Purpose != "" {
			p, err := s.c.Purpose(op, f.Purpose)
			if err != nil {
				return r, "", err
			}
			if f.Right == tillit.RightObjection && !p.Objectable() {
				return r, "", core.Invalid(op, "requests.purpose_gives_no_right_object", p.ID)
			}
			if f.Right == tillit.RightWithdrawal && p.Basis != tillit.Consent {
				return r, "", core.Invalid(op, "requests.purpose_does_not_rest_consent", p.ID)
			}
		}
	}
	if len(f.Changes) > 0 && f.Right != tillit.RightRectification {
		return r, "", core.Invalid(op, "requests.only_request_rectification_takes_changes")
	}
	if f.Purpose != "" && f.Right != tillit.RightObjection && f.Right != tillit.RightWithdrawal {
		return r, "", core.Invalid(op, "requests.only_objection_withdrawal_concern_purpose")
	}
	r.Details = tillit.RequestDetails{Email: email, Changes: f.Changes, Message: f.Message}
	code, err := rand.Int(s.c.Rand, big.NewInt(1_000_000))
	if err != nil {
		return r, "", err
	}
	return r, fmt.Sprintf("%06d", code.Int64()), nil
}

func rightsList() string {
	s := make([]string, len(tillit.AllRights))
	for i, r := range tillit.AllRights {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// codeHash keys the confirmation code to its request with the blind-index
// key, so the stored hash cannot be tried against a million codes offline.
func (s *Service) codeHash(id, code string) []byte {
	return s.c.Index.Blind("request_code", id+"\x00"+code)
}

// sealDetails seals r.Details with a new key of the request's own and
// returns the key wrapped.
func (s *Service) sealDetails(r *tillit.Request) ([]byte, error) {
	var wrapped []byte
	var err error
	r.Sealed, wrapped, err = s.c.SealOwn("request", r.ID, r.Details)
	return wrapped, err
}

// openDetails decrypts r.Details; they are empty once the request closed.
func (s *Service) openDetails(tx tillit.Tx, r *tillit.Request) error {
	if r.Sealed == nil {
		return nil
	}
	wrapped, err := tx.RequestKey(r.ID)
	if err != nil {
		return err
	}
	return s.c.OpenOwn("request", r.ID, wrapped, r.Sealed, &r.Details)
}

// Deadlines returns the deadline of a request received at received under
// the register's rights settings, and the latest its extension may run to.
func Deadlines(received time.Time, r tillit.Rights) (due, extended time.Time) {
	return core.Deadline(received, r.Deadline), core.Deadline(received, core.Plus(r.Deadline, r.Extension))
}

// Confirm confirms a request with the code the person was sent. The
// request is then matched to the person through the e-mail address's
// blind index. Withdrawing consent and objecting take effect at once
// (art. 7(3), 21(3)); the rest waits for the officer.
func (s *Service) Confirm(ctx context.Context, id, code string) (tillit.Request, error) {
	const op = "requests.Confirm"
	var r tillit.Request
	wrong := false
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		wrong = false
		now := s.c.Now().UTC()
		r, err = tx.Request(id)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND:
			return errCode(op)
		case err != nil:
			return err
		case r.State != tillit.StateReceived || now.After(r.Expires) || r.Attempts >= MaxCodeAttempts:
			return errCode(op)
		}
		if subtle.ConstantTimeCompare(r.Code, s.codeHash(r.ID, strings.TrimSpace(code))) != 1 {
			wrong = true
			r.Attempts++
			if err := tx.UpdateRequest(r); err != nil {
				return err
			}
			return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRequestWrongCode,
				Detail: "request=" + r.ID + " attempts=" + strconv.Itoa(r.Attempts)})
		}
		return s.confirmed(ctx, tx, &r, now, false)
	})
	if wrong && err == nil {
		err = errCode(op)
	}
	r.Details, r.Sealed, r.Code = tillit.RequestDetails{}, nil, nil
	if err != nil {
		return tillit.Request{}, err
	}
	return r, nil
}

// ConfirmByOfficer confirms a request whose person the officer identified
// some other way than by the e-mailed code (a signed letter, a visit with
// an ID document); the audit entry names the officer as the actor and
// says the officer confirmed it. It then goes on as Confirm does.
// EINVALID when the request is not waiting for confirmation.
func (s *Service) ConfirmByOfficer(ctx context.Context, id string) (tillit.Request, error) {
	const op = "requests.ConfirmByOfficer"
	var r tillit.Request
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if r, err = tx.Request(id); err != nil {
			return err
		}
		now := s.c.Now().UTC()
		if r.State != tillit.StateReceived || now.After(r.Expires) {
			return core.Invalid(op, "requests.request_not_waiting_confirmation", id)
		}
		return s.confirmed(ctx, tx, &r, now, true)
	})
	r.Details, r.Sealed, r.Code = tillit.RequestDetails{}, nil, nil
	if err != nil {
		return tillit.Request{}, err
	}
	return r, nil
}

// confirmed marks r confirmed at now, matches its e-mail to a person and
// acts on the rights that act at once; byOfficer when the officer
// confirmed it rather than the code.
func (s *Service) confirmed(ctx context.Context, tx tillit.Tx, r *tillit.Request, now time.Time, byOfficer bool) error {
	const op = "requests.Confirm"
	if err := s.openDetails(tx, r); err != nil {
		return err
	}
	r.State, r.Confirmed, r.Code = tillit.StateConfirmed, now, nil
	subj, err := tx.FindIdentifier(string(tillit.TypeEmail), s.c.Index.Blind(string(tillit.TypeEmail), r.Details.Email))
	if err == nil {
		_, err = core.Subject(tx, op, subj) // an erased person is nobody
	}
	switch {
	case err == nil:
		r.Subject = subj
	case tillit.ErrorCode(err) != tillit.ENOTFOUND:
		return err
	}
	if err := s.flagRepeat(tx, r); err != nil {
		return err
	}
	if err := tx.UpdateRequest(*r); err != nil {
		return err
	}
	by := ""
	if byOfficer {
		by = " by=officer"
	}
	if err := s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRequestConfirmed, Subject: r.Subject,
		Detail: "request=" + r.ID + " right=" + string(r.Right) + " matched=" + strconv.FormatBool(r.Subject != "") + " repeat=" + strconv.FormatBool(r.Repeat) + by}); err != nil {
		return err
	}
	if r.Subject == "" || r.Right == tillit.RightWithdrawal || r.Right == tillit.RightObjection {
		return s.actNow(ctx, tx, r, now)
	}
	return nil
}

// flagRepeat marks an access request made within the register's
// free-extract interval of an earlier one by the same person (art. 12(5)).
func (s *Service) flagRepeat(tx tillit.Tx, r *tillit.Request) error {
	every := s.c.Policy().Rights().FreeExtractEvery
	if r.Right != tillit.RightAccess || r.Subject == "" || every.IsZero() {
		return nil
	}
	earlier, err := tx.Requests(tillit.RequestFilter{Subject: r.Subject})
	if err != nil {
		return err
	}
	for _, e := range earlier {
		if e.ID != r.ID && e.Right == tillit.RightAccess && (e.State == tillit.StateDone || e.State == tillit.StateConfirmed) &&
			every.After(e.Received).After(r.Received) {
			r.Repeat = true
		}
	}
	return nil
}

// actNow carries out at confirmation what needs no officer: withdrawal,
// objection, and any request from an address nobody in the register has
// (the answer says the register holds nothing about them). An objection
// to a purpose that is not direct marketing takes effect at once too, but
// stays open for the officer, who may find compelling grounds.
func (s *Service) actNow(ctx context.Context, tx tillit.Tx, r *tillit.Request, now time.Time) error {
	if r.Subject == "" {
		a, err := answerWith(*r, letters.NothingHeld{Policy: s.c.Policy(), Request: *r})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, "nothing held", a, now)
	}
	purposes, err := s.concerned(tx, *r)
	if err != nil {
		return err
	}
	pol := s.c.Policy()
	var absolute, pending []string // done now; waiting for the officer
	for _, id := range purposes {
		p, _ := pol.Purpose(id)
		if r.Right == tillit.RightWithdrawal {
			c := tillit.ConsentRecord{Subject: r.Subject, Purpose: id, Given: false, Version: p.Consent.Version, Channel: "request"}
			if _, err := s.c.AppendConsent(ctx, tx, c, now); err != nil {
				return err
			}
			absolute = append(absolute, id)
			continue
		}
		e := tillit.EventRecord{Subject: r.Subject, Event: tillit.EventObjected, Purpose: id}
		if _, err := s.c.AppendEvent(ctx, tx, "requests.Object", e, "", now); err != nil {
			return err
		}
		if p.DirectMarketing {
			absolute = append(absolute, id)
		} else {
			pending = append(pending, id)
		}
	}
	if err := s.c.Reschedule(tx, r.Subject, now); err != nil {
		return err
	}
	if len(pending) == 0 {
		a, err := answerWith(*r, letters.Purposes{Policy: pol, Request: *r, Purposes: purposes})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, string(r.Right)+": "+strings.Join(purposes, ","), a, now)
	}
	// The legitimate-interest purposes stop now too, and wait for the
	// officer; the person hears at once about direct marketing.
	if len(absolute) > 0 {
		a, err := answerWith(*r, letters.Purposes{Policy: pol, Request: *r, Purposes: absolute})
		if err != nil {
			return err
		}
		if err := s.tell(ctx, tx, *r, "answer", a, now); err != nil {
			return err
		}
	}
	r.Pending = pending
	return tx.UpdateRequest(*r)
}

// tell queues an e-mail about a request to its person.
func (s *Service) tell(ctx context.Context, tx tillit.Tx, r tillit.Request, topic string, e core.Envelope, now time.Time) error {
	e.To, e.Lang = r.Details.Email, string(r.Lang)
	_, err := s.c.Queue(ctx, tx, tillit.Message{Via: tillit.ViaEmail, Topic: topic, Request: r.ID, Subject: r.Subject}, e, now)
	return err
}

// concerned returns the purposes a withdrawal or objection concerns: the
// one named, or every one it may concern that the person's data is
// processed for (consent given and not withdrawn; objectable and not yet
// objected to).
func (s *Service) concerned(tx tillit.Tx, r tillit.Request) ([]string, error) {
	pol := s.c.Policy()
	consents, err := tx.Consents(r.Subject)
	if err != nil {
		return nil, err
	}
	events, err := tx.Events(r.Subject)
	if err != nil {
		return nil, err
	}
	items, err := tx.Items(r.Subject)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range pol.Purposes() {
		if r.Purpose != "" && p.ID != r.Purpose {
			continue
		}
		switch r.Right {
		case tillit.RightWithdrawal:
			if given, _ := core.ConsentGiven(consents, p.ID); given {
				out = append(out, p.ID)
			}
		case tillit.RightObjection:
			uses := slices.ContainsFunc(items, func(it tillit.Item) bool { return slices.Contains(it.Purposes, p.ID) })
			if p.Objectable() && !core.Objected(events, p) && (uses || r.Purpose != "") {
				out = append(out, p.ID)
			}
		}
	}
	return out, nil
}

// finish closes a request as done: the answer goes to the person, the
// request's details are destroyed, the outcome stays.
func (s *Service) finish(ctx context.Context, tx tillit.Tx, r *tillit.Request, outcome string, answer core.Envelope, now time.Time) error {
	return s.close(ctx, tx, r, tillit.StateDone, outcome, "answer", answer, now)
}

func (s *Service) close(ctx context.Context, tx tillit.Tx, r *tillit.Request, state tillit.RequestState, outcome, topic string, answer core.Envelope, now time.Time) error {
	if err := s.tell(ctx, tx, *r, topic, answer, now); err != nil {
		return err
	}
	r.State, r.Closed, r.Outcome, r.Pending, r.Code, r.Sealed = state, now, outcome, nil, nil, nil
	if err := tx.UpdateRequest(*r); err != nil {
		return err
	}
	action := auditRequestDone
	if state == tillit.StateRefused {
		action = auditRequestRefused
	}
	return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: action, Subject: r.Subject,
		Detail: "request=" + r.ID + " right=" + string(r.Right) + " outcome=" + outcome})
}

// openRequest loads a request the officer may act on, with its details.
func (s *Service) openRequest(tx tillit.Tx, op, id string) (tillit.Request, error) {
	r, err := tx.Request(id)
	if err != nil {
		return r, err
	}
	switch r.State {
	case tillit.StateReceived:
		return r, core.Invalid(op, "requests.request_waits_person_confirm", id)
	case tillit.StateConfirmed:
	default:
		return r, core.Invalid(op, "requests.request_already_closed", id, r.State)
	}
	return r, s.openDetails(tx, &r)
}

// Complete carries out a confirmed request and sends the answer: the
// extract for access, the portable data, the erasure with what was kept
// and why, the rectification or restriction; after those three, every
// recipient of the data is notified (art. 19) and the answer names them.
// An objection still open stands: its purposes stay stopped.
func (s *Service) Complete(ctx context.Context, id string) (tillit.Request, error) {
	return s.act(ctx, "requests.Complete", id, func(tx tillit.Tx, r *tillit.Request, now time.Time) error {
		if r.Subject == "" {
			a, err := answerWith(*r, letters.NothingHeld{Policy: s.c.Policy(), Request: *r})
			if err != nil {
				return err
			}
			return s.finish(ctx, tx, r, "nothing held", a, now)
		}
		if _, err := core.Subject(tx, "requests.Complete", r.Subject); tillit.ErrorCode(err) == tillit.ENOTFOUND {
			a, err := answerWith(*r, letters.NothingHeld{Policy: s.c.Policy(), Request: *r})
			if err != nil {
				return err
			}
			return s.finish(ctx, tx, r, "nothing held", a, now) // erased since
		} else if err != nil {
			return err
		}
		return s.carryOut(ctx, tx, r, now)
	})
}

// act runs fn on a confirmed request in a transaction, and returns the
// request without its details.
func (s *Service) act(ctx context.Context, op, id string, fn func(tx tillit.Tx, r *tillit.Request, now time.Time) error) (tillit.Request, error) {
	var r tillit.Request
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if r, err = s.openRequest(tx, op, id); err != nil {
			return err
		}
		return fn(tx, &r, s.c.Now().UTC())
	})
	r.Details, r.Sealed, r.Code = tillit.RequestDetails{}, nil, nil
	return r, err
}

func (s *Service) carryOut(ctx context.Context, tx tillit.Tx, r *tillit.Request, now time.Time) error {
	pol := s.c.Policy()
	switch r.Right {
	case tillit.RightAccess:
		x, err := s.c.Extract(ctx, tx, r.Subject, r.Lang, now)
		if err != nil {
			return err
		}
		x.Request = r.ID
		link, until, err := s.newDownload(ctx, tx, *r, now)
		if err != nil {
			return err
		}
		a, err := answerAccess(pol, *r, x, link, until)
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, "extract sent: "+strconv.Itoa(len(x.Items))+" items", a, now)
	case tillit.RightPortability:
		items, err := s.c.Portable(ctx, tx, "requests.Complete", r.Subject)
		if err != nil {
			return err
		}
		a, err := answerPortable(pol, *r, items)
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, "portable data sent: "+strconv.Itoa(len(items))+" items", a, now)
	case tillit.RightErasure:
		e, err := s.c.Erase(ctx, tx, r.Subject, now)
		if err != nil {
			return err
		}
		var n tillit.Notified
		if len(e.Categories) > 0 { // nothing deleted, nothing to tell
			if n, err = s.notify(ctx, tx, r.Subject, r.ID, "erasure", e.Categories, nil, now); err != nil {
				return err
			}
		}
		outcome := fmt.Sprintf("erased %d items, kept %d under legal holds", e.Items, len(e.Kept))
		a, err := answerWith(*r, letters.Erasure{Policy: pol, Request: *r, Erasure: e, Notified: n})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, outcome, a, now)
	case tillit.RightRectification:
		cats, values, err := s.c.Rectify(ctx, tx, r.Subject, r.Details.Changes, now)
		if err != nil {
			return err
		}
		var n tillit.Notified
		if len(cats) > 0 {
			n, err = s.notify(ctx, tx, r.Subject, r.ID, "rectification", cats, values, now)
		}
		if err != nil {
			return err
		}
		a, err := answerWith(*r, letters.Changed{Policy: pol, Request: *r, Categories: cats, Notified: n})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, "rectified: "+strings.Join(cats, ","), a, now)
	case tillit.RightRestriction:
		if err := s.c.Restrict(ctx, tx, r.Subject, true, now); err != nil {
			return err
		}
		n, err := s.notify(ctx, tx, r.Subject, r.ID, "restriction", nil, nil, now)
		if err != nil {
			return err
		}
		a, err := answerWith(*r, letters.Changed{Policy: pol, Request: *r, Notified: n})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, "restricted", a, now)
	case tillit.RightObjection, tillit.RightWithdrawal:
		// Carried out at confirmation; what is open is the officer's
		// acceptance that the objection stands.
		a, err := answerWith(*r, letters.Purposes{Policy: pol, Request: *r, Purposes: r.Pending})
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, r, string(r.Right)+" stands: "+strings.Join(r.Pending, ","), a, now)
	}
	return core.Invalid("requests.Complete", "requests.unknown_right", core.SafeName(string(r.Right)))
}

// Refuse closes a confirmed request unanswered, with the reason the
// person is told (art. 12(4)), e.g. that it is manifestly unfounded.
func (s *Service) Refuse(ctx context.Context, id, reason string) (tillit.Request, error) {
	const op = "requests.Refuse"
	if err := checkReason(op, reason); err != nil {
		return tillit.Request{}, err
	}
	return s.act(ctx, op, id, func(tx tillit.Tx, r *tillit.Request, now time.Time) error {
		a, err := answerWith(*r, letters.Refused{Policy: s.c.Policy(), Request: *r, Reason: reason})
		if err != nil {
			return err
		}
		return s.close(ctx, tx, r, tillit.StateRefused, "refused", "refusal", a, now)
	})
}

// OverruleRequest closes an open objection by recording compelling legitimate
// grounds that override it (art. 21(1)); the person is told the grounds.
func (s *Service) OverruleRequest(ctx context.Context, id, purpose, grounds string) (tillit.Request, error) {
	const op = "requests.OverruleRequest"
	if err := checkReason(op, grounds); err != nil {
		return tillit.Request{}, err
	}
	return s.act(ctx, op, id, func(tx tillit.Tx, r *tillit.Request, now time.Time) error {
		if r.Right != tillit.RightObjection || !slices.Contains(r.Pending, purpose) {
			return core.Invalid(op, "requests.request_no_objection_purpose", id, core.SafeName(purpose))
		}
		if err := s.c.Overrule(ctx, tx, r.Subject, purpose, now); err != nil {
			return err
		}
		a, err := answerWith(*r, letters.Overruled{Policy: s.c.Policy(), Request: *r, Purpose: purpose, Grounds: grounds})
		if err != nil {
			return err
		}
		r.Pending = slices.DeleteFunc(r.Pending, func(p string) bool { return p == purpose })
		if len(r.Pending) == 0 {
			return s.finish(ctx, tx, r, "objection overruled: "+purpose, a, now)
		}
		// The other purposes still wait for the officer's decision.
		if err := s.tell(ctx, tx, *r, "answer", a, now); err != nil {
			return err
		}
		return tx.UpdateRequest(*r)
	})
}

func checkReason(op, reason string) error {
	switch {
	case strings.TrimSpace(reason) == "":
		return core.Invalid(op, "requests.give_reason_which_person_told")
	case len(reason) > tillit.MaxRequestMessage || !utf8.ValidString(reason):
		return core.Invalid(op, "requests.reason_may_at_most_bytes", tillit.MaxRequestMessage)
	}
	return nil
}

// Extend extends a request's deadline by months (at most the register's
// extension, two months by art. 12(3)), within the first deadline, and
// sends the person the reason.
func (s *Service) Extend(ctx context.Context, id string, months int, reason string) (tillit.Request, error) {
	const op = "requests.Extend"
	if err := checkReason(op, reason); err != nil {
		return tillit.Request{}, err
	}
	rights := s.c.Policy().Rights()
	return s.act(ctx, op, id, func(tx tillit.Tx, r *tillit.Request, now time.Time) error {
		first := core.Deadline(r.Received, rights.Deadline)
		_, latest := Deadlines(r.Received, rights)
		due := core.Deadline(r.Received, core.Plus(rights.Deadline, tillit.Duration{N: months, Unit: tillit.Months}))
		switch {
		case !r.Extended.IsZero():
			return core.Invalid(op, "requests.request_already_extended", id)
		case now.After(first):
			return core.Invalid(op, "requests.deadline_can_only_extended_within", first.Format(time.DateOnly))
		case months < 1 || due.After(latest):
			return core.Invalid(op, "requests.extension_must_months", rights.Extension.N)
		}
		r.Due, r.Extended = due, now
		if err := tx.UpdateRequest(*r); err != nil {
			return err
		}
		a, err := answerWith(*r, letters.Extended{Policy: s.c.Policy(), Request: *r, Reason: reason})
		if err != nil {
			return err
		}
		if err := s.tell(ctx, tx, *r, "extension", a, now); err != nil {
			return err
		}
		return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRequestExtended, Subject: r.Subject,
			Detail: "request=" + r.ID + " months=" + strconv.Itoa(months) + " due=" + r.Due.Format(time.DateOnly)})
	})
}

// ExpireRequests closes the requests nobody confirmed in time and
// destroys what they said.
func (s *Service) ExpireRequests(ctx context.Context) (int, error) {
	n := 0
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		n = 0
		now := s.c.Now().UTC()
		expired, err := tx.Requests(tillit.RequestFilter{ExpiredBy: now})
		if err != nil {
			return err
		}
		for _, r := range expired {
			r.State, r.Closed, r.Outcome, r.Code, r.Sealed = tillit.StateExpired, now, "never confirmed", nil, nil
			if err := tx.UpdateRequest(r); err != nil {
				return err
			}
			if err := s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRequestExpired, Detail: "request=" + r.ID}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Requests pages through requests without their details.
func (s *Service) Requests(ctx context.Context, f tillit.RequestFilter) ([]tillit.Request, error) {
	var out []tillit.Request
	err := s.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = tx.Requests(f)
		return err
	})
	for i := range out {
		out[i].Sealed, out[i].Code = nil, nil
	}
	return out, err
}

// Request returns a request; with details, what the person wrote is
// decrypted and the look is audited.
func (s *Service) Request(ctx context.Context, id string, details bool) (tillit.Request, error) {
	var r tillit.Request
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if r, err = tx.Request(id); err != nil || !details {
			return err
		}
		if err := s.openDetails(tx, &r); err != nil {
			return err
		}
		return s.c.Audit(ctx, tx, tillit.AuditEntry{Action: auditRequestViewed, Subject: r.Subject, Detail: "request=" + r.ID})
	})
	r.Sealed, r.Code = nil, nil
	return r, err
}

// RequestExtract returns the extract of a confirmed access request's
// person, e.g. to print it for delivery by post; it is audited.
func (s *Service) RequestExtract(ctx context.Context, id string) (tillit.Extract, error) {
	const op = "requests.RequestExtract"
	var x tillit.Extract
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		now := s.c.Now().UTC()
		if r.State != tillit.StateConfirmed && r.State != tillit.StateDone || r.Right != tillit.RightAccess {
			return core.Invalid(op, "requests.request_no_confirmed_access_request", id)
		}
		if r.Subject == "" {
			x = core.EmptyExtract(s.c.Policy(), r.Lang, now)
		} else if x, err = s.c.Extract(ctx, tx, r.Subject, r.Lang, now); err != nil {
			return err
		}
		x.Request = r.ID
		return nil
	})
	return x, err
}

// Acknowledgement is the public answer to a submitted request in lang. It
// is the same, byte for byte, whoever the address belongs to: nobody can
// learn from it whether a person is in the register.
func (s *Service) Acknowledgement(lang tillit.Lang) string {
	text, err := letters.Acknowledgement{TTL: s.c.RequestTTL}.In(lang)
	if err != nil {
		panic(err) // a template that does not fit its data; the golden tests catch it
	}
	return text
}
