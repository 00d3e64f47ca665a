package tillit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/fnv"
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

// AuditEntry is one link of one of the audit log's hash chains (lanes).
// It names who did what, for which purpose, to which pseudonymous subject,
// and never holds a personal data value.
//
// The log is not one chain but AuditLanes of them, so that writers need
// not wait for one another: an entry goes into the lane of its subject
// (AuditLaneOf), and checkpoints (AuditCheckpoint) chain the lanes' heads
// together every few seconds. docs/audit.md explains the design.
type AuditEntry struct {
	// Seq is the entry's number in the store: unique and increasing
	// within a lane, for citing and paging. Numbers may be skipped (a
	// transaction rolled back) and, across lanes, need not follow the
	// order of commits.
	Seq     int64
	Lane    int   // the hash chain it belongs to
	LaneSeq int64 // 1, 2, 3, ... within its lane, with no gaps
	At      time.Time
	Actor   string
	Action  string
	Subject string // pseudonymous subject ID, "" for system actions
	Purpose string
	Detail  string // IDs only: categories, recipient, event, collection point
	Prev    []byte // the lane's previous entry's Hash; empty for the first
	Hash    []byte // SHA-256 over the fields above but Seq and Lane
}

// AuditLanes is how many lanes a new store's audit log has. A store keeps
// the number it was created with.
const AuditLanes = 64

// AuditLaneOf returns the lane of a subject's entries in a log of n lanes:
// entries without a subject go into lane 0, those of a subject into one of
// the others, chosen by a hash of its ID, so that all of one person's
// entries are in one chain, in order.
func AuditLaneOf(subject string, n int) int {
	if subject == "" || n < 2 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(subject))
	return 1 + int(h.Sum32()%uint32(n-1))
}

// Digest returns the entry's hash: SHA-256 over its position in its lane,
// time (UTC microseconds), each text field length-prefixed, and Prev. (For
// a log written before lanes existed, lane 0's position is the old
// sequence number, so old entries keep their hashes.)
func (e AuditEntry) Digest() []byte {
	h := sha256.New()
	var n [8]byte
	put := func(v uint64) {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	put(uint64(e.LaneSeq))
	put(uint64(e.At.UnixMicro()))
	for _, s := range []string{e.Actor, e.Action, e.Subject, e.Purpose, e.Detail} {
		put(uint64(len(s)))
		h.Write([]byte(s))
	}
	put(uint64(len(e.Prev)))
	h.Write(e.Prev)
	return h.Sum(nil)
}

// AuditLaneHead is where a lane ends: the position and hash of its last
// entry (0 and empty when it has none).
type AuditLaneHead struct {
	Lane int
	Seq  int64
	Hash []byte
}

// AuditCheckpoint chains the heads of the lanes together: it names, for
// every lane that moved since the checkpoint before it, the lane's last
// entry, and links to that checkpoint by hash. Since a lane's chain only
// proves what lies before its head, the checkpoints are what reveal a
// lane cut short or dropped altogether.
type AuditCheckpoint struct {
	Seq   int64 // 1, 2, 3, ... with no gaps
	At    time.Time
	Heads []AuditLaneHead // in lane order
	Prev  []byte          // the previous checkpoint's Hash; empty for the first
	Hash  []byte          // SHA-256 over the fields above
}

// HeadBytes encodes the checkpoint's heads as they are stored and hashed:
// for each, the lane (4 bytes), its position (8) and the hash's length (8)
// and bytes, big-endian.
func (c AuditCheckpoint) HeadBytes() []byte {
	var b []byte
	for _, h := range c.Heads {
		b = binary.BigEndian.AppendUint32(b, uint32(h.Lane))
		b = binary.BigEndian.AppendUint64(b, uint64(h.Seq))
		b = binary.BigEndian.AppendUint64(b, uint64(len(h.Hash)))
		b = append(b, h.Hash...)
	}
	return b
}

// ParseAuditHeads decodes what HeadBytes encoded.
func ParseAuditHeads(b []byte) ([]AuditLaneHead, error) {
	var out []AuditLaneHead
	for len(b) > 0 {
		if len(b) < 20 {
			return nil, fmt.Errorf("audit checkpoint: %d bytes left over", len(b))
		}
		h := AuditLaneHead{Lane: int(binary.BigEndian.Uint32(b)), Seq: int64(binary.BigEndian.Uint64(b[4:]))}
		n := binary.BigEndian.Uint64(b[12:])
		b = b[20:]
		if uint64(len(b)) < n {
			return nil, fmt.Errorf("audit checkpoint: a hash runs past the end")
		}
		h.Hash, b = bytes.Clone(b[:n]), b[n:]
		out = append(out, h)
	}
	return out, nil
}

// Digest returns the checkpoint's hash: SHA-256 over its sequence number,
// time (UTC microseconds), HeadBytes and Prev, each length-prefixed.
func (c AuditCheckpoint) Digest() []byte {
	h := sha256.New()
	var n [8]byte
	put := func(v uint64) {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	put(uint64(c.Seq))
	put(uint64(c.At.UnixMicro()))
	heads := c.HeadBytes()
	put(uint64(len(heads)))
	h.Write(heads)
	put(uint64(len(c.Prev)))
	h.Write(c.Prev)
	return h.Sum(nil)
}

// AuditReport is the result of verifying the audit log.
type AuditReport struct {
	Entries     int64  // the entries checked, in all lanes
	Lanes       int    // the lanes checked
	Checkpoints int64  // the checkpoints checked
	Head        []byte // a digest of every lane's last entry (audit.Anchor); record it elsewhere to anchor the log
	Broken      string // why and where the log breaks; "" when it is intact
}

// AuditService verifies the audit log.
type AuditService interface {
	// Verify walks every lane and every checkpoint. A broken chain is reported in the
	// report, not as an error; errors are failures to read.
	Verify(ctx context.Context) (AuditReport, error)
	// Head returns the highest sequence number given to an entry. It
	// reads the store, so it also tells whether the store answers.
	Head(ctx context.Context) (int64, error)
	// Entries returns up to n entries with Seq greater than after, in Seq
	// order.
	Entries(ctx context.Context, after int64, n int) ([]AuditEntry, error)
}

// The audit actions of calls through the HTTP API that no vault operation
// records by itself.
const (
	AuditAPICall   = "api_call"   // an authenticated call that read or listed something
	AuditAPIDenied = "api_denied" // a call refused for its key or scope
)
