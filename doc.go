// Package tillit holds Tillit's domain: the compiled register of processing
// (Policy) and the types the rest of the program reads from it.
//
// The package imports only the standard library. Implementations live in
// packages named after what they do or the technology they use: register
// parses and checks the YAML register, notice renders the privacy notice and
// the record of processing activities, and cmd/tillit wires them together.
package tillit
