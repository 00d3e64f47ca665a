package deliver

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"golang.org/x/text/language"
)

// MailConfig is how to reach the SMTP server that sends Tillit's e-mail.
type MailConfig struct {
	Host     string
	Port     int    // 0: 465 when TLS is "tls", 25 when "none", otherwise 587
	Username string // empty: no authentication
	Password string
	From     string // the sender's address, e.g. "dataskydd@example.se"
	FromName string // the sender's name, e.g. "Exempel AB"

	// TLS is "tls" for a connection encrypted from the start (port 465),
	// "starttls" to require STARTTLS, "none" for a plain connection, or ""
	// to use STARTTLS when the server offers it. Passwords are never sent
	// over a plain connection except to localhost.
	TLS string

	Timeout time.Duration // for connecting, and again for each command; 0: 30 s
}

// DefaultMailTimeout is the Timeout of a MailConfig that sets none.
const DefaultMailTimeout = 30 * time.Second

// Mailer sends e-mail through one SMTP server. It is safe for concurrent
// use; each Send opens its own connection.
type Mailer struct {
	c      MailConfig    // validated, with defaults filled in
	from   *mail.Address // From and FromName
	domain string        // From's domain, for Message-IDs
}

// NewMailer checks c and returns a Mailer that sends with it. The error
// names every field that is wrong.
func NewMailer(c MailConfig) (*Mailer, error) {
	var problems []error
	bad := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }

	if strings.TrimSpace(c.Host) == "" {
		bad("Host is empty")
	} else if strings.ContainsAny(c.Host, " /") {
		bad("Host %q is not a host name", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		bad("Port %d is not between 1 and 65535", c.Port)
	}
	switch c.TLS {
	case "", "none", "starttls", "tls":
	default:
		bad("TLS %q is not one of none, starttls, tls", c.TLS)
	}
	if c.Username != "" && c.Password == "" {
		bad("Password is empty while Username is set")
	}
	if c.Username == "" && c.Password != "" {
		bad("Username is empty while Password is set")
	}
	if c.Timeout < 0 {
		bad("Timeout %v is negative", c.Timeout)
	}
	if strings.ContainsAny(c.FromName, "\r\n") {
		bad("FromName has a line break")
	}
	var domain string
	if c.From == "" {
		bad("From is empty")
	} else if addr, err := mail.ParseAddress(c.From); err != nil || addr.Name != "" || addr.Address != c.From {
		bad("From %q is not a bare e-mail address (the name goes in FromName)", c.From)
	} else {
		domain = addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("deliver: mail config: %w", errors.Join(problems...))
	}

	if c.Port == 0 {
		switch c.TLS {
		case "tls":
			c.Port = 465
		case "none":
			c.Port = 25
		default:
			c.Port = 587
		}
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultMailTimeout
	}
	return &Mailer{c: c, from: &mail.Address{Name: c.FromName, Address: c.From}, domain: domain}, nil
}

// Mail is one e-mail to one person.
type Mail struct {
	To          string // the address, e.g. "asa@example.se"
	Lang        string // the language of Subject and Text, e.g. "sv" or "en"; sent as Content-Language
	Subject     string
	Text        string // the plain-text body, always sent
	HTML        string // an HTML version of Text, sent as an alternative; optional
	Attachments []Attachment
}

// Attachment is a file attached to a Mail.
type Attachment struct {
	Name        string // the file name the recipient sees, e.g. "utdrag.pdf"
	ContentType string // e.g. "application/pdf"; empty: guessed from Name's extension
	Data        []byte
}

// Send sends msg. It returns once the server has accepted the message for
// delivery, or with an error that holds neither the address nor the
// content: Temporary tells whether trying again later may help. Cancelling
// ctx abandons the attempt.
func (m *Mailer) Send(ctx context.Context, msg Mail) error {
	gm, err := m.message(msg)
	if err != nil {
		return err
	}

	var (
		mu   sync.Mutex
		conn net.Conn
	)
	client, err := gomail.NewClient(m.c.Host, m.options(func(c net.Conn) {
		mu.Lock()
		defer mu.Unlock()
		conn = c
	})...)
	if err != nil {
		return fmt.Errorf("deliver: mail: %w", err) // only from options NewMailer checked
	}
	// The SMTP client reads without regard to ctx; closing the connection
	// under it is what makes cancelling ctx end the attempt.
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if conn != nil {
			conn.Close()
		}
	})
	defer stop()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		if conn != nil {
			conn.Close() // after QUIT, or after a failed dial that left it open
		}
	}()

	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return connectError(ctx, err)
	}
	err = client.SendWithSMTPClient(sc, gm)
	if !gm.IsDelivered() {
		return sendError(ctx, err)
	}
	// The server has taken the message. An error now can only come from
	// the RSET after it, and sending again would deliver the mail twice.
	client.CloseWithSMTPClient(sc)
	return nil
}

// options returns the go-mail client options for m's config. The dialler
// hands each connection it makes to keep.
func (m *Mailer) options(keep func(net.Conn)) []gomail.Option {
	tlsConfig := &tls.Config{ServerName: m.c.Host, MinVersion: tls.VersionTLS12}
	opts := []gomail.Option{
		gomail.WithPort(m.c.Port),
		gomail.WithTimeout(m.c.Timeout),
		gomail.WithTLSConfig(tlsConfig),
		gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
			d := &net.Dialer{}
			var c net.Conn
			var err error
			if m.c.TLS == "tls" {
				c, err = (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, network, addr)
			} else {
				c, err = d.DialContext(ctx, network, addr)
			}
			if err == nil {
				keep(c)
			}
			return c, err
		}),
	}
	switch m.c.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if m.c.Username != "" {
		// PLAIN and LOGIN refuse to send the password over a plain
		// connection to anything but localhost.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(m.c.Username),
			gomail.WithPassword(m.c.Password))
	}
	return opts
}

// message checks msg and builds it. Its errors name the field at fault,
// never its value.
func (m *Mailer) message(msg Mail) (*gomail.Msg, error) {
	to, err := mail.ParseAddress(msg.To)
	if err != nil {
		return nil, errors.New("deliver: mail: To is not an e-mail address")
	}
	if msg.Subject == "" {
		return nil, errors.New("deliver: mail: Subject is empty")
	}
	if strings.ContainsAny(msg.Subject, "\r\n") {
		return nil, errors.New("deliver: mail: Subject has a line break")
	}
	if msg.Text == "" {
		return nil, errors.New("deliver: mail: Text is empty")
	}
	var lang language.Tag
	if msg.Lang != "" {
		if lang, err = language.Parse(msg.Lang); err != nil {
			return nil, fmt.Errorf("deliver: mail: Lang %q is not a language tag", msg.Lang)
		}
	}
	for i, a := range msg.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "\r\n") {
			return nil, fmt.Errorf("deliver: mail: attachment %d has no usable name", i+1)
		}
		if a.ContentType != "" {
			if t, _, err := mime.ParseMediaType(a.ContentType); err != nil || !strings.Contains(t, "/") {
				return nil, fmt.Errorf("deliver: mail: attachment %d: ContentType %q is not a media type", i+1, a.ContentType)
			}
		}
	}

	gm := gomail.NewMsg(gomail.WithNoDefaultUserAgent()) // UTF-8, quoted-printable, Q-encoded headers
	gm.FromMailAddress(m.from)
	gm.ToMailAddress(to)
	gm.Subject(msg.Subject)
	if msg.Lang != "" {
		gm.SetGenHeader(gomail.HeaderContentLang, lang.String())
	}
	gm.SetGenHeader("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies, please
	gm.SetMessageIDWithValue(strings.ToLower(rand.Text()) + "@" + m.domain)
	gm.SetDate()
	gm.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		gm.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	for _, a := range msg.Attachments {
		var opts []gomail.FileOption
		if a.ContentType != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
		gm.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), opts...)
	}
	return gm, nil
}
