//go:build bench

package bench

import (
	"testing"

	"github.com/tillit-privacy/tillit/internal/benchonly"
)

// TestSwitches checks that each benchmark switch turns off what it names
// and nothing else.
func TestSwitches(t *testing.T) {
	tests := []struct {
		name string
		off  benchonly.Off
		want guarantees
	}{
		{"all on", benchonly.Without(), allOn},
		{"encryption", benchonly.Without(benchonly.Encryption), guarantees{true, true, true, false}},
		{"audit", benchonly.Without(benchonly.Audit), guarantees{false, false, true, false}},
		{"purpose check", benchonly.Without(benchonly.PurposeCheck), guarantees{false, true, true, true}},
		{"indexes", benchonly.Without(benchonly.Indexes), guarantees{false, true, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkGuarantees(t, tt.off, tt.want) })
	}
}
