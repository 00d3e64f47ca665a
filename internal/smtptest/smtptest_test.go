package smtptest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tillit-privacy/tillit/internal/smtptest"
)

// nested is a message with multipart/mixed around multipart/alternative,
// quoted-printable text, base64 HTML and two attachments whose names are
// encoded the two ways mail programs do it.
const nested = "From: Tillit <noreply@example.se>\r\n" +
	"To: asa@example.se\r\n" +
	"Subject: =?UTF-8?q?Bekr=C3=A4fta_din_beg=C3=A4ran_=E2=80=93_=C3=85sa?=\r\n" +
	"Content-Language: sv\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=outer\r\n" +
	"\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=inner\r\n" +
	"\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Hej =C3=85sa,\r\n" +
	"en mycket l=C3=A5ng rad som bryts mjukt h=\r\n" +
	"=C3=A4r.\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"PHA+SGVqIMOFc2E8L3A+\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: application/pdf; name=\"=?UTF-8?q?utdrag_=C3=A5=C3=A4=C3=B6.pdf?=\"\r\n" +
	"Content-Disposition: attachment; filename=\"=?UTF-8?q?utdrag_=C3=A5=C3=A4=C3=B6.pdf?=\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBERi0xLjcK\r\n" +
	"AAEC/w==\r\n" +
	"--outer\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Disposition: attachment; filename*=UTF-8''kvitto-%C3%B6.txt\r\n" +
	"\r\n" +
	"kvitto\r\n" +
	"--outer--\r\n"

func TestParsesNestedMultipart(t *testing.T) {
	s := smtptest.Start(t)
	if err := send(s.Addr(), nil, "noreply@example.se", []string{"asa@example.se"}, strings.NewReader(nested)); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)
	want := []smtptest.Message{{
		From:    "noreply@example.se",
		To:      []string{"asa@example.se"},
		Subject: "Bekräfta din begäran – Åsa",
		Text:    "Hej Åsa,\nen mycket lång rad som bryts mjukt här.", // the last CRLF belongs to the boundary
		HTML:    "<p>Hej Åsa</p>",
		Attachments: []smtptest.Attachment{
			{Name: "utdrag åäö.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\n\x00\x01\x02\xff")},
			{Name: "kvitto-ö.txt", ContentType: "text/plain", Data: []byte("kvitto")},
		},
	}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(smtptest.Message{}, "Raw", "Header")); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if got[0].Header.Get("Content-Language") != "sv" {
		t.Errorf("Header[Content-Language] = %q, want sv", got[0].Header.Get("Content-Language"))
	}
	if !strings.Contains(string(got[0].Raw), "boundary=outer") {
		t.Errorf("Raw does not hold the message as sent:\n%s", got[0].Raw)
	}
}

func TestSinglePart(t *testing.T) {
	s := smtptest.Start(t)
	raw := "From: a@example.se\r\nTo: b@example.se\r\nSubject: plain\r\n\r\nno MIME at all\r\n"
	if err := send(s.Addr(), nil, "a@example.se", []string{"b@example.se", "c@example.se"}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	m := s.Wait(t, 1, 5*time.Second)[0]
	if m.Subject != "plain" || m.Text != "no MIME at all\n" || m.HTML != "" || len(m.Attachments) != 0 {
		t.Errorf("got subject %q, text %q, HTML %q, %d attachments", m.Subject, m.Text, m.HTML, len(m.Attachments))
	}
	if diff := cmp.Diff([]string{"b@example.se", "c@example.se"}, m.To); diff != "" {
		t.Errorf("To (-want +got):\n%s", diff)
	}
}

func TestAuthPlainAcceptsAnyCredentials(t *testing.T) {
	s := smtptest.Start(t)
	raw := "Subject: auth\r\n\r\nbody\r\n"
	auth := sasl.NewPlainClient("", "tillit", "whatever")
	if err := send(s.Addr(), auth, "a@example.se", []string{"b@example.se"}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	if got := s.Wait(t, 1, 5*time.Second)[0].Username; got != "tillit" {
		t.Errorf("Username = %q, want tillit", got)
	}
}

func TestFail(t *testing.T) {
	s := smtptest.Start(t)
	s.Fail(2)
	try := func() error {
		return send(s.Addr(), nil, "a@example.se", []string{"b@example.se"}, strings.NewReader("Subject: x\r\n\r\nx\r\n"))
	}
	for i := range 2 {
		err := try()
		var smtpErr *smtp.SMTPError
		if !errors.As(err, &smtpErr) || smtpErr.Code != 451 {
			t.Fatalf("send %d: err = %v, want a 451", i+1, err)
		}
		if !strings.Contains(smtpErr.Message, "b@example.se") {
			t.Errorf("send %d: reply %q does not echo the address as real servers do", i+1, smtpErr.Message)
		}
	}
	if err := try(); err != nil {
		t.Fatalf("third send: %v", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages accepted, want 1", n)
	}
}

func TestRefuse(t *testing.T) {
	s := smtptest.Start(t)
	s.Refuse("Gone@Example.se")
	err := send(s.Addr(), nil, "a@example.se", []string{"gone@example.se"}, strings.NewReader("Subject: x\r\n\r\nx\r\n"))
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) || smtpErr.Code != 550 {
		t.Fatalf("err = %v, want a 550", err)
	}
	if err := send(s.Addr(), nil, "a@example.se", []string{"kept@example.se"}, strings.NewReader("Subject: x\r\n\r\nx\r\n")); err != nil {
		t.Fatalf("another recipient: %v", err)
	}
}

func TestUnparsableMessageIsRefused(t *testing.T) {
	s := smtptest.Start(t)
	raw := "Content-Type: multipart/mixed\r\n\r\nno boundary\r\n"
	err := send(s.Addr(), nil, "a@example.se", []string{"b@example.se"}, strings.NewReader(raw))
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) || smtpErr.Code != 554 {
		t.Fatalf("err = %v, want a 554", err)
	}
}

// send sends raw over plain SMTP; smtp.SendMail insists on STARTTLS.
func send(addr string, auth sasl.Client, from string, to []string, raw *strings.Reader) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.SendMail(from, to, raw); err != nil {
		return err
	}
	return c.Quit()
}

// recorder is a testing.TB that records Fatalf instead of stopping.
type recorder struct {
	testing.TB
	fatal string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }

func TestWaitFailsWhenTooFewArrive(t *testing.T) {
	s := smtptest.Start(t)
	r := &recorder{TB: t}
	s.Wait(r, 1, 10*time.Millisecond)
	if want := "smtptest: 0 of 1 messages arrived within 10ms"; r.fatal != want {
		t.Errorf("Wait reported %q, want %q", r.fatal, want)
	}
}

func TestHostPort(t *testing.T) {
	s := smtptest.Start(t)
	if s.Host() != "127.0.0.1" || s.Port() == 0 || s.Addr() != fmt.Sprintf("127.0.0.1:%d", s.Port()) {
		t.Errorf("Host %q, Port %d, Addr %q", s.Host(), s.Port(), s.Addr())
	}
}
