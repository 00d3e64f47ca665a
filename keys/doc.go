// Package keys does Tillit's envelope encryption with Tink
// (github.com/tink-crypto/tink-go/v2).
//
// Three kinds of key are involved:
//
//   - The key-encryption key (KEK) is a Tink keyset of AES256-GCM keys kept
//     outside the database, as a cleartext JSON keyset in a file
//     (TILLIT_KEK_FILE) or in an environment variable (TILLIT_KEK). The file
//     must be readable by Tillit alone (mode 0600) or be mounted from a
//     secret store; anyone who can read it can open every wrapped key. The
//     keyset may hold several keys: the primary one wraps, every one unwraps,
//     which is what lets the KEK be rotated (see Rotate, Rewrap and Retire).
//   - Each data subject has a data key (DataKey): a fresh Tink AES256-GCM
//     keyset, serialised by Tink and encrypted ("wrapped") by the KEK with the
//     subject ID as associated data, so a wrapped key cannot be moved to
//     another subject. Destroying a subject's wrapped key makes everything
//     encrypted under it unreadable (crypto-shredding; GDPR art. 17).
//   - The blind-index key (Index) is a Tink HMAC-SHA256 PRF keyset wrapped by
//     the KEK in the same way, with IndexAD as associated data. It turns
//     normalised identifiers into keyed lookup values (Index.Blind), so the
//     database can find a subject by e-mail address without storing it.
//
// The caller stores wrapped keys; this package never touches the database.
// A wrapped key is the raw output of the KEK's Tink AEAD, so it starts with
// Tink's five-byte prefix naming the KEK key that made it (see WrappedBy).
//
// No error returned by this package contains key material, plaintext or the
// value of an environment variable. A key that does not open the data, or
// data that fails authentication, gives an error that matches ErrWrongKey.
package keys
