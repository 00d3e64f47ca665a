package deliver_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/deliver"
)

// The Standard Webhooks specification's published test vector.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func vectorHeader() http.Header {
	h := http.Header{}
	h.Set("webhook-id", vectorID)
	h.Set("webhook-timestamp", fmt.Sprint(vectorTimestamp))
	h.Set("webhook-signature", vectorSignature)
	return h
}

// received is one call a test receiver got.
type received struct {
	header http.Header
	body   []byte
	err    error // what Verify said
}

// receiver starts a server that verifies each call with secret as of now
// and answers status, with a body that must never reach an error.
func receiver(t *testing.T, secret string, now time.Time, status int) (*httptest.Server, chan received) {
	t.Helper()
	calls := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		calls <- received{header: r.Header, body: body, err: deliver.Verify(secret, r.Header, body, now)}
		w.WriteHeader(status)
		io.WriteString(w, "response body with asa.lindqvist@example.se")
	}))
	t.Cleanup(srv.Close)
	return srv, calls
}

func TestPostSignsLikeTheSpecification(t *testing.T) {
	at := time.Unix(vectorTimestamp, 0)
	srv, calls := receiver(t, vectorSecret, at, http.StatusNoContent)
	err := deliver.Webhook{}.Post(t.Context(), srv.URL, vectorSecret, vectorID, at, []byte(vectorBody))
	if err != nil {
		t.Fatal(err)
	}
	got := <-calls
	if got.err != nil {
		t.Errorf("Verify: %v", got.err)
	}
	for field, want := range map[string]string{
		"Webhook-Id":        vectorID,
		"Webhook-Timestamp": fmt.Sprint(vectorTimestamp),
		"Webhook-Signature": vectorSignature,
		"Content-Type":      "application/json",
	} {
		if v := got.header.Get(field); v != want {
			t.Errorf("%s = %q, want %q", field, v, want)
		}
	}
	if string(got.body) != vectorBody {
		t.Errorf("body = %q", got.body)
	}
}

func TestVerifyAcceptsTheSpecificationVector(t *testing.T) {
	at := time.Unix(vectorTimestamp, 0)
	for _, secret := range []string{vectorSecret, strings.TrimPrefix(vectorSecret, "whsec_")} {
		if err := deliver.Verify(secret, vectorHeader(), []byte(vectorBody), at); err != nil {
			t.Errorf("Verify with secret %q: %v", secret, err)
		}
	}
}

func TestVerifyRefuses(t *testing.T) {
	at := time.Unix(vectorTimestamp, 0)
	other, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		secret string
		header func(http.Header)
		body   string
		now    time.Time
		want   error
	}{
		{name: "tampered body", body: `{"test": 2432232315}`, want: deliver.ErrSignature},
		{name: "other secret", secret: other, want: deliver.ErrSignature},
		{name: "other id", header: func(h http.Header) { h.Set("webhook-id", "msg_other") }, want: deliver.ErrSignature},
		{name: "moved timestamp", header: func(h http.Header) { h.Set("webhook-timestamp", fmt.Sprint(vectorTimestamp+1)) }, want: deliver.ErrSignature},
		{name: "no signature", header: func(h http.Header) { h.Del("webhook-signature") }, want: deliver.ErrSignature},
		{name: "other version", header: func(h http.Header) { h.Set("webhook-signature", "v1a"+vectorSignature[2:]) }, want: deliver.ErrSignature},
		{name: "stale", now: at.Add(5*time.Minute + time.Second), want: deliver.ErrTimestamp},
		{name: "from the future", now: at.Add(-5*time.Minute - time.Second), want: deliver.ErrTimestamp},
		{name: "no timestamp", header: func(h http.Header) { h.Del("webhook-timestamp") }, want: deliver.ErrTimestamp},
		{name: "bad timestamp", header: func(h http.Header) { h.Set("webhook-timestamp", "soon") }, want: deliver.ErrTimestamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret, body, now, h := vectorSecret, vectorBody, at, vectorHeader()
			if tt.secret != "" {
				secret = tt.secret
			}
			if tt.body != "" {
				body = tt.body
			}
			if !tt.now.IsZero() {
				now = tt.now
			}
			if tt.header != nil {
				tt.header(h)
			}
			if err := deliver.Verify(secret, h, []byte(body), now); !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyTolerance(t *testing.T) {
	at := time.Unix(vectorTimestamp, 0)
	for _, now := range []time.Time{at.Add(5 * time.Minute), at.Add(-5 * time.Minute)} {
		if err := deliver.Verify(vectorSecret, vectorHeader(), []byte(vectorBody), now); err != nil {
			t.Errorf("Verify %v from the timestamp: %v", now.Sub(at), err)
		}
	}
}

func TestPostStatus(t *testing.T) {
	secret, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		status    int
		ok        bool
		temporary bool
	}{
		{status: 200, ok: true},
		{status: 202, ok: true},
		{status: 204, ok: true},
		{status: 302},
		{status: 400},
		{status: 401},
		{status: 404},
		{status: 410},
		{status: 408, temporary: true},
		{status: 429, temporary: true},
		{status: 500, temporary: true},
		{status: 502, temporary: true},
		{status: 503, temporary: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			srv, calls := receiver(t, secret, at.Add(time.Second), tt.status)
			url := srv.URL + "/hooks/tillit?token=s3cret-query"
			err := deliver.Webhook{}.Post(t.Context(), url, secret, "msg_1", at, []byte(`{"type":"request.created"}`))
			if got := <-calls; got.err != nil {
				t.Errorf("the receiver could not verify the call: %v", got.err)
			}
			if tt.ok {
				if err != nil {
					t.Fatalf("Post = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Post succeeded")
			}
			if want := fmt.Sprintf("deliver: webhook: HTTP status %d", tt.status); err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
			if deliver.Temporary(err) != tt.temporary {
				t.Errorf("Temporary = %v, want %v", deliver.Temporary(err), tt.temporary)
			}
		})
	}
}

func TestPostNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/hook?token=s3cret-query"
	srv.Close()

	secret, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	err = deliver.Webhook{}.Post(t.Context(), url, secret, "msg_1", time.Now(), []byte(`{}`))
	if err == nil {
		t.Fatal("Post succeeded with nothing listening")
	}
	if !deliver.Temporary(err) {
		t.Errorf("Temporary(%q) = false for a network error", err)
	}
	if strings.Contains(err.Error(), "s3cret-query") || strings.Contains(err.Error(), "/hook") {
		t.Errorf("err = %q shows the URL", err)
	}
}

func TestPostRefusesBadInput(t *testing.T) {
	secret, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	short := "whsec_" + base64.StdEncoding.EncodeToString([]byte("too short"))
	tests := []struct {
		name, url, secret, id string
	}{
		{"relative URL", "/hook?token=s3cret-query", secret, "msg_1"},
		{"other scheme", "ftp://example.se/hook?token=s3cret-query", secret, "msg_1"},
		{"short secret", "https://example.se/hook?token=s3cret-query", short, "msg_1"},
		{"secret not base64", "https://example.se/hook?token=s3cret-query", "whsec_not base64!", "msg_1"},
		{"no id", "https://example.se/hook?token=s3cret-query", secret, ""},
		{"id with comma", "https://example.se/hook?token=s3cret-query", secret, "a,b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := deliver.Webhook{}.Post(t.Context(), tt.url, tt.secret, tt.id, time.Now(), []byte(`{}`))
			if err == nil {
				t.Fatal("Post accepted it")
			}
			if deliver.Temporary(err) {
				t.Errorf("Temporary(%q) = true", err)
			}
			if strings.Contains(err.Error(), "s3cret-query") {
				t.Errorf("err = %q shows the URL", err)
			}
		})
	}
}

func TestNewSecret(t *testing.T) {
	a, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("two secrets are equal")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "whsec_"))
	if !strings.HasPrefix(a, "whsec_") || err != nil || len(key) != 32 {
		t.Errorf("secret %q is not whsec_ and the base64 of 32 bytes", a)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{0, 30 * time.Second},
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{4, 4 * time.Minute},
		{5, 8 * time.Minute},
		{6, 16 * time.Minute},
		{7, 32 * time.Minute},
		{8, 64 * time.Minute},
		{9, 128 * time.Minute},
		{10, 256 * time.Minute},
		{11, 6 * time.Hour},
		{12, 6 * time.Hour},
		{1000, 6 * time.Hour},
		{int(^uint(0) >> 1), 6 * time.Hour},
	}
	for _, tt := range tests {
		if got := deliver.Backoff(tt.attempt); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempt, got, tt.want)
		}
	}
}
