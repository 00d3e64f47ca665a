package pii

// Redact returns text with every digit inside the findings replaced by '*'.
// Separators and all other bytes stay, so the text keeps its length and the
// number its shape: "19850412-1230" becomes "********-****". Findings that lie
// outside text are clipped to it.
func Redact(text string, fs []Finding) string {
	b := []byte(text)
	for _, f := range fs {
		start, end := max(f.Start, 0), min(f.End, len(b))
		for i := start; i < end; i++ {
			if isDigit(b[i]) {
				b[i] = '*'
			}
		}
	}
	return string(b)
}
