//go:build !bench

package benchonly_test

import (
	"reflect"
	"testing"

	"github.com/tillit-privacy/tillit/internal/benchonly"
)

// TestNoSwitches checks that a build without the bench tag, the one that
// ships, has no guarantee that can be switched off: Off holds nothing, so
// every value of it is the zero value, and that value keeps every
// guarantee.
func TestNoSwitches(t *testing.T) {
	if benchonly.Available {
		t.Error("Available is true in a build without the bench tag")
	}
	typ := reflect.TypeFor[benchonly.Off]()
	if typ.NumField() != 0 || typ.Size() != 0 {
		t.Errorf("Off has %d fields and %d bytes in a build without the bench tag, want none", typ.NumField(), typ.Size())
	}
	var o benchonly.Off
	if o.Encryption() || o.Audit() || o.PurposeCheck() || o.Indexes() || o.Any() {
		t.Errorf("the zero Off switches a guarantee off: %+v", o)
	}
}
