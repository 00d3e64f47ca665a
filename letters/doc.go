// Package letters writes what Tillit writes to people, to recipients and
// to the authority: the e-mails about a person's request and the answers
// to it, the notices to recipients of a rectification, erasure or
// restriction (GDPR art. 19), and the drafts of a breach's notification
// to the authority (art. 33(3)) and of its notice to the people affected
// (art. 34(2)).
//
// The words are text/template files embedded from templates/, one per
// letter and language (templates/sv/answer_access.txt and
// templates/en/answer_access.txt); mail.txt frames every e-mail to a
// person (greeting, signature, the request's ID in the subject) and
// phrases.txt holds phrases several letters share. The Go code only looks
// things up in the register (labels, names) and decides what applies;
// every sentence is in a template. A language other than English gets the
// Swedish text, as everywhere in Tillit.
//
// Each letter is a plain struct of the data it shows, with a method that
// writes it: In(lang) for a letter to a person or a draft, Bilingual for
// the art. 19 notice, which goes in Swedish and English to an organisation
// whose language is not known. The letters and what they replace in the
// vault:
//
//   - Code: the code that confirms a request (the vault's code e-mail).
//   - NothingHeld, Access, Portable, Erasure, Changed (rectification or
//     restriction), Purposes (withdrawal or objection), Overruled,
//     Refused, Extended: the answers to a request and the extension of its
//     deadline. Access's Letter names its attachments.
//   - Acknowledgement: the public answer to a submitted request.
//   - ConsentLink: the line that ends an e-mail to a known person with a
//     link to their consents.
//   - Art19: the e-mail notice to a recipient (the webhook's JSON is not a
//     text and stays with the notice).
//   - AuthorityDraft and BreachNotice: the breach drafts, as tillit.Draft.
//
// Outputs are byte for byte what the vault wrote before; golden files in
// testdata/ hold them for every letter, language and branch. To change a
// text, edit its template, run go test ./letters -update, and review the
// diff of testdata/ (docs/letters.md).
package letters
