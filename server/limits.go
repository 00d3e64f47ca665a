package server

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit/catalog"
	"golang.org/x/time/rate"
)

// Limits are the server's rate and size limits.
type Limits struct {
	// KeyRate and KeyBurst limit the calls of one API key per second.
	KeyRate  float64
	KeyBurst int
	// IPRate and IPBurst limit calls without a key (the public pages and
	// endpoints, failed authentications) per client address.
	IPRate  float64
	IPBurst int
	// MaxBody is the largest body any request may send; operations have
	// smaller limits of their own.
	MaxBody int64
	// FormRate and FormBurst limit the privacy centre's forms (requests,
	// codes, withdrawals) per client address, on top of IPRate; one form
	// every five seconds with a burst of ten when zero, none when
	// negative. See centre.go.
	FormRate  float64
	FormBurst int
}

// DefaultLimits are generous for an integration and tight for strangers.
var DefaultLimits = Limits{KeyRate: 500, KeyBurst: 1000, IPRate: 20, IPBurst: 60, MaxBody: 1 << 20}

// limiters holds a token bucket per key and per address.
type limiters struct {
	Limits
	mu     sync.Mutex
	keys   map[string]*bucket
	addrs  map[string]*bucket
	logins map[string]*bucket // admin sign-in attempts per address
}

type bucket struct {
	*rate.Limiter
	seen time.Time
}

// maxBuckets is how many buckets a map holds before idle ones are dropped.
const maxBuckets = 10000

func newLimiters(l Limits) *limiters {
	return &limiters{Limits: l, keys: map[string]*bucket{}, addrs: map[string]*bucket{}, logins: map[string]*bucket{}}
}

// Sign-in attempts an address may make: loginBurst at once, then one
// every loginEvery, whatever the other limits say.
const (
	loginEvery = 6 * time.Second
	loginBurst = 10
)

func (l *limiters) allowLogin(addr string) bool {
	return l.allow(l.logins, addr, float64(time.Second)/float64(loginEvery), loginBurst)
}

func (l *limiters) allowKey(id string) bool {
	return l.allow(l.keys, id, l.KeyRate, l.KeyBurst)
}

func (l *limiters) allowAddr(addr string) bool {
	return l.allow(l.addrs, addr, l.IPRate, l.IPBurst)
}

func (l *limiters) allow(m map[string]*bucket, id string, r float64, burst int) bool {
	if r <= 0 {
		return true
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := m[id]
	if !ok {
		if len(m) >= maxBuckets {
			for k, b := range m {
				if now.Sub(b.seen) > time.Minute {
					delete(m, k)
				}
			}
		}
		b = &bucket{Limiter: rate.NewLimiter(rate.Limit(r), burst)}
		m[id] = b
	}
	b.seen = now
	return b.AllowN(now, 1)
}

// limit refuses requests without an API key beyond the per-address rate,
// and bodies beyond MaxBody. Calls with a key to an operation that needs
// one (keyed) are limited per key once the key is known to be valid, or
// per address when it is not; an Authorization header sent anywhere else
// is ignored, as the route ignores it, so that it buys no way around the
// address's limit.
func (l *limiters) limit(h http.Handler, keyed func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		withKey := r.Header.Get("Authorization") != "" && keyed(r)
		if !withKey && !l.allowAddr(clientAddr(r)) {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(1/max(l.IPRate, 0.001)))))
			writeProblem(w, newProblem(Lang(r), http.StatusTooManyRequests, tooMany.In(Lang(r))))
			return
		}
		if l.MaxBody > 0 && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, l.MaxBody)
		}
		h.ServeHTTP(w, r)
	})
}

// keyedRoutes returns the mux patterns of the API's operations that need
// a key.
func keyedRoutes(api huma.API) map[string]bool {
	keyed := map[string]bool{}
	for path, item := range api.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{
			http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete,
		} {
			if op != nil && len(op.Security) > 0 {
				keyed[method+" "+path] = true
			}
		}
	}
	return keyed
}

// clientAddr returns the client's IP address, without the port. It is
// used for rate limiting only and never stored or logged.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// tooMany says a caller without a key went beyond its rate.
var tooMany = catalog.Text("api.too_many_from_address")
