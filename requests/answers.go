package requests

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
)

func codeMail(pol *tillit.Policy, r tillit.Request, code, confirmURL string) deliver.Mail {
	right := core.RightNames[r.Right].In(r.Lang)
	body := []string{
		core.Say(r.Lang, "Vi har tagit emot en begäran om %s från den här e-postadressen.",
			"We have received a request for %s from this e-mail address.", right),
		core.Say(r.Lang, "Bekräfta att det är du genom att ange koden %s. Koden gäller till %s.",
			"Confirm that it is you by entering the code %s. The code is valid until %s.",
			code, r.Expires.In(tillit.Stockholm).Format("2006-01-02 15:04")),
	}
	if confirmURL != "" {
		body = append(body, core.Say(r.Lang, "Du kan också bekräfta med den här länken: %s", "You can also confirm with this link: %s",
			confirmURL+"?request="+r.ID+"&code="+code+"&lang="+string(r.Lang)))
	}
	body = append(body, core.Say(r.Lang, "Om det inte var du som skickade begäran kan du bortse från det här meddelandet; ingenting händer då.",
		"If you did not send the request, you can ignore this message; nothing will happen."))
	return core.Mail(pol, r, core.Say(r.Lang, "Bekräfta din begäran", "Confirm your request"), body...)
}

func answerNothing(pol *tillit.Policy, r tillit.Request) core.Envelope {
	return core.Envelope{Mail: core.Mail(pol, r, core.Say(r.Lang, "Svar på din begäran", "Answer to your request"),
		core.Say(r.Lang, "Vi har gått igenom din begäran om %s. Vi behandlar inga personuppgifter som är kopplade till den här e-postadressen, så det finns ingenting att lämna ut eller ändra.",
			"We have gone through your request for %s. We process no personal data linked to this e-mail address, so there is nothing to give you or to change.",
			core.RightNames[r.Right].In(r.Lang)),
		core.Say(r.Lang, "Om du har lämnat andra kontaktuppgifter till oss, till exempel en annan e-postadress, får du gärna skicka en ny begäran från den.",
			"If you have given us other contact details, such as another e-mail address, you are welcome to send a new request from it."),
		core.RightsLine(pol, r.Lang))}
}

// answerAccess is the answer to an access request, with the extract
// attached and, when link is not empty, a one-time link to download it
// that is valid until until.
func answerAccess(pol *tillit.Policy, r tillit.Request, x tillit.Extract, link string, until time.Time) (core.Envelope, error) {
	name := core.Say(r.Lang, "registerutdrag", "copy-of-your-data")
	body := []string{
		core.Say(r.Lang, "Här är ditt registerutdrag: alla personuppgifter vi har om dig, med ändamål, varifrån de kommer, hur länge vi sparar dem och vilka mottagare som har fått dem.",
			"Here is your copy: all the personal data we hold about you, with the purposes, where it came from, how long we keep it and which recipients have received it."),
		core.Say(r.Lang, "Utdraget finns bifogat som PDF (för utskrift), som webbsida och som JSON (maskinläsbart).",
			"It is attached as a PDF (for printing), as a web page and as JSON (machine-readable)."),
	}
	if link != "" {
		body = append(body, core.Say(r.Lang, "Du kan också hämta utdraget i vår integritetscentral med den här länken. Den fungerar en gång och gäller till och med %s: %s",
			"You can also download the copy from our privacy centre with this link. It works once and is valid until %s: %s",
			core.Day(until.Add(-time.Second)), link))
	}
	if r.Repeat {
		body = append(body, core.Say(r.Lang, "Du fick ett registerutdrag nyligen; det här är en ytterligare kopia.",
			"You received a copy recently; this is a further copy."))
	}
	for _, d := range pol.Rights().Delivery {
		if d == tillit.DeliveryPost {
			body = append(body, core.Say(r.Lang, "Vi skickar också utdraget med post till din folkbokföringsadress.",
				"We also send the copy by post to your address in the population register."))
		}
	}
	body = append(body, core.RightsLine(pol, r.Lang))
	m := core.Mail(pol, r, core.Say(r.Lang, "Ditt registerutdrag", "Your copy of your data"), body...)
	return core.Envelope{Mail: m, Extract: &x, Files: name}, nil // attached when sent
}

func answerPortable(pol *tillit.Policy, r tillit.Request, items []tillit.PortableItem) (core.Envelope, error) {
	m := core.Mail(pol, r, core.Say(r.Lang, "Dina uppgifter för dataportabilitet", "Your data for portability"),
		core.Say(r.Lang, "Här är de uppgifter du själv har lämnat till oss och som vi behandlar med stöd av ditt samtycke eller ett avtal med dig (%d st), som JSON och CSV. Du kan föra över dem till någon annan.",
			"Here is the data you gave us that we process on the basis of your consent or a contract with you (%d items), as JSON and CSV. You can pass it on to someone else.", len(items)),
		core.RightsLine(pol, r.Lang))
	if items == nil {
		items = []tillit.PortableItem{} // an empty file, not none
	}
	return core.Envelope{Mail: m, Portable: items}, nil // attached when sent
}

func recipientNames(pol *tillit.Policy, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		r, _ := pol.Recipient(id)
		out[i] = cmp.Or(r.Name, id)
	}
	return out
}

// notifiedLine tells the person which recipients were told (art. 19).
func notifiedLine(pol *tillit.Policy, lang tillit.Lang, n tillit.Notified) string {
	all := append(append([]string(nil), n.Queued...), n.Manual...)
	if len(all) == 0 {
		return core.Say(lang, "Vi har inte lämnat ut de berörda uppgifterna till någon mottagare.",
			"We have not disclosed the data concerned to any recipient.")
	}
	return core.Say(lang, "Vi har meddelat följande mottagare som har fått uppgifterna: %s.",
		"We have informed the following recipients who received the data: %s.", strings.Join(recipientNames(pol, all), ", "))
}

func answerErasure(pol *tillit.Policy, r tillit.Request, e tillit.Erasure, n tillit.Notified) core.Envelope {
	body := []string{core.Say(r.Lang, "Vi har raderat dina personuppgifter (%d uppgifter).", "We have erased your personal data (%d items).", e.Items)}
	if len(e.Kept) == 0 {
		body = append(body, core.Say(r.Lang, "Vi har inga uppgifter om dig kvar.", "We hold no data about you any more."))
	} else {
		var kept []string
		for _, k := range e.Kept {
			cat, _ := pol.Category(k.Category)
			kept = append(kept, core.Say(r.Lang, "- %s: enligt %s, till %s", "- %s: under %s, until %s",
				core.Label(cat.Label, k.Category, r.Lang), k.HoldLaw.In(r.Lang), core.Day(k.HoldUntil)))
		}
		body = append(body, core.Say(r.Lang, "Följande uppgifter måste vi enligt lag spara en tid till. De används inte till något annat och raderas när tiden har gått ut:\n%s",
			"The following data we must keep for a while longer by law. It is used for nothing else and is erased when the period ends:\n%s", strings.Join(kept, "\n")))
	}
	body = append(body, notifiedLine(pol, r.Lang, n))
	keptContact := slices.ContainsFunc(e.Kept, func(k tillit.Forecast) bool {
		cat, _ := pol.Category(k.Category)
		return cat.Identifier
	})
	if !keptContact {
		body = append(body, core.Say(r.Lang, "För att du inte ska läggas in igen från till exempel en köpt adresslista sparar vi bara ett oåterkalleligt kontrollvärde av dina kontaktuppgifter.",
			"So that you are not added again from, for example, a bought address list, we keep only an irreversible check value of your contact details."))
	}
	body = append(body, core.RightsLine(pol, r.Lang))
	return core.Envelope{Mail: core.Mail(pol, r, core.Say(r.Lang, "Dina uppgifter är raderade", "Your data has been erased"), body...)}
}

func answerChanged(pol *tillit.Policy, r tillit.Request, cats []string, n tillit.Notified) core.Envelope {
	var subject, what string
	switch r.Right {
	case tillit.RightRectification:
		labels := make([]string, len(cats))
		for i, c := range cats {
			cat, _ := pol.Category(c)
			labels[i] = core.Label(cat.Label, c, r.Lang)
		}
		subject = core.Say(r.Lang, "Dina uppgifter är rättade", "Your data has been corrected")
		what = core.Say(r.Lang, "Vi har rättat följande uppgifter: %s.", "We have corrected the following data: %s.", strings.Join(labels, ", "))
		if len(cats) == 0 {
			what = core.Say(r.Lang, "Uppgifterna stämde redan med det du angav.", "The data already matched what you gave.")
		}
	default:
		subject = core.Say(r.Lang, "Behandlingen är begränsad", "Processing is restricted")
		what = core.Say(r.Lang, "Vi har begränsat behandlingen av dina uppgifter: vi sparar dem men använder dem inte, utom för rättsliga anspråk, tills begränsningen hävs. Vi meddelar dig innan den hävs.",
			"We have restricted the processing of your data: we keep it but do not use it, except for legal claims, until the restriction is lifted. We will tell you before it is lifted.")
	}
	return core.Envelope{Mail: core.Mail(pol, r, subject, what, notifiedLine(pol, r.Lang, n), core.RightsLine(pol, r.Lang))}
}

func purposeLabels(pol *tillit.Policy, lang tillit.Lang, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		p, _ := pol.Purpose(id)
		out[i] = core.Label(p.Label, id, lang)
	}
	return strings.Join(out, ", ")
}

func answerPurposes(pol *tillit.Policy, r tillit.Request, purposes []string) core.Envelope {
	var what string
	switch {
	case len(purposes) == 0:
		what = core.Say(r.Lang, "Det fanns ingen behandling som din begäran gällde; ingenting behövde ändras.",
			"There was no processing your request concerned; nothing needed to change.")
	case r.Right == tillit.RightWithdrawal:
		what = core.Say(r.Lang, "Ditt samtycke är återkallat för: %s. Behandlingen som byggde på samtycket har upphört.",
			"Your consent is withdrawn for: %s. The processing based on it has stopped.", purposeLabels(pol, r.Lang, purposes))
	default:
		what = core.Say(r.Lang, "Din invändning är registrerad för: %s. Vi behandlar inte längre dina uppgifter för det.",
			"Your objection is recorded for: %s. We no longer process your data for it.", purposeLabels(pol, r.Lang, purposes))
	}
	return core.Envelope{Mail: core.Mail(pol, r, core.Say(r.Lang, "Svar på din begäran", "Answer to your request"), what, core.RightsLine(pol, r.Lang))}
}

func answerOverruled(pol *tillit.Policy, r tillit.Request, purpose, grounds string) core.Envelope {
	return core.Envelope{Mail: core.Mail(pol, r, core.Say(r.Lang, "Svar på din invändning", "Answer to your objection"),
		core.Say(r.Lang, "Vi har prövat din invändning mot %s. Vi har tvingande berättigade skäl att fortsätta behandlingen som väger tyngre än dina intressen (artikel 21.1 GDPR):",
			"We have considered your objection to %s. We have compelling legitimate grounds for continuing the processing which override your interests (GDPR art. 21(1)):",
			purposeLabels(pol, r.Lang, []string{purpose})),
		grounds, core.RightsLine(pol, r.Lang))}
}

func answerRefused(pol *tillit.Policy, r tillit.Request, reason string) core.Envelope {
	return core.Envelope{Mail: core.Mail(pol, r, core.Say(r.Lang, "Svar på din begäran", "Answer to your request"),
		core.Say(r.Lang, "Vi kan inte tillmötesgå din begäran om %s. Skälet är:", "We cannot grant your request for %s. The reason is:",
			core.RightNames[r.Right].In(r.Lang)),
		reason,
		core.Say(r.Lang, "Du har rätt att klaga hos tillsynsmyndigheten och att begära prövning i domstol (artikel 12.4 GDPR).",
			"You have the right to lodge a complaint with the supervisory authority and to seek a judicial remedy (GDPR art. 12(4))."),
		core.RightsLine(pol, r.Lang))}
}

func answerExtended(pol *tillit.Policy, r tillit.Request, reason string) core.Envelope {
	m := core.Mail(pol, r, core.Say(r.Lang, "Vi behöver mer tid för din begäran", "We need more time for your request"),
		core.Say(r.Lang, "Vi behöver förlänga tiden för att besvara din begäran om %s. Vi svarar senast %s.",
			"We need to extend the time to answer your request for %s. We will answer by %s.", core.RightNames[r.Right].In(r.Lang), core.Day(r.Due)),
		core.Say(r.Lang, "Skälet är:", "The reason is:"), reason, core.RightsLine(pol, r.Lang))
	return core.Envelope{Mail: m}
}
