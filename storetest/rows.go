package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

// testStoreRows checks the store's own promises: rows round-trip, missing
// rows are ENOTFOUND, duplicates ECONFLICT, and a failed Update leaves no
// trace.
func testStoreRows(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	at := time.Date(2026, 5, 1, 12, 0, 0, 123456000, time.UTC)
	subj := tillit.Subject{ID: "sub_a", Created: at}
	err := s.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.InsertSubject(subj, []byte("wrapped")); err != nil {
			return err
		}
		if err := tx.PutIdentifier("email", []byte{1, 2, 3}, subj.ID); err != nil {
			return err
		}
		if err := tx.InsertCase(tillit.Case{ID: "case_1", Subject: subj.ID, Kind: "quote", Point: "quote_form", Opened: at}); err != nil {
			return err
		}
		return tx.InsertItem(tillit.Item{ID: "itm_1", Subject: subj.ID, Category: "name", Sealed: []byte{9, 9},
			Purposes: []string{"quote", "installation"}, Point: "quote_form", Case: "case_1", Provided: true, Collected: at})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(tx tillit.Tx) error {
		got, err := tx.Subject(subj.ID)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(subj, got); diff != "" {
			t.Errorf("subject (-want +got):\n%s", diff)
		}
		items, err := tx.Items(subj.ID)
		if err != nil {
			return err
		}
		want := []tillit.Item{{ID: "itm_1", Subject: subj.ID, Category: "name", Sealed: []byte{9, 9},
			Purposes: []string{"quote", "installation"}, Point: "quote_form", Case: "case_1", Provided: true, Collected: at}}
		if diff := cmp.Diff(want, items); diff != "" {
			t.Errorf("items (-want +got):\n%s", diff)
		}
		if id, err := tx.FindIdentifier("email", []byte{1, 2, 3}); err != nil || id != subj.ID {
			t.Errorf("FindIdentifier = %q, %v", id, err)
		}
		_, err = tx.FindIdentifier("phone", []byte{1, 2, 3})
		wantErr(t, err, tillit.ENOTFOUND)
		_, err = tx.Subject("sub_none")
		wantErr(t, err, tillit.ENOTFOUND)
		_, err = tx.Case("case_none")
		wantErr(t, err, tillit.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A duplicate identifier is a conflict, and the failed transaction
	// leaves nothing behind, not even the subject created before it.
	err = s.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.InsertSubject(tillit.Subject{ID: "sub_b", Created: at}, []byte("k")); err != nil {
			return err
		}
		return tx.PutIdentifier("email", []byte{1, 2, 3}, "sub_b")
	})
	wantErr(t, err, tillit.ECONFLICT)
	errBoom := errors.New("boom")
	err = s.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.InsertSubject(tillit.Subject{ID: "sub_c", Created: at}, []byte("k")); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	s.View(ctx, func(tx tillit.Tx) error {
		for _, id := range []string{"sub_b", "sub_c"} {
			if _, err := tx.Subject(id); tillit.ErrorCode(err) != tillit.ENOTFOUND {
				t.Errorf("subject %s after a rolled-back update: %v, want not found", id, err)
			}
		}
		return nil
	})

	// The audit log starts empty and links each append to the last of
	// its lane; the store numbers and hashes the entries.
	err = s.Update(ctx, func(tx tillit.Tx) error {
		for _, a := range []string{"one", "two"} {
			if err := tx.AppendAudit(tillit.AuditEntry{At: at, Actor: "test", Action: a}); err != nil {
				return err
			}
		}
		return tx.AppendAudit(tillit.AuditEntry{At: at, Actor: "test", Action: "three", Subject: "sub_x"})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.View(ctx, func(tx tillit.Tx) error {
		got, err := tx.Audit(0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("%d entries, want 3: %+v", len(got), got)
		}
		one, two, three := got[0], got[1], got[2]
		if one.Action != "one" || one.Lane != 0 || one.LaneSeq != 1 || len(one.Prev) != 0 ||
			two.Action != "two" || two.Lane != 0 || two.LaneSeq != 2 || string(two.Prev) != string(one.Hash) || two.Seq <= one.Seq {
			t.Errorf("audit entries do not chain: %+v", got)
		}
		if three.Lane == 0 || three.LaneSeq != 1 || len(three.Prev) != 0 {
			t.Errorf("an entry with a subject is not first in a lane of its own: %+v", three)
		}
		for _, e := range got {
			if !at.Equal(e.At) || e.Actor != "test" || string(e.Hash) != string(e.Digest()) {
				t.Errorf("entry %d read back as %+v", e.Seq, e)
			}
		}
		lane, err := tx.AuditLane(three.Lane, 0, 10)
		if err != nil || len(lane) != 1 || lane[0].Seq != three.Seq {
			t.Errorf("AuditLane(%d) = %+v, %v", three.Lane, lane, err)
		}
		heads, err := tx.AuditHeads()
		if err != nil || len(heads) != tillit.AuditLanes || heads[0].Seq != 2 || string(heads[0].Hash) != string(two.Hash) ||
			heads[three.Lane].Seq != 1 || string(heads[three.Lane].Hash) != string(three.Hash) {
			t.Errorf("AuditHeads = %+v, %v", heads, err)
		}
		return nil
	})
}
