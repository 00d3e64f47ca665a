// Package breach keeps the breach register (GDPR art. 33–34): incidents
// with the 72-hour clock to notify the authority, who is affected as
// computed from the vault, drafts of the notification to IMY and of the
// notice to the people, and the notices sent through the outbox.
package breach

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Register implements tillit.Breaches.
type Register struct {
	c *core.Core
}

var _ tillit.Breaches = (*Register)(nil)

// New returns the breach register over c.
func New(c *core.Core) *Register { return &Register{c: c} }
