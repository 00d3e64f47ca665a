package sqlite_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/storetest"
)

// TestRawFile reads the database's files byte by byte, as a stolen disk or
// backup would be read, and checks that none of the subjects' values is
// there in plaintext, as written or normalised: not in the database file,
// not in the write-ahead log, not while the store is open nor after it is
// closed. Once shredded, the subject's ciphertext and wrapped data key are
// gone too, open or closed (secure_delete and a WAL checkpoint). The
// collection point's ID, which is not personal data and is stored in
// plaintext, must be found: the scan would see a value if one were there.
func TestRawFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tillit.db")
	s := openPath(t, path)
	e := storetest.NewEnv(t, func(testing.TB) tillit.Store { return s })

	ingegerd := e.Collect(t, tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "850412-1230", "name": "Ingegerd Wåhlstedt", "email": "Ingegerd.Wahlstedt@Example.SE",
		"phone": "070-123 45 67", "message": "Porten har kod sjuttiofyra, ring innan ni kommer."}}).Subject
	torbjorn := e.Collect(t, tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "19811218-9876", "name": "Torbjörn Lindqvist-Ekman", "email": "TORBJORN.LE@solmail.example",
		"phone": "+46 73 987 65 43", "message": "Hunden Sixten är snäll men skäller på montörer."}}).Subject
	quote := storetest.Quote("torbjorn.le@solmail.example") // the same person asks for a quote
	quote.Fields["name"] = "Torbjörn Lindqvist-Ekman"
	quote.Fields["address"] = "Kvarngränd 17, 621 42 Visby"
	quote.Fields["roof_type"] = "skifferplattor"
	quote.Fields["consumption"] = "271828"
	quote.Fields["message"] = "Taket lutar åt sydväst, mitt personnummer är 811218-9876."
	if r := e.Collect(t, quote); r.Subject != torbjorn {
		t.Fatalf("the quote went to %s, want the contract's subject %s", r.Subject, torbjorn)
	}
	marta := storetest.Quote("marta.oxenstierna@example.org")
	marta.Fields["name"] = "Märta Oxenstierna"
	marta.Fields["address"] = "Slottsbacken 9, 111 30 Stockholm"
	marta.Fields["message"] = "Ni når mig enklast på kvällstid."
	e.Collect(t, marta)

	for _, id := range []string{ingegerd, torbjorn} {
		if _, err := e.Vault.Use(e.Ctx, id, "installation"); err != nil {
			t.Fatalf("Use: %v", err)
		}
		if _, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: id, Purpose: "installation", Recipient: "installer"}); err != nil {
			t.Fatalf("Disclose: %v", err)
		}
		if _, err := e.Vault.History(e.Ctx, id); err != nil {
			t.Fatalf("History: %v", err)
		}
	}
	if _, err := e.Vault.Find(e.Ctx, tillit.TypePersonnummer, "850412-1230"); err != nil {
		t.Fatalf("Find: %v", err)
	}
	shredded, kept := sealed(t, e, torbjorn), sealed(t, e, ingegerd)
	if err := e.Vault.Shred(e.Ctx, torbjorn); err != nil {
		t.Fatal(err)
	}

	plaintext := []string{
		// As written.
		"850412-1230", "Ingegerd Wåhlstedt", "Ingegerd.Wahlstedt@Example.SE", "070-123 45 67", "Porten har kod sjuttiofyra",
		"19811218-9876", "811218-9876", "Torbjörn Lindqvist-Ekman", "TORBJORN.LE@solmail.example", "+46 73 987 65 43",
		"Hunden Sixten", "Kvarngränd 17", "skifferplattor", "271828", "Taket lutar åt sydväst",
		"Märta Oxenstierna", "marta.oxenstierna@example.org", "Slottsbacken 9", "Ni når mig enklast",
		// Normalised, and in parts.
		"198504121230", "8504121230", "ingegerd.wahlstedt@example.se", "+46701234567", "0701234567",
		"198112189876", "8112189876", "torbjorn.le@solmail.example", "+46739876543", "0739876543",
		"Wåhlstedt", "Lindqvist", "Oxenstierna", "Visby", "Sixten",
	}
	check := func(when string, files map[string][]byte) {
		t.Helper()
		all := bytes.ToLower(bytes.Join(slices.Collect(maps.Values(files)), nil))
		if !bytes.Contains(all, []byte("quote_form")) {
			t.Fatalf("%s: the collection point's ID is not in %v: the scan does not read what the store wrote", when, slices.Sorted(maps.Keys(files)))
		}
		for name, b := range files {
			b = bytes.ToLower(b)
			for _, v := range plaintext {
				if bytes.Contains(b, []byte(strings.ToLower(v))) {
					t.Errorf("%s: %s holds the plaintext %q", when, name, v)
				}
			}
		}
	}
	open := readFiles(t, path)
	check("open", open)
	for name, b := range open {
		for _, v := range shredded {
			if bytes.Contains(b, v) {
				t.Errorf("open: %s still holds the shredded subject's ciphertext or wrapped key", name)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, path)
	check("closed", files)
	for name, b := range files {
		for _, v := range shredded {
			if bytes.Contains(b, v) {
				t.Errorf("closed: %s still holds the shredded subject's ciphertext or wrapped key", name)
			}
		}
	}
	// The other subject's ciphertext is found where it is kept, so the
	// check above would see the shredded one's.
	db := files[filepath.Base(path)]
	for _, v := range kept {
		if !bytes.Contains(db, v) {
			t.Fatalf("closed: a kept subject's ciphertext is not in the database file: the scan does not see ciphertext")
		}
	}
}

// sealed returns the subject's sealed values and its wrapped data key as
// stored.
func sealed(t *testing.T, e *storetest.Env, subject string) [][]byte {
	t.Helper()
	var out [][]byte
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		items, err := tx.Items(subject)
		if err != nil {
			return err
		}
		for _, it := range items {
			out = append(out, it.Sealed)
		}
		key, err := tx.DataKey(subject)
		out = append(out, key)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 2 {
		t.Fatalf("subject %s has no sealed items", subject)
	}
	return out
}

// readFiles returns the contents of the database file and of the files
// SQLite keeps beside it (-wal, -shm, -journal), by name.
func readFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	matches, err := filepath.Glob(path + "*")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(m)] = b
	}
	if _, ok := files[filepath.Base(path)]; !ok {
		t.Fatalf("no database file at %s", path)
	}
	return files
}
