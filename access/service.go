// Package access decides who may act through Tillit's own surfaces: the
// privacy officers and auditors of the admin (argon2id passwords,
// sessions) and the API keys of integrators (scopes, stored as keyed
// hashes).
package access

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Service implements tillit.Access.
type Service struct {
	c *core.Core
}

var _ tillit.Access = (*Service)(nil)

// New returns the access service over c.
func New(c *core.Core) *Service { return &Service{c: c} }
