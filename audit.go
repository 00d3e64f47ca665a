package tillit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// The audit actions.
const (
	AuditCollect          = "collect"
	AuditUse              = "use"
	AuditDisclose         = "disclose"
	AuditEvent            = "event"
	AuditConsentGiven     = "consent_given"
	AuditConsentWithdrawn = "consent_withdrawn"
	AuditObject           = "object"
	AuditRestrict         = "restrict"
	AuditUnrestrict       = "unrestrict"
	AuditShred            = "shred"
	AuditFind             = "find"
	AuditHistory          = "history"
	AuditKeysRotated      = "keys_rotated"
	AuditRetention        = "retention"   // a retention rule or hold deleted, anonymised or archived items
	AuditTaskRaised       = "task_raised" // a review rule raised a task
	AuditTaskClosed       = "task_closed"
	AuditRescheduled      = "rescheduled" // the register's retention changed; every subject is due again
	AuditAPIKeyCreated    = "api_key_created"
	AuditAPIKeyRevoked    = "api_key_revoked"

	// The admin's users and sign-ins; entries name users by ID only.
	AuditAdminUserCreated = "admin_user_created"
	AuditAdminUserChanged = "admin_user_changed" // role, password or disabled
	AuditAdminSignedIn    = "admin_signed_in"
	AuditAdminSignInFail  = "admin_sign_in_failed"
	AuditAdminSignedOut   = "admin_signed_out"

	// The breach register's steps (GDPR art. 33(5)); they are also the
	// kinds of an incident's timeline entries.
	AuditIncidentOpened           = "incident_opened"
	AuditIncidentUpdated          = "incident_updated"
	AuditIncidentNote             = "incident_note"
	AuditIncidentAffected         = "incident_affected" // who is affected was computed
	AuditIncidentDecided          = "incident_decided"  // whether to notify the authority
	AuditIncidentNotified         = "incident_authority_notified"
	AuditIncidentDrafted          = "incident_drafted"
	AuditIncidentSubjectsNotified = "incident_subjects_notified"
	AuditIncidentClosed           = "incident_closed"
)

// AuditEntry is one link of the audit log's hash chain. It names who did
// what, for which purpose, to which pseudonymous subject, and never holds a
// personal data value.
type AuditEntry struct {
	Seq     int64 // 1, 2, 3, ... with no gaps
	At      time.Time
	Actor   string
	Action  string
	Subject string // pseudonymous subject ID, "" for system actions
	Purpose string
	Detail  string // IDs only: categories, recipient, event, collection point
	Prev    []byte // the previous entry's Hash; empty for the first
	Hash    []byte // SHA-256 over the fields above
}

// Digest returns the entry's hash: SHA-256 over its sequence number, time
// (UTC microseconds), each text field length-prefixed, and Prev.
func (e AuditEntry) Digest() []byte {
	h := sha256.New()
	var n [8]byte
	put := func(v uint64) {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	put(uint64(e.Seq))
	put(uint64(e.At.UnixMicro()))
	for _, s := range []string{e.Actor, e.Action, e.Subject, e.Purpose, e.Detail} {
		put(uint64(len(s)))
		h.Write([]byte(s))
	}
	put(uint64(len(e.Prev)))
	h.Write(e.Prev)
	return h.Sum(nil)
}

// Chain checks audit entries one by one, in sequence order.
type Chain struct {
	seq  int64
	hash []byte
}

// Next checks that e follows the entries seen so far and is unaltered. The
// error says which entry breaks the chain and how.
func (c *Chain) Next(e AuditEntry) error {
	switch {
	case e.Seq != c.seq+1:
		return fmt.Errorf("entry %d follows entry %d: entries %d to %d are missing", e.Seq, c.seq, c.seq+1, e.Seq-1)
	case !bytes.Equal(e.Prev, c.hash):
		return fmt.Errorf("entry %d does not link to entry %d: one of them was altered", e.Seq, c.seq)
	case !bytes.Equal(e.Hash, e.Digest()):
		return fmt.Errorf("entry %d was altered after it was written", e.Seq)
	}
	c.seq, c.hash = e.Seq, e.Hash
	return nil
}

// End checks that the chain ends at the head the store recorded with its
// last append, so that removing the newest entries is noticed too.
func (c *Chain) End(headSeq int64, headHash []byte) error {
	if headSeq != c.seq || !bytes.Equal(headHash, c.hash) {
		return fmt.Errorf("the log ends at entry %d but the store's head is entry %d: entries were removed or the head was altered", c.seq, headSeq)
	}
	return nil
}

// Seq returns the sequence number of the last entry checked.
func (c *Chain) Seq() int64 { return c.seq }

// Head returns the hash of the last entry checked.
func (c *Chain) Head() []byte { return c.hash }

// AuditReport is the result of verifying the audit log.
type AuditReport struct {
	Entries int64  // the entries checked
	Head    []byte // the last good entry's hash; record it elsewhere to anchor the log
	Broken  string // why and where the chain breaks; "" when it is intact
}

// AuditService verifies the audit log.
type AuditService interface {
	// Verify walks the whole chain. A broken chain is reported in the
	// report, not as an error; errors are failures to read.
	Verify(ctx context.Context) (AuditReport, error)
}

// The audit actions of calls through the HTTP API that no vault operation
// records by itself.
const (
	AuditAPICall   = "api_call"   // an authenticated call that read or listed something
	AuditAPIDenied = "api_denied" // a call refused for its key or scope
)
