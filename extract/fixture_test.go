package extract_test

import (
	"time"

	"github.com/tillit-privacy/tillit"
)

// at is a time in Stockholm.
func at(s string) time.Time {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// hostile is a value that must reach a page as text, never as markup.
const hostile = "<script>alert(1)</script>"

// swedish is the extract of a Swedish electricity customer, Åsa Öberg, in
// Swedish.
func swedish() tillit.Extract {
	return tillit.Extract{
		Lang:      tillit.Swedish,
		Generated: time.Date(2025, 3, 14, 23, 30, 0, 0, time.UTC), // 2025-03-15 in Stockholm
		Request:   "req_01JPB4Y7ZK",
		Subject:   "sub_7f3a9c2e",
		Controller: tillit.ExtractController{
			Name:      "Krafthem Energi AB",
			OrgNumber: "556677-8899",
			Address:   "Storgatan 1, 903 26 Umeå",
			Email:     "dataskydd@krafthem.se",
			DPO:       "dso@krafthem.se",
		},
		Items: []tillit.ExtractItem{
			{
				CategoryID: "name", Category: "Namn", Value: "Åsa Öberg",
				Purposes: []string{"Elavtal", "Fakturering"}, Source: "Du",
				Collected: at("2023-05-02 10:15"), Retention: "Så länge avtalet gäller och därefter i 3 år",
				Recipients: []string{"Elnät Norr AB"},
			},
			{
				CategoryID: "address", Category: "Adress", Value: "Västra Ågatan 12, 753 09 Uppsala",
				Purposes: []string{"Elavtal"}, Source: "Statens personadressregister (SPAR)",
				Collected: at("2023-05-02 10:15"), Retention: "Så länge avtalet gäller",
				Recipients: []string{"Elnät Norr AB", "Inkasso Öst AB"},
			},
			{
				CategoryID: "email", Category: "E-post", Value: "asa.oberg@example.se",
				Purposes: []string{"Nyhetsbrev"}, Source: "Du",
				Collected: at("2024-01-10 08:00"), Retention: "Tills du återkallar ditt samtycke",
			},
			{
				CategoryID: "invoice", Category: "Faktura", Value: "Faktura 2023-0456, Elavtal Idé, 1 234,50 kr",
				Purposes: []string{"Bokföring"}, Source: "Vi",
				Collected: at("2023-07-01 00:00"),
				Retention: "7 år efter utgången av det kalenderår då räkenskapsåret avslutades",
				Until:     at("2030-12-31 23:59"), Archived: true,
			},
			{
				CategoryID: "note", Category: "Kundtjänstanteckning", Value: hostile,
				Purposes: []string{"Kundtjänst"}, Source: "Kundtjänst",
				Collected: at("2024-11-20 14:05"), Retention: "2 år",
			},
		},
		Consents: []tillit.ExtractConsent{
			{Purpose: "Nyhetsbrev", Given: true, Version: "2024-01", At: at("2024-01-10 08:00")},
		},
		Recipients: []tillit.ExtractRecipient{
			{
				Name: "Elnät Norr AB", Country: "Sverige", Categories: []string{"Namn", "Adress"},
				Purposes: []string{"Elavtal"}, First: at("2023-05-03 09:00"), Last: at("2025-02-01 09:00"), Times: 22,
			},
			{
				Name: "Inkasso Öst AB", Country: "Sverige", Categories: []string{"Adress"},
				Purposes: []string{"Fakturering"}, First: at("2024-09-15 12:00"), Last: at("2024-09-15 12:00"), Times: 1,
			},
		},
		Rights: []string{
			"Du har rätt att få felaktiga uppgifter rättade (artikel 16).",
			"Du har rätt att få dina uppgifter raderade (artikel 17).",
			"Du har rätt att invända mot behandling som grundar sig på berättigat intresse (artikel 21).",
		},
		Complaint: "Du har rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), Box 8114, 104 20 Stockholm.",
	}
}

// english is the same person's extract in English.
func english() tillit.Extract {
	x := swedish()
	x.Lang = tillit.English
	x.Items[0].Source = "You"
	x.Rights = []string{"You have the right to have inaccurate data rectified (Article 16)."}
	x.Complaint = "You have the right to lodge a complaint with the Swedish Authority for Privacy Protection (IMY)."
	return x
}
