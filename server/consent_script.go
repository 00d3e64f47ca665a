package server

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/tillit-privacy/tillit"
)

// consentJS is the banner's code; the register's cookie categories and
// the texts are put in place of configPlaceholder for each request.
//
//go:embed consentjs/consent.js
var consentJS []byte

// bannerCode is consentJS without indentation and line comments: it is
// sent to every visitor of the controller's site.
var bannerCode = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	for line := range bytes.Lines(consentJS) {
		line = bytes.TrimLeft(line, " ")
		if !bytes.HasPrefix(line, []byte("//")) {
			b.Write(line)
		}
	}
	return b.Bytes()
})

var configPlaceholder = []byte("/*CONFIG*/null")

// bannerConfig is what the script is generated from. Keys are short: the
// script is sent to every visitor of the controller's site.
type bannerConfig struct {
	Version string                      `json:"v"`    // the controller's policy version
	Hash    string                      `json:"h"`    // tillit.Policy.CookiesHash
	GPC     bool                        `json:"gpc"`  // the request for the script carried Sec-GPC: 1
	Lang    tillit.Lang                 `json:"lang"` // from Accept-Language, when the page names none
	Name    string                      `json:"name"` // the controller
	Cats    []bannerCategory            `json:"cats"`
	Texts   map[tillit.Lang]bannerTexts `json:"tx"`
}

type bannerCategory struct {
	ID        string       `json:"id"`
	Necessary bool         `json:"n,omitempty"` // always on, not switchable
	GPC       bool         `json:"g,omitempty"` // refused by Global Privacy Control
	Label     bannerText   `json:"l"`
	Desc      bannerText   `json:"d"`
	Tools     []bannerTool `json:"t"`
}

type bannerTool struct {
	Name      string     `json:"n"`
	Desc      bannerText `json:"d,omitzero"`
	Cookies   []string   `json:"c,omitempty"`
	Retention bannerText `json:"r,omitzero"`
	Recipient string     `json:"to,omitempty"` // who receives the data, by name, when not the tool's
}

// bannerText is a tillit.Text as the script reads it.
type bannerText struct {
	SV string `json:"sv,omitempty"`
	EN string `json:"en,omitempty"`
}

func toBanner(t tillit.Text) bannerText { return bannerText{SV: t.SV, EN: t.EN} }

// bannerTexts are the banner's own texts in one language.
type bannerTexts map[string]string

// bannerKeys are the texts the script uses, registered as "consent.<key>".
var bannerKeys = []string{"title", "intro", "accept", "reject", "choose", "save", "close", "settings",
	"choices", "always", "gpc", "gpc_off", "tools", "cookies", "retention", "recipient", "privacy", "saved"}

// storageKey is where the script keeps the choice on the visitor's side
// (localStorage of the controller's site); keptMonths is how long it is
// kept before the banner asks again.
const (
	storageKey = "tillit.consent"
	keptMonths = 12
)

// bannerConfigFor returns the banner's configuration from the register in
// force.
func (s *Server) bannerConfigFor(r *http.Request) bannerConfig {
	pol := s.Vault.Policy()
	both := func(key string) bannerText {
		return bannerText{SV: text(key, tillit.Swedish), EN: text(key, tillit.English)}
	}
	c := bannerConfig{
		Version: pol.Controller().PolicyVersion, Hash: pol.CookiesHash(), GPC: gpcSent(r), Lang: Lang(r),
		Name: pol.Controller().Name, Cats: []bannerCategory{}, Texts: map[tillit.Lang]bannerTexts{},
	}
	own := bannerTool{Name: "Tillit", Desc: both("consent.banner_desc"), Cookies: []string{storageKey},
		Retention: bannerPeriod(tillit.Duration{N: keptMonths, Unit: tillit.Months})}
	for _, cc := range pol.CookieCategories() {
		bc := bannerCategory{ID: cc.ID, Necessary: !cc.Consent, GPC: pol.SellsOrShares(cc), Label: toBanner(cc.Label), Desc: toBanner(cc.Description), Tools: []bannerTool{}}
		for _, t := range cc.Tools {
			bt := bannerTool{Name: t.Name, Desc: toBanner(t.Description), Cookies: t.Cookies}
			switch {
			case t.Session:
				bt.Retention = both("consent.session")
			case !t.Lifetime.IsZero():
				bt.Retention = bannerPeriod(t.Lifetime)
			}
			if rc, ok := pol.Recipient(t.Recipient); ok && rc.Name != t.Name {
				bt.Recipient = rc.Name
			}
			bc.Tools = append(bc.Tools, bt)
		}
		c.Cats = append(c.Cats, bc)
	}
	// The banner's own storage is strictly necessary, and said so: in the
	// register's first necessary category, or in one of its own.
	if i := slices.IndexFunc(c.Cats, func(bc bannerCategory) bool { return bc.Necessary }); i >= 0 {
		c.Cats[i].Tools = append(c.Cats[i].Tools, own)
	} else {
		c.Cats = append([]bannerCategory{{ID: "necessary", Necessary: true, Label: both("consent.necessary"),
			Desc: both("consent.necessary_desc"), Tools: []bannerTool{own}}}, c.Cats...)
	}
	for _, lang := range []tillit.Lang{tillit.Swedish, tillit.English} {
		tx := bannerTexts{}
		for _, k := range bannerKeys {
			tx[k] = text("consent."+k, lang)
		}
		tx["intro"] = fmt.Sprintf(tx["intro"], c.Name)
		c.Texts[lang] = tx
	}
	return c
}

// bannerPeriod says a register's period in both languages, e.g. "14
// månader".
func bannerPeriod(d tillit.Duration) bannerText {
	return bannerText{SV: period(d, tillit.Swedish), EN: period(d, tillit.English)}
}

// consentScript serves the banner generated from the register in force.
// It differs by Sec-GPC (a browser sending it gets marketing off from the
// start) and Accept-Language (the language when the page names none).
func (s *Server) consentScript(w http.ResponseWriter, r *http.Request) {
	cfg, err := json.Marshal(s.bannerConfigFor(r))
	if err != nil {
		s.log().Error("cookie banner", "err", err)
		http.Error(w, "the cookie banner could not be generated / cookie-bannern kunde inte skapas", http.StatusInternalServerError)
		return
	}
	body := bytes.Replace(bannerCode(), configPlaceholder, cfg, 1)
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Vary", "Sec-GPC, Accept-Language, Accept-Encoding")
	// The script is meant to be loaded by other sites, also those that
	// require resources to opt in (Cross-Origin-Embedder-Policy).
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if !acceptsGzip(r) {
		w.Write(body)
		return
	}
	h.Set("Content-Encoding", "gzip")
	gz := gzip.NewWriter(w)
	gz.Write(body)
	gz.Close()
}

// acceptsGzip reports whether the client takes a gzipped answer.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
