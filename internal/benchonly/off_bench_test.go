//go:build bench

package benchonly_test

import (
	"testing"

	"github.com/tillit-privacy/tillit/internal/benchonly"
)

// TestWithout checks that Without switches off what it names and nothing
// else, and that the zero value keeps every guarantee.
func TestWithout(t *testing.T) {
	if !benchonly.Available {
		t.Error("Available is false in a build with the bench tag")
	}
	type flags struct{ encryption, audit, purposeCheck, indexes, any bool }
	tests := []struct {
		name string
		off  benchonly.Off
		want flags
	}{
		{"zero value", benchonly.Off{}, flags{}},
		{"nothing named", benchonly.Without(), flags{}},
		{"encryption", benchonly.Without(benchonly.Encryption), flags{encryption: true, any: true}},
		{"audit", benchonly.Without(benchonly.Audit), flags{audit: true, any: true}},
		{"purpose check", benchonly.Without(benchonly.PurposeCheck), flags{purposeCheck: true, any: true}},
		{"indexes", benchonly.Without(benchonly.Indexes), flags{indexes: true, any: true}},
		{"all", benchonly.Without(benchonly.Encryption, benchonly.Audit, benchonly.PurposeCheck, benchonly.Indexes),
			flags{true, true, true, true, true}},
	}
	for _, tt := range tests {
		got := flags{tt.off.Encryption(), tt.off.Audit(), tt.off.PurposeCheck(), tt.off.Indexes(), tt.off.Any()}
		if got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
