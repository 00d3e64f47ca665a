package core

import (
	"fmt"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/notice"
)

var RightNames = map[tillit.Right]tillit.Text{
	tillit.RightAccess:        {SV: "tillgång till dina uppgifter (registerutdrag)", EN: "access to your data (a copy)"},
	tillit.RightRectification: {SV: "rättelse", EN: "rectification"},
	tillit.RightErasure:       {SV: "radering", EN: "erasure"},
	tillit.RightRestriction:   {SV: "begränsning av behandlingen", EN: "restriction of processing"},
	tillit.RightPortability:   {SV: "dataportabilitet", EN: "data portability"},
	tillit.RightObjection:     {SV: "invändning mot behandling", EN: "objection to processing"},
	tillit.RightWithdrawal:    {SV: "återkallelse av samtycke", EN: "withdrawal of consent"},
}

// say picks the request's language.
func Say(lang tillit.Lang, sv, en string, args ...any) string {
	if lang == tillit.English {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(sv, args...)
}

func Day(t time.Time) string { return t.In(tillit.Stockholm).Format(time.DateOnly) }

// mail builds an answer with a greeting, the body and a signature.
func Mail(pol *tillit.Policy, r tillit.Request, subject string, body ...string) deliver.Mail {
	c := pol.Controller()
	var b strings.Builder
	b.WriteString(Say(r.Lang, "Hej!\n\n", "Hello,\n\n"))
	for _, p := range body {
		b.WriteString(p)
		b.WriteString("\n\n")
	}
	b.WriteString(Say(r.Lang, "Vänliga hälsningar\n%s\n", "Kind regards\n%s\n", c.Name))
	if rc := pol.Rights().Contact; rc != "" {
		b.WriteString(rc + "\n")
	}
	b.WriteString(Say(r.Lang, "Ärende: %s\n", "Reference: %s\n", r.ID))
	return deliver.Mail{Lang: string(r.Lang), Subject: subject + " (" + r.ID + ")", Text: b.String()}
}

func RightsLine(pol *tillit.Policy, lang tillit.Lang) string {
	return notice.Complaint(pol, lang)
}
