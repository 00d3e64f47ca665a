package core

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
)

// The outbox's audit actions.
const auditQueued = "message_queued"

// Envelope is a message's address and content, kept sealed in the outbox.
type Envelope struct {
	deliver.Mail
	URL  string          `json:"url,omitempty"`  // webhook
	Body json.RawMessage `json:"body,omitempty"` // webhook
	// An answer's data, attached as files when the message is sent, after
	// the transaction that queued it committed: rendering a PDF inside it
	// would hold up every other writer.
	Extract  *tillit.Extract       `json:"extract,omitempty"`  // an access answer's extract, as base.pdf/.html/.json
	Files    string                `json:"files,omitempty"`    // the base name of the extract's files
	Portable []tillit.PortableItem `json:"portable,omitempty"` // a portability answer's data, as data.json/.csv
}

// SealOwn seals v as JSON with a new data key of the row id's own, bound
// to kind and id, and returns it with the key wrapped. Destroying the
// wrapped key destroys the content.
func (k *Core) SealOwn(kind, id string, x any) (sealed, wrapped []byte, err error) {
	dk, wrapped, err := k.KEK.NewDataKey(id)
	if err != nil {
		return nil, nil, err
	}
	b, err := json.Marshal(x)
	if err != nil {
		return nil, nil, err
	}
	sealed, err = dk.Encrypt(b, []byte(kind+"\x00"+id))
	return sealed, wrapped, err
}

// OpenOwn opens what sealOwn sealed into x.
func (k *Core) OpenOwn(kind, id string, wrapped, sealed []byte, x any) error {
	dk, err := k.KEK.OpenDataKey(id, wrapped)
	if err != nil {
		return err
	}
	b, err := dk.Decrypt(sealed, []byte(kind+"\x00"+id))
	if err != nil {
		return fmt.Errorf("open %s %s: %w", kind, id, err)
	}
	return json.Unmarshal(b, x)
}

// Queue puts a message in the outbox in tx, sealed with a key of its own.
func (k *Core) Queue(ctx context.Context, tx tillit.Tx, m tillit.Message, e Envelope, now time.Time) (tillit.Message, error) {
	m.ID, m.Created, m.NextAt = k.ID("msg"), now, now
	if err := k.AddConsentLink(tx, m, &e, now); err != nil {
		return m, err
	}
	var wrapped []byte
	var err error
	if m.Sealed, wrapped, err = k.SealOwn("outbox", m.ID, e); err != nil {
		return m, err
	}
	if err := tx.InsertMessage(m, wrapped); err != nil {
		return m, err
	}
	return m, k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditQueued, Subject: m.Subject,
		Detail: "message=" + m.ID + " via=" + string(m.Via) + " topic=" + m.Topic + " request=" + m.Request + " recipient=" + m.Recipient})
}
