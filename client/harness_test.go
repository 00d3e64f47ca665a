package client_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/client"
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/internal/smtptest"
)

// bin is the tillit program TestMain builds, run as an operator would.
var bin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "tillit-client-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" {
		fmt.Fprintf(os.Stderr, "go env GOMOD: %v\n", err)
		return 1
	}
	bin = filepath.Join(dir, "tillit")
	build := exec.Command("go", "build", "-o", bin, "./cmd/tillit")
	build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/tillit: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// server is one `tillit serve` on loopback with a fresh store of its own,
// sending its e-mail to an SMTP server of the test's.
type server struct {
	URL  string
	Mail *smtptest.Server

	env   []string // the environment of every tillit command: no TILLIT_* but the key file's
	store []string // the flags that choose the store
	keys  map[string]string
}

// start starts tillit serve on the store named ("sqlite" or "postgres")
// with the built-in Allkontrakt register, and stops it with SIGINT when
// the test ends, failing the test unless it exits 0. On PostgreSQL the
// store is a schema of its own; the test is skipped when
// TILLIT_TEST_POSTGRES_DSN is not set.
func start(t *testing.T, store string) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{keys: map[string]string{}}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TILLIT_") {
			s.env = append(s.env, kv)
		}
	}
	switch store {
	case "sqlite":
		// No key configured: serve makes dir/kek.json and every other
		// command finds it there.
		s.store = []string{"--data", dir}
	case "postgres":
		dsn := pgtest.Schema(t)
		s.store = []string{"--postgres", dsn}
		kek := filepath.Join(dir, "kek.json")
		s.env = append(s.env, "TILLIT_KEK_FILE="+kek)
		s.cli(t, "keys", "generate", "--out", kek)
	default:
		t.Fatalf("no store %q", store)
	}
	s.Mail = smtptest.Start(t)
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--send-every", "50ms", "--sweep-every", "0",
		"--smtp-host", s.Mail.Host(), "--smtp-port", strconv.Itoa(s.Mail.Port()), "--smtp-tls", "none",
		"--mail-from", "dataskydd@allkontrakt.example"}, s.store...)
	cmd := exec.Command(bin, args...)
	cmd.Env = s.env
	cmd.SysProcAttr = orphanProof
	var stderr syncBuffer
	cmd.Stderr = &stderr
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() {
		exited <- cmd.Wait()
		pw.Close()
	}()
	stop := func() (exit int, timedOut bool) {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			return exitCode(err), false
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			return exitCode(<-exited), true
		}
	}

	// serve prints "Open http://HOST:PORT/privacy …" once it listens.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "http://"); ok {
				found <- strings.TrimSuffix("http://"+strings.Fields(rest)[0], "/privacy")
				break
			}
		}
		close(found)
		io.Copy(io.Discard, pr)
	}()
	select {
	case s.URL = <-found:
	case <-time.After(60 * time.Second):
	}
	if s.URL == "" {
		code, _ := stop()
		t.Fatalf("tillit serve printed no address; exit %d, stderr:\n%s", code, stderr.String())
	}
	t.Cleanup(func() {
		code, timedOut := stop()
		switch {
		case timedOut:
			t.Errorf("tillit serve did not stop on SIGINT within 30s; killed. stderr:\n%s", stderr.String())
		case code != 0:
			t.Errorf("tillit serve exited %d on SIGINT; stderr:\n%s", code, stderr.String())
		}
	})
	return s
}

// exitCode returns the exit status Wait's error reports.
func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// cli runs a tillit command on the server's store and returns its
// standard output, failing the test unless it exits 0.
func (s *server) cli(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = s.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tillit %s: %v\n%s", args[0], err, stderr.String())
	}
	return stdout.String()
}

// key creates an API key with scopes through `tillit apikeys create` and
// returns its token.
func (s *server) key(t *testing.T, name string, scopes ...string) string {
	t.Helper()
	args := append([]string{"apikeys", "create", "--name", name, "--json"}, s.store...)
	for _, sc := range scopes {
		args = append(args, "--scope", sc)
	}
	var out struct {
		Key struct {
			ID string `json:"id"`
		} `json:"key"`
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(s.cli(t, args...)), &out); err != nil || out.Token == "" || out.Key.ID == "" {
		t.Fatalf("apikeys create: %+v, %v", out, err)
	}
	s.keys[name], s.keys[name+" id"] = out.Token, out.Key.ID
	return out.Token
}

// client returns a client of the server with the key named.
func (s *server) client(name string, opts ...client.Option) *client.Client {
	return client.New(s.URL, s.keys[name], opts...)
}

// syncBuffer is a bytes.Buffer that the process's output may be written
// to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
