package storetest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/keys"
)

// The crash test's settings: how many goroutines the child collects from,
// how many acknowledgements the parent waits for before it kills the child,
// and how long the whole run may take before the parent gives up.
const (
	crashWorkers = 8
	crashAcks    = 150
	crashTimeout = 2 * time.Minute
)

// crashVar names the variable that makes TestCrashChild the child of Crash;
// it holds the target the child opens. The child reads its key-encryption
// key the way the server does, with keys.Load.
const crashVar = "TILLIT_CRASH_CHILD"

// CrashOpener opens the store named by target, a file path or a DSN,
// initialising it if it is new, and closes it when the test ends. Crash
// calls it in two processes, the child first and then the parent, so both
// must reach the same store: it must not make one of its own.
type CrashOpener func(t testing.TB, target string) tillit.Store

// Crash checks that a store keeps every acknowledged write when the process
// dies. It starts the test binary again as a child running TestCrashChild,
// which the package must define to call CrashChild with the same opener;
// the child collects into target from several goroutines and prints one
// line per stored submission. Once the parent has read enough of them it
// kills the child with SIGKILL, then opens target itself and checks that
// every acknowledged subject is there with its values, that no transaction
// was left half-written, and that the audit chain is intact.
func Crash(t *testing.T, target string, open CrashOpener) {
	kek, kekSet := KEK(t)
	ctx, cancel := context.WithTimeout(t.Context(), crashTimeout)
	defer cancel()
	// The context kills the child if the parent gives up or fails first.
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashChild$", "-test.timeout="+crashTimeout.String())
	cmd.Env = append(os.Environ(), crashVar+"="+target, "TILLIT_KEK_FILE=", "TILLIT_KEK="+string(kekSet))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the child: %v", err)
	}
	acks := map[string]string{} // subject ID -> e-mail address
	var other strings.Builder   // the child's lines that are not acknowledgements
	r := bufio.NewReader(stdout)
	for len(acks) < crashAcks {
		line, err := r.ReadString('\n')
		if err != nil {
			werr := cmd.Wait()
			t.Fatalf("the child ended after %d of %d acknowledgements (%v; %v)\nstdout:\n%s%s\nstderr:\n%s",
				len(acks), crashAcks, werr, ctx.Err(), other.String(), line, stderr.String())
		}
		readAck(line, acks, &other)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill the child: %v", err)
	}
	// Lines the child wrote before it died were acknowledged too; a line
	// cut short by the kill was not.
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		readAck(line, acks, &other)
	}
	werr := cmd.Wait()
	if cmd.ProcessState == nil || cmd.ProcessState.Exited() {
		t.Fatalf("the child ended by itself (%v) instead of being killed\nstdout:\n%s\nstderr:\n%s", werr, other.String(), stderr.String())
	}

	e := &Env{Store: open(t, target), Clock: NewClock(), KEK: kek, KEKSet: kekSet, Ctx: tillit.WithActor(t.Context(), "test"), Policy: Policy(t)}
	e.set(e.reopen(t, kek))
	rep := e.Verify(t)
	// The index key's entry, then a collect and an event per submission,
	// both written in the submission's transaction: an even count would
	// mean a transaction survived in part.
	if rep.Entries < int64(2*len(acks)+1) || rep.Entries%2 != 1 {
		t.Errorf("audit entries = %d, want an odd number of at least %d", rep.Entries, 2*len(acks)+1)
	}
	n := dataKeys(t, e)
	if n != int(rep.Entries-1)/2 {
		t.Errorf("%d subjects have a data key, but the audit log records %d submissions", n, (rep.Entries-1)/2)
	}
	t.Logf("killed the child (%v): %d submissions acknowledged, %d stored", werr, len(acks), n)
	for subject, email := range acks {
		items, err := e.Vault.Use(e.Ctx, subject, "quote")
		if err != nil {
			t.Errorf("Use(%s) of an acknowledged submission: %v", subject, err)
			continue
		}
		if got := Values(items)["email"]; got != email {
			t.Errorf("Use(%s) email = %q, want %q", subject, got, email)
		}
		if s, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, email); err != nil || s.ID != subject {
			t.Errorf("Find(%s) = %q, %v; want %s", email, s.ID, err, subject)
		}
	}
	// The store goes on working after the crash.
	e.Collect(t, Quote("after-crash@example.se"))
	e.Verify(t)
}

// readAck records an "ack <subject> <email>" line, or keeps any other line
// of the child's output for the failure message.
func readAck(line string, acks map[string]string, other *strings.Builder) {
	f := strings.Fields(line)
	if len(f) == 3 && f[0] == "ack" {
		acks[f[1]] = f[2]
		return
	}
	other.WriteString(line)
}

// dataKeys counts the subjects that have a data key.
func dataKeys(t testing.TB, e *Env) int {
	t.Helper()
	n, after := 0, ""
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		for {
			ks, err := tx.DataKeys(after, 500)
			if err != nil || len(ks) == 0 {
				return err
			}
			n, after = n+len(ks), ks[len(ks)-1].Subject
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// CrashChild is the child process of Crash. Run as an ordinary test it
// skips. Run by Crash, it opens target and collects a new subject at a time
// from several goroutines until it is killed, printing "ack <subject>
// <email>" to stdout each time Collect has returned without error; it exits
// with a message on stderr at the first error.
func CrashChild(t *testing.T, open CrashOpener) {
	target := os.Getenv(crashVar)
	if target == "" {
		t.Skip("the child process of a crash test; runs only when started by storetest.Crash")
	}
	kek, _, err := keys.Load(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Store: open(t, target), Clock: NewClock(), KEK: kek, Ctx: tillit.WithActor(t.Context(), "test"), Policy: Policy(t)}
	e.set(e.reopen(t, kek))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() {
			for i := 0; ; i++ {
				email := fmt.Sprintf("crash-%d-%d@example.se", w, i)
				r, err := e.Vault.Collect(e.Ctx, Quote(email))
				if err != nil {
					fmt.Fprintf(os.Stderr, "collect %s: %v\n", email, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Printf("ack %s %s\n", r.Subject, email)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}
