// Package cookies keeps the proof of every cookie choice made in the
// banner of the controller's own site: which categories, under which
// version of the register, when, and whether Global Privacy Control
// spoke — chained to the visitor's previous choice.
package cookies

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Service implements tillit.CookieProofs.
type Service struct {
	c *core.Core
}

var _ tillit.CookieProofs = (*Service)(nil)

// New returns the cookie-proof service over c.
func New(c *core.Core) *Service { return &Service{c: c} }
