package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"unicode/utf8"
)

// Message is a message the server accepted, parsed.
type Message struct {
	From     string   // the envelope sender (MAIL FROM)
	To       []string // the envelope recipients (RCPT TO)
	Username string   // the user name given with AUTH PLAIN; "" without AUTH

	Raw     []byte      // the message as received
	Header  mail.Header // the top-level header fields, as received
	Subject string      // decoded from RFC 2047 encoded words

	// Text and HTML are the first text/plain and text/html parts that are
	// not attachments, decoded to UTF-8, with CRLF line breaks turned into LF.
	Text string
	HTML string

	// Attachments are the other leaf parts: those marked as attachments and
	// any that are neither the text nor the HTML, in the order they appear.
	Attachments []Attachment
}

// Attachment is an attached file, decoded from its transfer encoding.
type Attachment struct {
	Name        string // the file name, decoded from RFC 2047 or RFC 2231
	ContentType string // the media type without parameters, e.g. "application/pdf"
	Data        []byte
}

// maxDepth bounds how deeply multiparts may nest.
const maxDepth = 8

var decoder = new(mime.WordDecoder)

// parse parses a message as received after DATA.
func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("header: %w", err)
	}
	subject, err := decoder.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	m := Message{Raw: raw, Header: msg.Header, Subject: subject}
	if err := m.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		return Message{}, err
	}
	return m, nil
}

// walk descends into a part, filling in Text, HTML and Attachments.
func (m *Message) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	if depth > maxDepth {
		return errors.New("multiparts nested too deeply")
	}
	ctype := h.Get("Content-Type")
	if ctype == "" {
		ctype = "text/plain; charset=us-ascii" // RFC 2045 section 5.2
	}
	mediaType, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ctype, err)
	}

	if strings.HasPrefix(mediaType, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return fmt.Errorf("%s without boundary", mediaType)
		}
		r := multipart.NewReader(body, boundary)
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := m.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}

	data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("%s: %w", mediaType, err)
	}
	var disposition string
	var dparams map[string]string
	if d := h.Get("Content-Disposition"); d != "" {
		if disposition, dparams, err = mime.ParseMediaType(d); err != nil {
			return fmt.Errorf("content disposition %q: %w", d, err)
		}
	}

	if disposition != "attachment" {
		switch {
		case mediaType == "text/plain" && m.Text == "":
			m.Text, err = text(data, params["charset"])
			return err
		case mediaType == "text/html" && m.HTML == "":
			m.HTML, err = text(data, params["charset"])
			return err
		}
	}

	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if name, err = decoder.DecodeHeader(name); err != nil {
		return fmt.Errorf("file name: %w", err)
	}
	m.Attachments = append(m.Attachments, Attachment{Name: name, ContentType: mediaType, Data: data})
	return nil
}

// decodeTransfer undoes a Content-Transfer-Encoding.
func decodeTransfer(encoding string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "7bit", "8bit", "binary":
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r) // skips CR and LF
	default:
		return nil, fmt.Errorf("unknown transfer encoding %q", encoding)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", encoding, err)
	}
	return data, nil
}

// text decodes a text part to UTF-8 with LF line breaks.
func text(data []byte, charset string) (string, error) {
	var s string
	switch strings.ToLower(charset) {
	case "", "utf-8", "us-ascii":
		if !utf8.Valid(data) {
			return "", fmt.Errorf("text labelled %q is not valid UTF-8", charset)
		}
		s = string(data)
	case "iso-8859-1", "latin1":
		runes := make([]rune, len(data))
		for i, b := range data {
			runes[i] = rune(b)
		}
		s = string(runes)
	default:
		return "", fmt.Errorf("unsupported charset %q", charset)
	}
	return strings.ReplaceAll(s, "\r\n", "\n"), nil
}
