package tillit

import "time"

// Download is a one-time link to a person's extract (GDPR art. 15(3)),
// sent in the answer to an access request. Only a keyed hash of the
// link's token is kept, so the stored row opens nothing by itself. The
// link is spent by its first use and goes out of date at Expires.
type Download struct {
	ID      string    `json:"id"`      // dl_…, no personal data
	Hash    []byte    `json:"-"`       // keyed hash of the token
	Request string    `json:"request"` // the access request it answers
	Subject string    `json:"subject"` // the person, pseudonymous
	Lang    Lang      `json:"lang"`    // the language of the extract
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Used    time.Time `json:"used,omitzero"` // zero until spent
}

// The states of a download link.
const (
	DownloadReady   = "ready"
	DownloadUsed    = "used"
	DownloadExpired = "expired"
)

// State returns whether the link can still be used at now.
func (d Download) State(now time.Time) string {
	switch {
	case !d.Used.IsZero():
		return DownloadUsed
	case !now.Before(d.Expires):
		return DownloadExpired
	}
	return DownloadReady
}

// VisitTTL is how long the visit that spent a download link may fetch
// the extract, in each format, after spending it.
const VisitTTL = 30 * time.Minute
