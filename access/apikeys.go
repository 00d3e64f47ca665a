package access

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
)

// An API key's token is tokenPrefix, the key's ID ("ak_" and lower-case
// base32, no underscore after the prefix's) and, after an underscore, its
// secret in unpadded base64url, which may hold underscores of its own:
//
//	tillit_ak_<24 base32 letters>_<43 base64url characters>
const (
	tokenPrefix  = "tillit_"
	apiKeyPrefix = "ak"
	secretSize   = 32
	// apiKeyIndex is the blind-index kind the secrets are hashed as.
	apiKeyIndex = "api_key"
	// maxKeyName is the longest name of a key, in characters.
	maxKeyName = 100
)

// errKey is the one answer to a token that does not authenticate: it must
// not tell an unknown key from a revoked one or a wrong secret.
func errKey(op string) error {
	return tillit.Errorl(tillit.EUNAUTHORIZED, op, catalog.Text("access.api_key_not_valid"))
}

// apiKeyHash keys a secret to its key's ID with the blind-index key: the
// stored hash can be checked only with the server's own key, and a hash
// copied to another key's row does not match there.
func (a *Service) apiKeyHash(id string, secret []byte) []byte {
	return a.c.Index.Blind(apiKeyIndex, id+"\x00"+string(secret))
}

// CreateAPIKey creates a key for an integration with the given scopes (see
// tillit.APIKey) and returns it with its token, which is shown this once:
// only a keyed hash of the secret is stored. EINVALID for an empty, too
// long or control-character name, for no scopes, an unknown scope or a
// purpose the register does not declare; nothing is stored then. The
// audit entry names the key and its scopes, never the token.
func (a *Service) CreateAPIKey(ctx context.Context, name string, scopes []string) (tillit.APIKey, string, error) {
	const op = "access.CreateAPIKey"
	name = strings.TrimSpace(name)
	if err := checkKeyName(op, name); err != nil {
		return tillit.APIKey{}, "", err
	}
	scopes, err := a.checkScopes(op, scopes)
	if err != nil {
		return tillit.APIKey{}, "", err
	}
	secret := make([]byte, secretSize)
	if _, err := io.ReadFull(a.c.Rand, secret); err != nil {
		return tillit.APIKey{}, "", fmt.Errorf("access: create api key: %w", err)
	}
	k := tillit.APIKey{ID: a.c.ID(apiKeyPrefix), Name: name, Scopes: scopes, Created: a.c.Now().UTC().Truncate(time.Microsecond)}
	k.Hash = a.apiKeyHash(k.ID, secret)
	err = a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.InsertAPIKey(k); err != nil {
			return err
		}
		return a.c.Audit(ctx, tx, tillit.AuditEntry{At: k.Created, Action: tillit.AuditAPIKeyCreated,
			Detail: "key=" + k.ID + " scopes=" + strings.Join(k.Scopes, ",")})
	})
	if err != nil {
		return tillit.APIKey{}, "", err
	}
	k.Hash = nil
	return k, tokenPrefix + k.ID + "_" + base64.RawURLEncoding.EncodeToString(secret), nil
}

// checkKeyName refuses a name that is empty, too long or holds control
// characters. The name is never quoted: someone may have named a key
// after a person.
func checkKeyName(op, name string) error {
	switch {
	case name == "":
		return core.Invalid(op, "access.api_key_needs_name_e")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return core.Invalid(op, "access.api_key_name_must")
	case utf8.RuneCountInString(name) > maxKeyName:
		return core.Invalid(op, "access.api_key_name_may", maxKeyName)
	}
	return nil
}

// checkScopes returns the scopes without repeats, in the order given, once
// each parses and names a purpose the register declares.
func (a *Service) checkScopes(op string, scopes []string) ([]string, error) {
	if len(scopes) == 0 {
		return nil, core.Invalid(op, "access.api_key_needs_at_least", strings.Join(tillit.PlainScopes, ", "))
	}
	pol := a.c.Policy()
	var out []string
	for _, s := range scopes {
		_, purpose, err := tillit.ParseScope(s)
		if err != nil {
			return nil, err
		}
		if purpose != "" && purpose != tillit.AnyPurpose {
			if _, ok := pol.Purpose(purpose); !ok {
				return nil, core.Invalid(op, "access.scope_purpose_which_register_does", s, purpose)
			}
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// APIKeys returns every API key, revoked ones too, in the order they were
// created, without their hashes.
func (a *Service) APIKeys(ctx context.Context) ([]tillit.APIKey, error) {
	var ks []tillit.APIKey
	err := a.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		ks, err = tx.APIKeys()
		return err
	})
	for i := range ks {
		ks[i].Hash = nil
	}
	return ks, err
}

// RevokeAPIKey revokes a key at once: no token of it authenticates after.
// Revoking a revoked key changes nothing and is not audited again.
// ENOTFOUND when there is no such key.
func (a *Service) RevokeAPIKey(ctx context.Context, id string) error {
	const op = "access.RevokeAPIKey"
	return a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		k, err := tx.APIKey(id)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND:
			return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Textf("access.no_api_key", core.SafeName(id)))
		case err != nil:
			return err
		case k.IsRevoked():
			return nil
		}
		now := a.c.Now().UTC()
		if err := tx.RevokeAPIKey(id, now); err != nil {
			return err
		}
		return a.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditAPIKeyRevoked, Detail: "key=" + id})
	})
}

// Authenticate returns the key a token belongs to, without its hash. A
// malformed token, an unknown key, a wrong secret and a revoked key all
// get the same EUNAUTHORIZED. It reads in one transaction and audits
// nothing: the caller audits what the key is used for.
func (a *Service) Authenticate(ctx context.Context, token string) (tillit.APIKey, error) {
	const op = "access.Authenticate"
	id, secret, ok := parseToken(token)
	if !ok {
		return tillit.APIKey{}, errKey(op)
	}
	// Hash before the look-up, so that an unknown key costs the same.
	want := a.apiKeyHash(id, secret)
	var k tillit.APIKey
	err := a.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		k, err = tx.APIKey(id)
		return err
	})
	switch {
	case tillit.ErrorCode(err) == tillit.ENOTFOUND:
		return tillit.APIKey{}, errKey(op)
	case err != nil:
		return tillit.APIKey{}, fmt.Errorf("access: authenticate: %w", err)
	case subtle.ConstantTimeCompare(k.Hash, want) != 1 || k.IsRevoked():
		return tillit.APIKey{}, errKey(op)
	}
	k.Hash = nil
	return k, nil
}

// parseToken splits a token into its key's ID and secret. The ID has no
// underscore after its prefix's, so the first one after it ends the ID.
func parseToken(token string) (id string, secret []byte, ok bool) {
	rest, ok := strings.CutPrefix(token, tokenPrefix+apiKeyPrefix+"_")
	if !ok {
		return "", nil, false
	}
	body, enc, ok := strings.Cut(rest, "_")
	if !ok || body == "" || strings.Trim(body, "abcdefghijklmnopqrstuvwxyz234567") != "" {
		return "", nil, false
	}
	// The decoder skips line breaks and lets odd final bits through: only
	// the one encoding of the secret is its token.
	secret, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(secret) != secretSize || base64.RawURLEncoding.EncodeToString(secret) != enc {
		return "", nil, false
	}
	return apiKeyPrefix + "_" + body, secret, true
}
