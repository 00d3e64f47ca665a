package requests

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/extract"
	"github.com/tillit-privacy/tillit/internal/core"
)

// The outbox's audit actions of attempts.
const (
	auditDelivered = "message_delivered"
	auditGaveUp    = "message_failed"
)

// MaxAttempts is how often a message is tried before the outbox gives up
// and leaves it to the officer. With deliver.Backoff's doubling from 30
// seconds to at most 6 hours, that is about two days.
const MaxAttempts = 16

// lease is how long a claimed message is left alone by other senders: a
// sender that crashed mid-attempt is retried after it.
const lease = 5 * time.Minute

// Post is how the outbox reaches the world. A nil Mail or Webhook leaves
// those messages waiting.
type Post struct {
	Mail    func(ctx context.Context, m deliver.Mail) error
	Webhook func(ctx context.Context, url, secret, id string, at time.Time, body []byte) error
	// Secret returns the signing secret of a recipient's webhook.
	Secret func(recipient string) string
}

// DeliveryReport counts what one round of delivery did.
type DeliveryReport struct {
	Delivered int `json:"delivered"`
	Retry     int `json:"retry"`   // failed, to be tried again
	GaveUp    int `json:"gave_up"` // failed for good; the officer must act
}

// Deliver tries up to n messages whose next attempt is due. A message is
// claimed for a lease first, sent outside any transaction, and its outcome
// recorded after: a crash between the two sends it again after the lease
// (at least once; webhook receivers deduplicate on webhook-id).
func (s *Service) Deliver(ctx context.Context, post Post, n int) (DeliveryReport, error) {
	var rep DeliveryReport
	type claimed struct {
		m tillit.Message
		e core.Envelope
	}
	var batch []claimed
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		batch = nil
		now := s.c.Now().UTC()
		ms, err := tx.PendingMessages(now, n)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Via == tillit.ViaEmail && post.Mail == nil || m.Via == tillit.ViaWebhook && post.Webhook == nil {
				// No way to send it here: look again later, without
				// blocking the messages behind it.
				m.NextAt = now.Add(time.Minute)
				if err := tx.UpdateMessage(m); err != nil {
					return err
				}
				continue
			}
			e, err := s.openMessage(tx, m)
			if err != nil {
				// A message that cannot be opened (its key is gone or
				// wrapped by a retired key) is given up, not retried:
				// it must not hold up the rest.
				m.Attempts++
				if err := s.attempted(ctx, tx, m, errUnopenable, &rep); err != nil {
					return err
				}
				continue
			}
			m.Attempts++
			m.NextAt = now.Add(lease)
			if err := tx.UpdateMessage(m); err != nil {
				return err
			}
			batch = append(batch, claimed{m, e})
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("requests: deliver: %w", err)
	}
	for _, c := range batch {
		sendErr := s.send(ctx, post, c.m, c.e)
		err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
			return s.attempted(ctx, tx, c.m, sendErr, &rep)
		})
		if err != nil {
			return rep, fmt.Errorf("requests: deliver: %w", err)
		}
	}
	return rep, nil
}

func (s *Service) openMessage(tx tillit.Tx, m tillit.Message) (core.Envelope, error) {
	var e core.Envelope
	wrapped, err := tx.MessageKey(m.ID)
	if err != nil {
		return e, err
	}
	return e, s.c.OpenOwn("outbox", m.ID, wrapped, m.Sealed, &e)
}

func (s *Service) send(ctx context.Context, post Post, m tillit.Message, e core.Envelope) error {
	if m.Via == tillit.ViaWebhook {
		secret := ""
		if post.Secret != nil {
			secret = post.Secret(m.Recipient)
		}
		if secret == "" {
			return errNoSecret
		}
		return post.Webhook(ctx, e.URL, secret, m.ID, time.Now(), e.Body) // the wall clock: the receiver checks it against its own
	}
	files, err := attachments(e)
	if err != nil {
		return errUnrendered // its text might quote the data
	}
	for _, f := range files {
		e.Mail.Attachments = append(e.Mail.Attachments, deliver.Attachment{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
	}
	return post.Mail(ctx, e.Mail)
}

// attachments renders an answer's data as the files it is sent with. It
// runs when the message is sent, outside any transaction.
func attachments(e core.Envelope) ([]extract.File, error) {
	switch {
	case e.Extract != nil:
		return extract.Files(*e.Extract, e.Files)
	case e.Portable != nil:
		return extract.PortableFiles(e.Portable)
	}
	return nil, nil
}

var (
	errNoSecret   = errors.New("no webhook signing secret is configured for the recipient")
	errUnopenable = errors.New("the message's key does not open it (retired key-encryption key?)")
	errUnrendered = errors.New("the answer's files could not be rendered")
)

// attempted records the outcome of an attempt. A delivered message drops
// its content and key; a failed one waits for its next attempt, or is
// given up when the failure is permanent or attempts run out.
func (s *Service) attempted(ctx context.Context, tx tillit.Tx, m tillit.Message, sendErr error, rep *DeliveryReport) error {
	now := s.c.Now().UTC()
	action := auditDelivered
	switch {
	case sendErr == nil:
		m.Delivered, m.NextAt, m.LastError, m.Sealed = now, time.Time{}, "", nil
		rep.Delivered++
	case deliver.Temporary(sendErr) && m.Attempts < MaxAttempts:
		m.NextAt, m.LastError = now.Add(deliver.Backoff(m.Attempts)), sendErr.Error()
		rep.Retry++
		action = ""
	default:
		m.NextAt, m.LastError = time.Time{}, sendErr.Error()
		rep.GaveUp++
		action = auditGaveUp
	}
	if err := tx.UpdateMessage(m); err != nil {
		return err
	}
	if action == "" {
		return nil
	}
	return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: action, Subject: m.Subject,
		Detail: "message=" + m.ID + " via=" + string(m.Via) + " attempts=" + strconv.Itoa(m.Attempts)})
}

// Retry puts a message the outbox gave up on back in line, e.g. after the
// recipient fixed their endpoint.
func (s *Service) Retry(ctx context.Context, id string) error {
	return s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		m, err := tx.Message(id)
		if err != nil {
			return err
		}
		switch {
		case !m.Delivered.IsZero() || !m.NextAt.IsZero():
			return core.Invalid("requests.Retry", "requests.message_already_waiting_delivered")
		case m.Sealed == nil:
			return core.Invalid("requests.Retry", "requests.message_content_destroyed_cannot")
		}
		m.NextAt, m.Attempts = s.c.Now().UTC(), 0
		if err := tx.UpdateMessage(m); err != nil {
			return err
		}
		return s.c.Audit(ctx, tx, tillit.AuditEntry{Action: "message_retry", Subject: m.Subject, Detail: "message=" + m.ID})
	})
}

// Messages pages through the outbox; the content stays sealed.
func (s *Service) Messages(ctx context.Context, f tillit.MessageFilter) ([]tillit.Message, error) {
	var out []tillit.Message
	err := s.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = tx.Messages(f)
		return err
	})
	for i := range out {
		out[i].Sealed = nil
	}
	return out, err
}
