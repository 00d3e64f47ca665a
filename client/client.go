// Package client calls Tillit's HTTP API, as served by `tillit serve`, from
// Go. It speaks the API's JSON with the root package's types, so an
// integration reads the same tillit.Item, tillit.Request and tillit.Receipt
// that the vault itself uses.
//
// A Client holds the server's address and an API key made with
// `tillit apikeys create --name N --scope S`. Every call needs a scope of
// that key, named in the method's comment; admin allows everything. The key
// only says what the integration may ask for: the register still decides,
// so reading for a purpose whose consent was withdrawn fails even with the
// right scope.
//
// A refusal is an *Error, an RFC 9457 problem in the client's language
// (WithLanguage; Swedish by default). IsNotFound, IsForbidden, IsNotAllowed,
// IsUnauthorized, IsInvalid, IsConflict and IsRateLimited test for the
// common ones; tillit.ErrorCode works on it too. Neither an *Error nor
// any other error of this package holds the request's body: personal data
// sent in a call never ends up in a log line through an error.
//
// A Client is safe for concurrent use.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// Client calls one Tillit server with one API key.
type Client struct {
	base  string // the server's address, without a trailing slash
	token string
	hc    *http.Client
	lang  tillit.Lang
	agent string
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the Client send its calls with hc, e.g. for a
// proxy, other timeouts or a custom TLS configuration.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithLanguage asks for problems (and whatever else the server words) in
// lang. Without it the server answers in Swedish.
func WithLanguage(lang tillit.Lang) Option {
	return func(c *Client) { c.lang = lang }
}

// WithUserAgent names the integration in the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.agent = ua }
}

// DefaultTimeout bounds each call of a Client made without WithHTTPClient.
const DefaultTimeout = time.Minute

// maxResponse is the most a response body is read: extracts are the
// largest answers.
const maxResponse = 64 << 20

// New returns a Client of the server at baseURL (e.g.
// "https://tillit.example.se"; a path prefix is kept) that authenticates
// with token.
func New(baseURL, token string, opts ...Option) *Client {
	c := &Client{
		base:  strings.TrimRight(baseURL, "/"),
		token: token,
		hc:    &http.Client{Timeout: DefaultTimeout},
		agent: "tillit-go-client",
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// In returns a copy of c that asks for answers in lang, e.g. to show a
// person a refusal in the language they chose.
func (c *Client) In(lang tillit.Lang) *Client {
	cc := *c
	cc.lang = lang
	return &cc
}

// call is one call of the API.
type call struct {
	op     string // the API's operation ID, for errors
	method string
	path   string // with its parameters escaped
	query  url.Values
	in     any    // sent as JSON when not nil
	out    any    // decoded from JSON when not nil
	file   string // for a file: the media types it may come in
}

// do makes the call. A 2xx answer is decoded into out; any other answer
// becomes an *Error.
func (c *Client) do(ctx context.Context, k call) error {
	u := c.base + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	var body io.Reader
	if k.in != nil {
		b, err := json.Marshal(k.in)
		if err != nil {
			return fmt.Errorf("tillit: %s: encode: %w", k.op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u, body)
	if err != nil {
		return fmt.Errorf("tillit: %s: %w", k.op, err)
	}
	if k.in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if k.file != "" {
		req.Header.Set("Accept", k.file+", application/json;q=0.5")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", string(c.lang))
	}
	if c.agent != "" {
		req.Header.Set("User-Agent", c.agent)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("tillit: %s: %w", k.op, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(k.op, resp)
	}
	switch out := k.out.(type) {
	case nil:
		_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	case *[]byte:
		*out, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	default:
		err = json.NewDecoder(io.LimitReader(resp.Body, maxResponse)).Decode(out)
	}
	if err != nil {
		return fmt.Errorf("tillit: %s: read the answer: %w", k.op, err)
	}
	return nil
}

// page returns the query of a listing: after and limit when set, and flag
// when true.
func page(flag string, on bool, after string, limit int) url.Values {
	q := url.Values{}
	if on {
		q.Set(flag, "true")
	}
	if after != "" {
		q.Set("after", after)
	}
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	return q
}

// esc escapes one path parameter.
func esc(s string) string { return url.PathEscape(s) }
