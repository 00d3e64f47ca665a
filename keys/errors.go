package keys

import "errors"

// ErrWrongKey reports that no key at hand opens the data: a wrapped key that
// no key of the KEK can unwrap (a different KEK, a retired KEK key, or the
// wrong subject), or a ciphertext that fails authentication. Errors returned
// by this package wrap it, so callers test with errors.Is.
var ErrWrongKey = errors.New("keys: the key does not open this data (wrong or retired key-encryption key, or the data was altered)")
