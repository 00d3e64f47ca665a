// Package smtptest runs an SMTP server inside a test, so that code which
// sends e-mail can be tested end to end without a mail host.
//
// The server listens on 127.0.0.1 on a free port, speaks plain SMTP (no
// TLS), and offers AUTH PLAIN, which it accepts for any user name and
// password; clients that do not authenticate are served too. Every message
// it accepts is parsed into a Message: the subject decoded, the text and
// HTML parts and the attachments taken out of their multipart structure and
// transfer encoding.
//
// Fail and Refuse make the server answer like a real one that is busy or
// does not know a recipient, including the habit real servers have of
// repeating the recipient's address in their reply.
package smtptest

import (
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is an SMTP server for one test. Start it with Start; the test's
// cleanup closes it.
type Server struct {
	addr *net.TCPAddr
	smtp *smtp.Server

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{} // closed and replaced whenever a message arrives
	failures int           // transactions still to refuse with 451
	refused  map[string]bool
}

// Start starts a server on 127.0.0.1 on a free port. It is closed when the
// test and its subtests have finished.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{
		addr:    l.Addr().(*net.TCPAddr),
		arrived: make(chan struct{}),
		refused: make(map[string]bool),
	}
	s.smtp = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{server: s}, nil
	}))
	s.smtp.Domain = "smtptest.localhost"
	s.smtp.AllowInsecureAuth = true
	s.smtp.ReadTimeout = 30 * time.Second
	s.smtp.WriteTimeout = 30 * time.Second
	s.smtp.MaxMessageBytes = 32 << 20
	s.smtp.ErrorLog = log.New(io.Discard, "", 0)

	served := make(chan struct{})
	go func() {
		defer close(served)
		s.smtp.Serve(l) // returns nil once closed
	}()
	t.Cleanup(func() {
		s.smtp.Close()
		l.Close() // in case Close ran before Serve had registered l
		<-served
	})
	return s
}

// Host returns the address the server listens on, "127.0.0.1".
func (s *Server) Host() string { return s.addr.IP.String() }

// Port returns the port the server listens on.
func (s *Server) Port() int { return s.addr.Port }

// Addr returns host:port.
func (s *Server) Addr() string { return s.addr.String() }

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait waits until at least n messages have been accepted and returns all
// accepted so far. It fails the test if fewer than n arrive within timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, arrived := len(s.messages), s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("smtptest: %d of %d messages arrived within %v", got, n, timeout)
			return nil
		}
	}
}

// Fail makes the server refuse the next n transactions with a temporary
// error: every RCPT TO of such a transaction is answered
// "451 4.3.0 <address>: try again later", the address repeated as real
// servers do.
func (s *Server) Fail(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures += n
}

// Refuse makes the server refuse addr as a recipient, for good: RCPT TO
// addr is answered "550 5.1.1 <addr>: no such user". Addresses are
// compared without regard to case.
func (s *Server) Refuse(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused[strings.ToLower(addr)] = true
}

// startTransaction reports whether the transaction now starting is to be
// refused with a temporary error.
func (s *Server) startTransaction() (fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failures > 0 {
		s.failures--
		return true
	}
	return false
}

func (s *Server) isRefused(addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused[strings.ToLower(addr)]
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// session is one SMTP connection.
type session struct {
	server   *Server
	username string // set by AUTH PLAIN
	from     string
	to       []string
	fail     bool // this transaction is refused with 451
}

var _ smtp.AuthSession = (*session)(nil)

func (c *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (c *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		c.username = username
		return nil
	}), nil
}

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	c.from = from
	c.fail = c.server.startTransaction()
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if c.fail {
		return &smtp.SMTPError{
			Code:         451,
			EnhancedCode: smtp.EnhancedCode{4, 3, 0},
			Message:      fmt.Sprintf("<%s>: try again later", to),
		}
	}
	if c.server.isRefused(to) {
		return &smtp.SMTPError{
			Code:         550,
			EnhancedCode: smtp.EnhancedCode{5, 1, 1},
			Message:      fmt.Sprintf("<%s>: no such user", to),
		}
	}
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		// Refusing the message makes the sender's test fail with the reason.
		return &smtp.SMTPError{
			Code:         554,
			EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message:      "smtptest: cannot parse message: " + err.Error(),
		}
	}
	m.From, m.To, m.Username = c.from, append([]string(nil), c.to...), c.username
	c.server.add(m)
	return nil
}

func (c *session) Reset() {
	c.from, c.to, c.fail = "", nil, false
}

func (c *session) Logout() error { return nil }
