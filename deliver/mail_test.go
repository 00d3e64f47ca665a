package deliver_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/smtptest"
)

const recipient = "asa.lindqvist@example.se"

// swedish is a mail with everything that has to survive the trip.
func swedish() deliver.Mail {
	return deliver.Mail{
		To:      recipient,
		Lang:    "sv",
		Subject: "Bekräfta din begäran – Åsa",
		Text:    "Hej Åsa!\n\nDin kod är 123456. Den gäller i 24 timmar.\nRäksmörgås, ÅÄÖ åäö é ü — “citat” €\n",
		HTML:    "<p>Hej Åsa!</p><p>Din kod är <b>123456</b>.</p>",
		Attachments: []deliver.Attachment{{
			Name:        "utdrag-åäö.pdf",
			ContentType: "application/pdf",
			Data:        []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\x01\x02\xfe\xff binary\r\n.\r\nend"),
		}},
	}
}

func mailer(t *testing.T, s *smtptest.Server, change func(*deliver.MailConfig)) *deliver.Mailer {
	t.Helper()
	c := deliver.MailConfig{
		Host:     s.Host(),
		Port:     s.Port(),
		From:     "dataskydd@example.se",
		FromName: "Exempel Åkeri AB",
		TLS:      "none",
		Timeout:  time.Minute,
	}
	if change != nil {
		change(&c)
	}
	m, err := deliver.NewMailer(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSendSwedishMail(t *testing.T) {
	s := smtptest.Start(t)
	msg := swedish()
	if err := mailer(t, s, nil).Send(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 10*time.Second)[0]

	if got.From != "dataskydd@example.se" {
		t.Errorf("envelope from = %q", got.From)
	}
	if diff := cmp.Diff([]string{recipient}, got.To); diff != "" {
		t.Errorf("envelope to (-want +got):\n%s", diff)
	}
	from, err := got.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Exempel Åkeri AB" || from[0].Address != "dataskydd@example.se" {
		t.Errorf("From header = %v (%v)", from, err)
	}
	to, err := got.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != recipient {
		t.Errorf("To header = %v (%v)", to, err)
	}
	if got.Subject != "Bekräfta din begäran – Åsa" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if raw := got.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("Subject header %q is not an RFC 2047 encoded word", raw)
	}
	if got.Text != msg.Text {
		t.Errorf("Text = %q, want %q", got.Text, msg.Text)
	}
	if got.HTML != msg.HTML {
		t.Errorf("HTML = %q, want %q", got.HTML, msg.HTML)
	}
	want := []smtptest.Attachment{{Name: "utdrag-åäö.pdf", ContentType: "application/pdf", Data: msg.Attachments[0].Data}}
	if diff := cmp.Diff(want, got.Attachments); diff != "" {
		t.Errorf("attachments (-want +got):\n%s", diff)
	}
	for field, want := range map[string]string{
		"Content-Language": "sv",
		"Auto-Submitted":   "auto-generated",
	} {
		if v := got.Header.Get(field); v != want {
			t.Errorf("%s = %q, want %q", field, v, want)
		}
	}
	if id := got.Header.Get("Message-Id"); !strings.HasSuffix(id, "@example.se>") {
		t.Errorf("Message-ID %q is not in the sender's domain", id)
	}
	if strings.Contains(string(got.Raw), "go-mail") {
		t.Error("the message names the library that sent it")
	}
}

func TestSendTextOnly(t *testing.T) {
	s := smtptest.Start(t)
	msg := deliver.Mail{To: recipient, Lang: "en", Subject: "Your request", Text: "Hello"}
	if err := mailer(t, s, nil).Send(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 10*time.Second)[0]
	// A single-part body ends with the line break that ends the message.
	if got.Text != "Hello\n" || got.HTML != "" || len(got.Attachments) != 0 || got.Header.Get("Content-Language") != "en" {
		t.Errorf("got text %q, HTML %q, %d attachments, language %q",
			got.Text, got.HTML, len(got.Attachments), got.Header.Get("Content-Language"))
	}
}

func TestSendTLSModes(t *testing.T) {
	tests := []struct {
		tls     string
		wantErr bool
	}{
		{tls: "none"},
		{tls: ""}, // STARTTLS if offered; smtptest offers none
		{tls: "starttls", wantErr: true},
	}
	for _, tt := range tests {
		t.Run("tls="+tt.tls, func(t *testing.T) {
			s := smtptest.Start(t)
			m := mailer(t, s, func(c *deliver.MailConfig) { c.TLS = tt.tls })
			err := m.Send(t.Context(), swedish())
			if tt.wantErr {
				if err == nil {
					t.Fatal("sent over a plain connection although STARTTLS was required")
				}
				if !strings.HasPrefix(err.Error(), "deliver: mail: connect: ") {
					t.Errorf("err = %q, want a connect error", err)
				}
				if n := len(s.Messages()); n != 0 {
					t.Errorf("%d messages arrived", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s.Wait(t, 1, 10*time.Second)
		})
	}
}

func TestSendAuthenticates(t *testing.T) {
	s := smtptest.Start(t)
	m := mailer(t, s, func(c *deliver.MailConfig) { c.Username, c.Password = "tillit", "hemligt" })
	if err := m.Send(t.Context(), swedish()); err != nil {
		t.Fatal(err)
	}
	if got := s.Wait(t, 1, 10*time.Second)[0].Username; got != "tillit" {
		t.Errorf("authenticated as %q, want tillit", got)
	}
}

// assertPrivate fails the test if err shows any of the mail's personal data.
func assertPrivate(t *testing.T, err error, msg deliver.Mail) {
	t.Helper()
	local, _, _ := strings.Cut(msg.To, "@")
	for _, secret := range []string{msg.To, local, msg.Subject, "Åsa", "123456"} {
		if secret != "" && strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains %q", err, secret)
		}
	}
}

func TestSendTemporaryFailure(t *testing.T) {
	s := smtptest.Start(t)
	s.Fail(1)
	m := mailer(t, s, nil)
	msg := swedish()

	err := m.Send(t.Context(), msg)
	if err == nil {
		t.Fatal("Send succeeded although the server refused with 451")
	}
	if want := "deliver: mail: recipient refused (SMTP 451)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if !deliver.Temporary(err) {
		t.Error("Temporary(err) = false for a 451")
	}
	assertPrivate(t, err, msg)

	if err := m.Send(t.Context(), msg); err != nil {
		t.Fatalf("retry: %v", err)
	}
	s.Wait(t, 1, 10*time.Second)
}

func TestSendPermanentFailure(t *testing.T) {
	s := smtptest.Start(t)
	s.Refuse(recipient)
	msg := swedish()
	err := mailer(t, s, nil).Send(t.Context(), msg)
	if err == nil {
		t.Fatal("Send succeeded although the server refused the recipient")
	}
	if want := "deliver: mail: recipient refused (SMTP 550)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if deliver.Temporary(err) {
		t.Error("Temporary(err) = true for a 550")
	}
	assertPrivate(t, err, msg)
}

func TestSendConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	m, err := deliver.NewMailer(deliver.MailConfig{Host: "127.0.0.1", Port: port, From: "dataskydd@example.se", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	msg := swedish()
	err = m.Send(t.Context(), msg)
	if err == nil {
		t.Fatal("Send succeeded with nothing listening")
	}
	if !deliver.Temporary(err) {
		t.Errorf("Temporary(%q) = false for a refused connection", err)
	}
	if !strings.HasPrefix(err.Error(), "deliver: mail: connect: ") {
		t.Errorf("err = %q, want a connect error", err)
	}
	assertPrivate(t, err, msg)
}

// TestSendCancelled checks that cancelling the context ends an attempt on
// a server that never answers, well before the mailer's own timeout.
func TestSendCancelled(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		cancel() // connected, and the greeting never comes
		<-t.Context().Done()
	}()

	m, err := deliver.NewMailer(deliver.MailConfig{
		Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port,
		From: "dataskydd@example.se", TLS: "none", Timeout: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(ctx, swedish())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !deliver.Temporary(err) {
		t.Error("Temporary(err) = false for a cancelled attempt")
	}
}

func TestSendRejectsBadMail(t *testing.T) {
	tests := []struct {
		name   string
		change func(*deliver.Mail)
		want   string
	}{
		{"bad address", func(m *deliver.Mail) { m.To = "åsa at example.se" }, "deliver: mail: To is not an e-mail address"},
		{"no subject", func(m *deliver.Mail) { m.Subject = "" }, "deliver: mail: Subject is empty"},
		{"header injection", func(m *deliver.Mail) { m.Subject = "Åsa\r\nBcc: x@example.com" }, "deliver: mail: Subject has a line break"},
		{"no text", func(m *deliver.Mail) { m.Text = "" }, "deliver: mail: Text is empty"},
		{"bad language", func(m *deliver.Mail) { m.Lang = "svenska!" }, `deliver: mail: Lang "svenska!" is not a language tag`},
		{"unnamed attachment", func(m *deliver.Mail) { m.Attachments[0].Name = "" }, "deliver: mail: attachment 1 has no usable name"},
		{"bad content type", func(m *deliver.Mail) { m.Attachments[0].ContentType = "pdf" }, `deliver: mail: attachment 1: ContentType "pdf" is not a media type`},
	}
	s := smtptest.Start(t)
	m := mailer(t, s, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := swedish()
			tt.change(&msg)
			err := m.Send(t.Context(), msg)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if deliver.Temporary(err) {
				t.Error("Temporary(err) = true for a mail that cannot be sent")
			}
			assertPrivate(t, err, msg)
		})
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}
}

func TestNewMailerValidates(t *testing.T) {
	good := deliver.MailConfig{Host: "smtp.example.se", From: "dataskydd@example.se"}
	tests := []struct {
		name   string
		change func(*deliver.MailConfig)
		want   []string // each must appear in the error
	}{
		{"no host", func(c *deliver.MailConfig) { c.Host = " " }, []string{"Host is empty"}},
		{"bad port", func(c *deliver.MailConfig) { c.Port = 70000 }, []string{"Port 70000"}},
		{"bad tls", func(c *deliver.MailConfig) { c.TLS = "ssl" }, []string{`TLS "ssl"`}},
		{"user without password", func(c *deliver.MailConfig) { c.Username = "u" }, []string{"Password is empty"}},
		{"password without user", func(c *deliver.MailConfig) { c.Password = "p" }, []string{"Username is empty"}},
		{"no from", func(c *deliver.MailConfig) { c.From = "" }, []string{"From is empty"}},
		{"from with name", func(c *deliver.MailConfig) { c.From = "Exempel <dataskydd@example.se>" }, []string{"From", "FromName"}},
		{"negative timeout", func(c *deliver.MailConfig) { c.Timeout = -time.Second }, []string{"Timeout"}},
		{"several", func(c *deliver.MailConfig) { c.Host, c.From = "", "" }, []string{"Host is empty", "From is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.change(&c)
			_, err := deliver.NewMailer(c)
			if err == nil {
				t.Fatal("NewMailer accepted the config")
			}
			if !strings.HasPrefix(err.Error(), "deliver: mail config: ") {
				t.Errorf("err = %q lacks the prefix", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to contain %q", err, w)
				}
			}
		})
	}
	if _, err := deliver.NewMailer(good); err != nil {
		t.Errorf("NewMailer(good) = %v", err)
	}
}
