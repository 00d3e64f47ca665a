package client

import (
	"context"
	"net/http"

	"github.com/tillit-privacy/tillit"
)

// CookieConsents pages through the proofs of visitors' choices in the
// cookie banner, oldest first (scope admin): after is the last ID of the
// previous page ("" for the first), limit at most 500 (0 for the server's
// 100). next is "" on the last page.
func (c *Client) CookieConsents(ctx context.Context, after string, limit int) (cs []tillit.CookieConsent, next string, err error) {
	var out struct {
		Consents []tillit.CookieConsent `json:"consents"`
		Next     string                 `json:"next"`
	}
	err = c.do(ctx, call{op: "list-cookie-consents", method: http.MethodGet, path: "/v1/cookie-consents",
		query: page("", false, after, limit), out: &out})
	return out.Consents, out.Next, err
}
