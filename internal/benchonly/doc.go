// Package benchonly holds the switches tillit bench uses to turn the
// vault's guarantees off one at a time, to measure what each one costs.
//
// The switches exist only in builds with the bench build tag
// (go build -tags bench ./cmd/tillit). In every other build Off is an
// empty struct whose methods return a constant false, so a production
// binary has no switch to turn on and the compiler removes the code
// paths that skip a guarantee. The package is internal as well, so no
// program outside the Tillit module can name the type.
package benchonly
