package tillit

import (
	"context"
	"time"
)

// Right is a data subject's right a request exercises (GDPR art. 15–21, 7(3)).
type Right string

// The rights.
const (
	RightAccess        Right = "access"        // art. 15
	RightRectification Right = "rectification" // art. 16
	RightErasure       Right = "erasure"       // art. 17
	RightRestriction   Right = "restriction"   // art. 18
	RightPortability   Right = "portability"   // art. 20
	RightObjection     Right = "objection"     // art. 21
	RightWithdrawal    Right = "withdrawal"    // art. 7(3)
)

// AllRights lists every Right in article order.
var AllRights = []Right{RightAccess, RightRectification, RightErasure, RightRestriction, RightPortability, RightObjection, RightWithdrawal}

// RequestState is where a request is in its workflow.
type RequestState string

// The states of a request. A request is received, waits for the person
// to confirm their identity, and is then open for the officer, who
// completes or refuses it. Unconfirmed requests expire.
const (
	StateReceived  RequestState = "received"  // waits for the person's confirmation
	StateConfirmed RequestState = "confirmed" // identity confirmed; the officer's turn
	StateDone      RequestState = "done"
	StateRefused   RequestState = "refused"
	StateExpired   RequestState = "expired" // never confirmed
)

// IsClosed reports whether the state is final.
func (s RequestState) IsClosed() bool {
	return s == StateDone || s == StateRefused || s == StateExpired
}

// Request is a data subject's request to exercise a right. What the
// person wrote (their e-mail address, corrections, reasons) is personal
// data: it is kept sealed in Sealed and only shown decrypted in Details.
type Request struct {
	ID      string       `json:"id"`
	Right   Right        `json:"right"`
	State   RequestState `json:"state"`
	Lang    Lang         `json:"lang"`
	Subject string       `json:"subject,omitempty"` // the person, once confirmed and known; "" when nobody matches
	Purpose string       `json:"purpose,omitempty"` // for objection and withdrawal; "" for all purposes it may concern

	Received  time.Time `json:"received"`
	Expires   time.Time `json:"expires"`             // when an unconfirmed request expires
	Confirmed time.Time `json:"confirmed,omitzero"`  // identity confirmed
	Due       time.Time `json:"due"`                 // the deadline (art. 12(3)), extended or not
	Extended  time.Time `json:"extended,omitzero"`   // when the deadline was extended
	Closed    time.Time `json:"closed,omitzero"`     // done, refused or expired
	Repeat    bool      `json:"repeat,omitempty"`    // a further access request within the register's free-extract interval (art. 12(5))
	Attempts  int       `json:"attempts,omitempty"`  // wrong confirmation codes so far
	Pending   []string  `json:"pending,omitempty"`   // objection: the legitimate-interest purposes awaiting the officer's decision
	Outcome   string    `json:"outcome,omitempty"`   // what was done, in words without personal data
	Reference string    `json:"reference,omitempty"` // the caller's reference, no personal data

	Details RequestDetails `json:"details,omitzero"` // decrypted; empty when read from a store
	Sealed  []byte         `json:"-"`                // Details, encrypted
	Code    []byte         `json:"-"`                // keyed hash of the confirmation code
}

// RequestDetails is what a request says that is personal data.
type RequestDetails struct {
	Email   string            `json:"email,omitempty"`   // where the person asked to be answered
	Changes map[string]string `json:"changes,omitempty"` // rectification: category -> corrected value
	Message string            `json:"message,omitempty"` // what the person wrote
	Reason  string            `json:"reason,omitempty"`  // the officer's reason for an extension or refusal, as told to the person
	Grounds string            `json:"grounds,omitempty"` // compelling legitimate grounds recorded against an objection (art. 21(1))
}

// DueSoon is how near its deadline an open request counts as due soon.
const DueSoon = 7 * 24 * time.Hour

// Overdue reports whether the request is open after its deadline.
func (r Request) Overdue(now time.Time) bool {
	return !r.State.IsClosed() && now.After(r.Due)
}

// IsDueSoon reports whether the request is open and due within DueSoon.
func (r Request) IsDueSoon(now time.Time) bool {
	return !r.State.IsClosed() && !now.After(r.Due) && r.Due.Sub(now) <= DueSoon
}

// Via is how an outgoing message is delivered.
type Via string

// The ways of delivering a message.
const (
	ViaEmail   Via = "email"
	ViaWebhook Via = "webhook"
)

// Message is an outgoing e-mail or webhook call in the delivery outbox:
// codes and answers to people, and the notifications to recipients of
// GDPR art. 19. Its address and content are personal data and kept
// sealed; once delivered the content is dropped.
type Message struct {
	ID        string    `json:"id"`
	Via       Via       `json:"via"`
	Topic     string    `json:"topic"`               // what it is: code, extension, refusal, answer, art19, breach
	Request   string    `json:"request,omitempty"`   // the request it belongs to
	Subject   string    `json:"subject,omitempty"`   // the person it concerns, if known
	Recipient string    `json:"recipient,omitempty"` // the register's recipient, for art. 19 notices
	Incident  string    `json:"incident,omitempty"`  // the breach a notice to the person is about (art. 34)
	Created   time.Time `json:"created"`
	Attempts  int       `json:"attempts"`
	NextAt    time.Time `json:"next_at,omitzero"`   // the next attempt; zero once delivered or given up
	Delivered time.Time `json:"delivered,omitzero"` // zero until delivered
	LastError string    `json:"last_error,omitempty"`
	Sealed    []byte    `json:"-"` // the address and content, encrypted
}

// Extract is a person's copy of their data (GDPR art. 15(1) and (3)),
// resolved into one language: every label is already in Lang.
type Extract struct {
	Lang       Lang               `json:"lang"`
	Generated  time.Time          `json:"generated"`
	Request    string             `json:"request,omitempty"`
	Subject    string             `json:"subject"` // the person's pseudonymous ID
	Controller ExtractController  `json:"controller"`
	Restricted bool               `json:"restricted,omitempty"`
	Items      []ExtractItem      `json:"items"`
	Consents   []ExtractConsent   `json:"consents,omitempty"`
	Recipients []ExtractRecipient `json:"recipients,omitempty"` // those the data was actually disclosed to
	Rights     []string           `json:"rights"`               // the person's rights, one sentence each
	Complaint  string             `json:"complaint"`            // the right to complain to the authority
}

// ExtractController is who answers for the data in an extract.
type ExtractController struct {
	Name      string `json:"name"`
	OrgNumber string `json:"org_number,omitempty"`
	Address   string `json:"address,omitempty"`
	Email     string `json:"email,omitempty"`
	DPO       string `json:"dpo,omitempty"` // the data protection officer's e-mail, if any
}

// ExtractItem is one value in an extract with what the person is told
// about it.
type ExtractItem struct {
	CategoryID string    `json:"category_id"`
	Category   string    `json:"category"`
	Value      string    `json:"value"`
	Purposes   []string  `json:"purposes"`
	Source     string    `json:"source"` // where it came from, e.g. "you" or a named source
	Collected  time.Time `json:"collected"`
	Retention  string    `json:"retention"`            // how long it is kept, in words
	Until      time.Time `json:"until,omitzero"`       // when it goes, if a date is known
	Archived   bool      `json:"archived,omitempty"`   // kept only for a legal obligation or claim
	Recipients []string  `json:"recipients,omitempty"` // names of the recipients it was disclosed to
}

// ExtractConsent is a consent in an extract.
type ExtractConsent struct {
	Purpose string    `json:"purpose"`
	Given   bool      `json:"given"`
	Version string    `json:"version"`
	At      time.Time `json:"at"`
}

// ExtractRecipient is a recipient the person's data was disclosed to.
type ExtractRecipient struct {
	Name       string    `json:"name"`
	Country    string    `json:"country,omitempty"`
	Categories []string  `json:"categories"`
	Purposes   []string  `json:"purposes"`
	First      time.Time `json:"first"`
	Last       time.Time `json:"last"`
	Times      int       `json:"times"`
}

// PortableItem is one value the person provided under consent or
// contract, as given back for portability (GDPR art. 20).
type PortableItem struct {
	Category  string    `json:"category"`
	Value     string    `json:"value"`
	Point     string    `json:"point"`
	Collected time.Time `json:"collected"`
}

// RequestForm is what a person submits to exercise a right.
type RequestForm struct {
	Right     Right             `json:"right"`
	Email     string            `json:"email"`             // where the confirmation code and the answer go
	Lang      Lang              `json:"lang,omitempty"`    // the language of the answer; Swedish when empty
	Purpose   string            `json:"purpose,omitempty"` // objection or withdrawal: one purpose, or "" for all it may concern
	Changes   map[string]string `json:"changes,omitempty"` // rectification: category -> corrected value
	Message   string            `json:"message,omitempty"` // anything the person wants to add
	Reference string            `json:"reference,omitempty"`
}

// Erasure is what an erasure (GDPR art. 17) did.
type Erasure struct {
	Subject    string     `json:"subject"`
	Items      int        `json:"items"`                // items deleted
	Categories []string   `json:"categories,omitempty"` // categories of the items deleted
	Kept       []Forecast `json:"kept,omitempty"`       // items a legal hold keeps: the hold, its law, until when
	Shredded   bool       `json:"shredded"`             // nothing was left, and the data key is destroyed
}

// Notified is the outcome of telling recipients of a rectification,
// erasure or restriction (GDPR art. 19).
type Notified struct {
	Queued []string `json:"queued,omitempty"` // recipients a notice was queued for
	Manual []string `json:"manual,omitempty"` // recipients the register gives no channel for: the officer must tell them
}

// Requests takes in and answers data subjects' requests (GDPR art. 12–22).
// Every step is audited; the person's free text is sealed. Errors are
// EINVALID for a malformed form or a step the request's state does not
// allow, ENOTFOUND for an unknown request, EFORBIDDEN for a wrong code.
type Requests interface {
	// Submit takes a request from a form and e-mails the person a code;
	// the answer is the same whoever the address belongs to.
	Submit(ctx context.Context, f RequestForm) (Request, error)
	// Confirm confirms a request with the code the person received.
	Confirm(ctx context.Context, id, code string) (Request, error)
	// ConfirmByOfficer confirms a request whose identity an officer checked
	// another way.
	ConfirmByOfficer(ctx context.Context, id string) (Request, error)
	// Complete carries out a confirmed request and answers the person.
	Complete(ctx context.Context, id string) (Request, error)
	// Refuse refuses a request with a reason the person is told.
	Refuse(ctx context.Context, id, reason string) (Request, error)
	// OverruleRequest overrules an objection with the grounds.
	OverruleRequest(ctx context.Context, id, purpose, grounds string) (Request, error)
	// Extend extends the deadline by months with a reason (GDPR art. 12(3)).
	Extend(ctx context.Context, id string, months int, reason string) (Request, error)
	// ExpireRequests deletes requests nobody confirmed in time.
	ExpireRequests(ctx context.Context) (int, error)
	// Requests pages through requests.
	Requests(ctx context.Context, f RequestFilter) ([]Request, error)
	// Request returns one request, with its sealed details when details
	// is set (an audited look).
	Request(ctx context.Context, id string, details bool) (Request, error)
	// RequestExtract returns the extract of a confirmed access request.
	RequestExtract(ctx context.Context, id string) (Extract, error)
	// Acknowledgement is the public answer to a submitted request.
	Acknowledgement(lang Lang) string
	// RequestTTL is how long a request waits for its confirmation.
	RequestTTL() time.Duration
	// Messages pages through the outbox.
	Messages(ctx context.Context, f MessageFilter) ([]Message, error)
	// Retry makes a message that failed for good due again.
	Retry(ctx context.Context, id string) error
}

// ConsentStatus is a person's last word on a purpose that rests on consent.
type ConsentStatus struct {
	Purpose string    // the register's purpose ID
	Given   bool      // the last word was to give consent
	Seen    bool      // the person ever gave or withdrew it
	At      time.Time // the last word's time
	Version string    // the wording it concerned
	Channel string    // how it was given or withdrawn
}

// Centre serves the privacy centre's links: the one-time download of an
// access extract and the signed link to a person's consents. EFORBIDDEN
// when a link or pass does not hold; ENOTFOUND for an unknown token.
type Centre interface {
	// PublicURL is where the privacy centre is served, "" when unset.
	PublicURL() string
	// Download returns the download a token names.
	Download(ctx context.Context, token string) (Download, error)
	// SpendDownload spends a one-time link and returns the visit's pass.
	SpendDownload(ctx context.Context, token string) (Download, string, error)
	// VisitOpen reports whether pass lets its visit fetch the extract.
	VisitOpen(ctx context.Context, token, pass string) bool
	// DownloadExtract returns the extract for a visit holding pass.
	DownloadExtract(ctx context.Context, token, pass, format string) (Extract, error)
	// ConsentLink returns a signed link to a person's consents and when
	// it expires.
	ConsentLink(subject string) (string, time.Time)
	// LinkConsents returns the person a consent link names and their
	// last word on each purpose that rests on consent.
	LinkConsents(ctx context.Context, link string) (string, []ConsentStatus, error)
	// WithdrawByLink withdraws a consent by a signed link.
	WithdrawByLink(ctx context.Context, link, purpose string) (bool, error)
}

// MaxRequestMessage is the longest message a person may write with a request.
const MaxRequestMessage = 4 << 10
