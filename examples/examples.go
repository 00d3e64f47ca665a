// Package examples holds the example registers, written from five real
// Swedish privacy policies, with the policy tests that prove their
// retention promises. tillit serve starts on Allkontrakt's when no register
// is given.
package examples

import _ "embed"

// Allkontrakt is the register tillit serve uses when none is given.
//
//go:embed allkontrakt.yaml
var Allkontrakt []byte
