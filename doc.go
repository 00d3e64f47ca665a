// Package tillit holds Tillit's domain: the compiled register of processing
// (Policy) and the types the rest of the program reads from it, and the
// interfaces of its services: Vault and Retention (collect, use, disclose,
// erase, retention), Requests and Centre (data subjects' rights), Breaches
// (the breach register), Access (officers and API keys), CookieProofs,
// AuditService and Store.
//
// The package imports only the standard library. Implementations live in
// packages named after what they do or the technology they use: register
// parses and checks the YAML register, notice renders the privacy notice and
// the record of processing activities, vault, requests, breach, access and
// cookies implement the services over a Store (sqlite, postgres), server
// serves them over HTTP, and cmd/tillit wires them together.
package tillit
