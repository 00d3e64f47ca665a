// Package requests answers data subjects' requests (GDPR art. 15–22): it
// takes them in from the privacy centre, the API or an officer, confirms
// them by an e-mailed code, carries them out in the vault within the
// deadline, answers the person, notifies recipients (art. 19), and sends
// everything through the outbox with retries. It also keeps the privacy
// centre's links: the one-time download of an extract and the signed link
// to a person's consents.
package requests

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Service implements tillit.Requests, tillit.Centre and tillit.Outbox.
type Service struct {
	c *core.Core
}

var (
	_ tillit.Requests = (*Service)(nil)
	_ tillit.Centre   = (*Service)(nil)
)

// New returns the requests service over c.
func New(c *core.Core) *Service { return &Service{c: c} }
