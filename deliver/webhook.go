package deliver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// The Standard Webhooks headers.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// Tolerance is how far a webhook's timestamp may be from the receiver's
// clock, either way, before Verify refuses it.
const Tolerance = 5 * time.Minute

// secretPrefix marks a Standard Webhooks secret.
const secretPrefix = "whsec_"

// Errors Verify returns, wrapped.
var (
	ErrSignature = errors.New("no valid signature")
	ErrTimestamp = errors.New("timestamp missing or too far from now")
)

// NewSecret returns a new webhook secret: "whsec_" and the base64 of 32
// random bytes.
func NewSecret() (string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("deliver: webhook secret: %w", err)
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(key), nil
}

// signer returns a Standard Webhooks signer for secret, with or without the
// "whsec_" prefix. The specification asks for keys of 24 to 64 bytes; a
// shorter one would make signatures easy to forge.
func signer(secret string) (*standardwebhooks.Webhook, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil {
		return nil, errors.New("deliver: webhook: secret is not base64")
	}
	if len(key) < 24 || len(key) > 64 {
		return nil, fmt.Errorf("deliver: webhook: secret has %d bytes, want 24 to 64", len(key))
	}
	return standardwebhooks.NewWebhookRaw(key)
}

// Webhook posts signed webhook calls.
type Webhook struct {
	// Client makes the calls. Nil means a client with a 10 s timeout that
	// does not follow redirects, so a redirect counts as a failure.
	Client *http.Client
}

var defaultClient = &http.Client{
	Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// maxDrain is how much of a response body Post reads, so that the
// connection can be reused; the rest is dropped with the connection.
const maxDrain = 64 << 10

// Post sends body as JSON to endpoint, signed with secret under the
// message id and the time at, per the Standard Webhooks specification.
// Retries of one message must keep its id and may pass a new at.
//
// Any 2xx status is success. An error names the status code only, never
// the response body nor the URL; Temporary is true for 5xx, 408, 429 and
// network errors, false for everything else (other 4xx, a redirect, a bad
// secret or URL).
func (w Webhook) Post(ctx context.Context, endpoint, secret, id string, at time.Time, body []byte) error {
	if id == "" || strings.ContainsAny(id, " ,\r\n") {
		return errors.New("deliver: webhook: id is empty or has a space, comma or line break")
	}
	s, err := signer(secret)
	if err != nil {
		return err
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("deliver: webhook: URL is not an absolute http or https URL")
	}
	signature, err := s.Sign(id, at, body)
	if err != nil {
		return fmt.Errorf("deliver: webhook: sign: %w", err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return errors.New("deliver: webhook: cannot make the request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Tillit-Webhooks/1")
	req.Header.Set(HeaderWebhookID, id)
	req.Header.Set(HeaderWebhookTimestamp, strconv.FormatInt(at.Unix(), 10))
	req.Header.Set(HeaderWebhookSignature, signature)

	client := w.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// A *url.Error repeats the URL, query and all; keep only its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return &webhookError{err: err}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &webhookError{status: resp.StatusCode}
	}
	return nil
}

// webhookError is a failed Post: a status code or a network error.
type webhookError struct {
	status int   // the HTTP status, 0 for a network error
	err    error // the network error, without the URL
}

func (e *webhookError) Error() string {
	if e.err != nil {
		return "deliver: webhook: " + e.err.Error()
	}
	return fmt.Sprintf("deliver: webhook: HTTP status %d", e.status)
}

func (e *webhookError) Unwrap() error { return e.err }

func (e *webhookError) temporary() bool {
	switch {
	case e.err != nil:
		return true
	case e.status >= 500, e.status == http.StatusTooManyRequests, e.status == http.StatusRequestTimeout:
		return true
	}
	return false
}

// Verify checks that header and body are a webhook call signed with secret
// and sent within Tolerance of now. It is for receivers of Tillit's
// webhooks and for tests. It returns an error wrapping ErrSignature or
// ErrTimestamp, or another error for a bad secret.
func Verify(secret string, header http.Header, body []byte, now time.Time) error {
	s, err := signer(secret)
	if err != nil {
		return err
	}
	ts, err := strconv.ParseInt(header.Get(HeaderWebhookTimestamp), 10, 64)
	if err != nil {
		return fmt.Errorf("deliver: webhook: %w", ErrTimestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return fmt.Errorf("deliver: webhook: %w", ErrTimestamp)
	}
	// The library checks the timestamp against the wall clock; ours is now.
	if err := s.VerifyIgnoringTimestamp(body, header); err != nil {
		return fmt.Errorf("deliver: webhook: %w", ErrSignature)
	}
	return nil
}

// Backoff returns how long to wait after the attempt-th failed attempt
// before the next: 30 s after the first, doubling each time, at most 6 h.
// It has no jitter, so the schedule is the same every time.
func Backoff(attempt int) time.Duration {
	const first, most = 30 * time.Second, 6 * time.Hour
	d := first
	for i := 1; i < attempt && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}
