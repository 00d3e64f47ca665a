package vault

import (
	"context"

	"github.com/tillit-privacy/tillit"
)

// Erase erases everything the vault holds about a person that no legal
// hold keeps (GDPR art. 17): it records erasure_requested, deletes the
// other items, archives the kept ones until their hold ends, puts the
// person's identifiers on the suppression list, and, when nothing is
// left, destroys the person's data key.
func (v *Vault) Erase(ctx context.Context, subj string) (tillit.Erasure, error) {
	var e tillit.Erasure
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		e, err = v.c.Erase(ctx, tx, subj, v.c.Now().UTC())
		return err
	})
	return e, err
}

// Rectify corrects the person's values of the given categories (GDPR
// art. 16), every item of each, and returns the categories corrected. A
// corrected identifier moves the person's blind index with it.
func (v *Vault) Rectify(ctx context.Context, subj string, changes map[string]string) ([]string, error) {
	var cats []string
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		cats, _, err = v.c.Rectify(ctx, tx, subj, changes, v.c.Now().UTC())
		return err
	})
	return cats, err
}

// Overrule records the officer's finding that compelling legitimate
// grounds override the person's objection to purpose (GDPR art. 21(1)),
// so the purpose may process the person's data again. Never for direct
// marketing (art. 21(3)).
func (v *Vault) Overrule(ctx context.Context, subj, purpose string) error {
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		return v.c.Overrule(ctx, tx, subj, purpose, v.c.Now().UTC())
	})
}

// Portable returns the data the person provided that is processed on
// consent or contract (GDPR art. 20), and audits the export.
func (v *Vault) Portable(ctx context.Context, subj string) ([]tillit.PortableItem, error) {
	const op = "vault.Portable"
	var out []tillit.PortableItem
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = v.c.Portable(ctx, tx, op, subj)
		return err
	})
	return out, err
}

// Extract returns the person's copy of their data (GDPR art. 15) in lang:
// every value with its purposes, category, source, retention and the
// recipients it was actually disclosed to, their consents, their rights
// and the right to complain. Opening it is audited.
func (v *Vault) Extract(ctx context.Context, subj string, lang tillit.Lang) (tillit.Extract, error) {
	var x tillit.Extract
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		x, err = v.c.Extract(ctx, tx, subj, lang, v.c.Now().UTC())
		return err
	})
	return x, err
}
