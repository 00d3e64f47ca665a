package tillit

// The built-in events. Tillit records them itself; a register may count
// from them without declaring them. Their Swedish Done texts are in the
// perfect tense, which reads right after both "efter att" and "så snart".
const (
	EventCollected        = "collected"         // the record was stored
	EventConsentGiven     = "consent_given"     // consent to the rule's purpose was given
	EventConsentWithdrawn = "consent_withdrawn" // consent to the rule's purpose was withdrawn
	EventObjected         = "objected"          // the person objected to the rule's purpose
	EventErasureRequested = "erasure_requested" // the person asked for erasure
	EventActivity         = "activity"          // the person used the services
	// EventObjectionOverruled records the officer's finding of compelling
	// legitimate grounds that override an objection (GDPR art. 21(1));
	// never for direct marketing (art. 21(3)).
	EventObjectionOverruled = "objection_overruled"
)

// BuiltinEvents returns the built-in events with their texts.
func BuiltinEvents() []Event {
	return []Event{
		{ID: EventCollected, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Uppgiften samlades in", EN: "Data collected"},
			Done:    Text{SV: "vi har samlat in uppgifterna", EN: "we collected the data"},
			NotDone: Text{SV: "vi inte har samlat in uppgifterna", EN: "we have not collected the data"}},
		{ID: EventConsentGiven, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Samtycke lämnat", EN: "Consent given"},
			Done:    Text{SV: "du har lämnat ditt samtycke", EN: "you gave your consent"},
			NotDone: Text{SV: "du inte har lämnat ditt samtycke", EN: "you have not given your consent"}},
		{ID: EventConsentWithdrawn, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Samtycke återkallat", EN: "Consent withdrawn"},
			Done:    Text{SV: "du har återkallat ditt samtycke", EN: "you withdraw your consent"},
			NotDone: Text{SV: "du inte har återkallat ditt samtycke", EN: "you have not withdrawn your consent"}},
		{ID: EventObjected, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Invändning gjord", EN: "Objection made"},
			Done:    Text{SV: "du har invänt mot behandlingen", EN: "you object to the processing"},
			NotDone: Text{SV: "du inte har invänt mot behandlingen", EN: "you have not objected to the processing"}},
		{ID: EventErasureRequested, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Radering begärd", EN: "Erasure requested"},
			Done:    Text{SV: "du har bett oss radera uppgifterna", EN: "you ask us to erase the data"},
			NotDone: Text{SV: "du inte har bett oss radera uppgifterna", EN: "you have not asked us to erase the data"}},
		{ID: EventObjectionOverruled, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Invändning överprövad", EN: "Objection overruled"},
			Done:    Text{SV: "vi har funnit tvingande berättigade skäl att fortsätta trots din invändning", EN: "we found compelling legitimate grounds to continue despite your objection"},
			NotDone: Text{SV: "vi inte har funnit tvingande berättigade skäl att fortsätta", EN: "we have not found compelling legitimate grounds to continue"}},
		{ID: EventActivity, Scope: SubjectScope, Builtin: true,
			Label:   Text{SV: "Senaste aktivitet", EN: "Last activity"},
			Done:    Text{SV: "du senast använde våra tjänster", EN: "you last used our services"},
			NotDone: Text{SV: "du inte har använt våra tjänster", EN: "you have not used our services"}},
	}
}

// eea lists the ISO 3166-1 alpha-2 codes of the EU and EEA member states.
var eea = map[string]bool{
	"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true,
	"EE": true, "FI": true, "FR": true, "DE": true, "GR": true, "HU": true, "IE": true,
	"IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true, "PL": true,
	"PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
	"IS": true, "LI": true, "NO": true, // EEA
	"EU": true, "EEA": true, // a location stated only as "in the EU/EEA"
}

// IsEEA reports whether country (ISO 3166-1 alpha-2, or "EU"/"EEA") is in
// the EU/EEA, where no transfer safeguard is needed (GDPR chapter V).
func IsEEA(country string) bool { return eea[country] }
