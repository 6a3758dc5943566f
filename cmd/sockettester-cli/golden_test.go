package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// updateGolden rewrites testdata/golden from what the CLI prints now. The
// files were captured before the engine's messages got codes, so a run
// without -update proves the English did not change.
var updateGolden = flag.Bool("update", false, "rewrite testdata/golden")

// goldenNormalisers replace what differs between runs (times, ports, temp
// paths, reply times, certificate fingerprints) with fixed words.
var goldenNormalisers = []struct {
	re   *regexp.Regexp
	with string
}{
	// The JSON's "code" is new: the rest of each line must not change.
	{regexp.MustCompile(`,"code":"[A-Za-z0-9]+"`), ""},
	{regexp.MustCompile(`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)?`), "TIME"},
	{regexp.MustCompile(`(127\.0\.0\.1|\[::1\]):\d+`), "$1:PORT"},
	{regexp.MustCompile(`"(reply_ms|min_ms|avg_ms|p50_ms|p99_ms|max_ms)":[0-9.e-]+`), `"$1":N`},
	{regexp.MustCompile(`\d+\.\d+/\d+\.\d+/\d+\.\d+/\d+\.\d+/\d+\.\d+ ms`), "N ms"},
	{regexp.MustCompile(`\([0-9.]+ ms\)`), "(N ms)"},
	{regexp.MustCompile(`"ms":[0-9.e-]+`), `"ms":N`},
	{regexp.MustCompile(`([0-9A-F]{2}:){31}[0-9A-F]{2}`), "SHA256"},
}

func normaliseGolden(s, dir string) string {
	if dir != "" {
		s = strings.ReplaceAll(s, dir, "DIR")
	}
	for _, n := range goldenNormalisers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return s
}

// inProcessServer is a serve or relay command running in this process;
// a goroutine collects its lines as they come.
type inProcessServer struct {
	cancel context.CancelFunc
	done   chan int
	errOut bytes.Buffer

	mu    sync.Mutex
	lines []string
	more  chan struct{} // closed and replaced on every new line, and at the end
	ended bool
}

// startInProcess runs a listening command and waits for its want first
// lines; stop cancels it and returns all it printed.
func startInProcess(t *testing.T, want int, args ...string) *inProcessServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &inProcessServer{cancel: cancel, done: make(chan int, 1), more: make(chan struct{})}
	go func() {
		code := run(ctx, args, stdio{strings.NewReader(""), pw, &s.errOut})
		pw.Close()
		s.done <- code
	}()
	go func() {
		r := bufio.NewReader(pr)
		for {
			line, err := r.ReadString('\n')
			s.mu.Lock()
			if line != "" {
				s.lines = append(s.lines, line)
			}
			s.ended = err != nil
			close(s.more)
			s.more = make(chan struct{})
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(cancel)
	s.waitFor(t, "", want)
	return s
}

// waitFor waits until n of the lines printed contain sub.
func (s *inProcessServer) waitFor(t *testing.T, sub string, n int) {
	t.Helper()
	deadline := time.After(waitDeadline)
	for {
		s.mu.Lock()
		count := 0
		for _, l := range s.lines {
			if strings.Contains(l, sub) {
				count++
			}
		}
		more, ended := s.more, s.ended
		s.mu.Unlock()
		if count >= n {
			return
		}
		if ended {
			t.Fatalf("output ended with %d lines containing %q, want %d", count, sub, n)
		}
		select {
		case <-more:
		case <-deadline:
			t.Fatalf("no %d lines containing %q within %v", n, sub, waitDeadline)
		}
	}
}

// addr returns the address in the i-th line: "listening tcp ADDR" or the
// JSON "local" field.
func (s *inProcessServer) addr(t *testing.T, i int) string {
	s.mu.Lock()
	line := s.lines[i]
	s.mu.Unlock()
	if strings.HasPrefix(line, "{") {
		m := regexp.MustCompile(`"local":"([^"]+)"`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("no local address in %q", line)
		}
		return m[1]
	}
	f := strings.Fields(line)
	if len(f) < 3 {
		t.Fatalf("no address in %q", line)
	}
	return f[2]
}

func (s *inProcessServer) stop(t *testing.T) string {
	t.Helper()
	s.cancel()
	var code int
	select {
	case code = <-s.done:
	case <-time.After(waitDeadline):
		t.Fatalf("server did not stop within %v", waitDeadline)
	}
	s.mu.Lock()
	for !s.ended {
		more := s.more
		s.mu.Unlock()
		<-more
		s.mu.Lock()
	}
	defer s.mu.Unlock()
	return fmt.Sprintf("%s[exit %d]\n[stderr]\n%s", strings.Join(s.lines, ""), code, s.errOut.String())
}

// inProcess runs one command to the end and returns what it printed.
func inProcess(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, args, stdio{strings.NewReader(""), &out, &errOut})
	return fmt.Sprintf("$ %s\n%s[exit %d]\n[stderr]\n%s", strings.Join(args, " "), out.String(), code, errOut.String())
}

// TestGoldenOutput runs the CLI over a fixed set of inputs and compares
// what it prints, normalised, with what the CLI printed before the
// engine's messages got codes: the English must not change.
func TestGoldenOutput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	closed := closedPort(t)
	cases := map[string]func(t *testing.T) string{
		"serve_text": func(t *testing.T) string {
			s := startInProcess(t, 2, "serve", "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
			out := inProcess(t, "send", "--tcp", s.addr(t, 0), "--wait", "20s", "--max-bytes", "6", `hello\n`)
			s.waitFor(t, "disconnected", 1)
			out += inProcess(t, "send", "--udp", s.addr(t, 1), "--wait", "20s", "--max-bytes", "3", "abc")
			return out + s.stop(t)
		},
		"serve_json": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--json", "--mode", "reply", "--reply", "ok")
			out := inProcess(t, "send", "--json", "--tcp", s.addr(t, 0), "--wait", "20s", "--max-bytes", "2", "hi")
			s.waitFor(t, `"disconnected"`, 1)
			return out + s.stop(t)
		},
		"serve_rules": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--rules", examples+"rules.yaml")
			out := inProcess(t, "send", "--tcp", s.addr(t, 0), "--wait", "20s", "--max-bytes", "7", `PING\n`)
			s.waitFor(t, "disconnected", 1)
			out += inProcess(t, "send", "--tcp", s.addr(t, 0), "--wait", "20s", `BYE\n`)
			s.waitFor(t, "disconnected", 2)
			return out + s.stop(t)
		},
		"serve_chat": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--mode", "chat")
			out := inProcess(t, "send", "--tcp", s.addr(t, 0), "--wait", "100ms", `hi\n`)
			s.waitFor(t, "disconnected", 1)
			return out + s.stop(t)
		},
		"relay": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0")
			r := startInProcess(t, 1, "relay", "--to", s.addr(t, 0))
			out := inProcess(t, "send", "--tcp", r.addr(t, 0), "--wait", "20s", "--max-bytes", "3", "abc")
			r.waitFor(t, "disconnected", 1)
			s.waitFor(t, "disconnected", 1)
			out += r.stop(t)
			return out + s.stop(t)
		},
		"relay_target_down": func(t *testing.T) string {
			r := startInProcess(t, 1, "relay", "--to", closed)
			// What the client sees (reset or closed) depends on timing;
			// the relay's log does not.
			inProcess(t, "send", "--tcp", r.addr(t, 0), "--wait", "20s", "abc")
			r.waitFor(t, "disconnected", 1)
			return r.stop(t)
		},
		"tls_mismatch": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--tls")
			out := inProcess(t, "send", "--tcp", s.addr(t, 0), "--wait", "20s", "hi")
			out += inProcess(t, "send", "--tls", "--tcp", s.addr(t, 0), "--wait", "20s", "hi")
			p := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--quiet")
			out += inProcess(t, "send", "--tls", "--insecure", "--tcp", p.addr(t, 0), "--wait", "20s", "hi")
			p.stop(t)
			s.waitFor(t, "error", 2)
			return out + s.stop(t)
		},
		"input_mistakes": func(t *testing.T) string {
			out := inProcess(t, "send", "--tcp", closed, "hi")
			out += inProcess(t, "send", "--tcp", "127.0.0.1:99999", "hi")
			out += inProcess(t, "send", "--tcp", "127.0.0.1:0", "hi")
			out += inProcess(t, "send", "--tcp", "127.0.0.1", "hi")
			out += inProcess(t, "send", "--tcp", "http://127.0.0.1:80", "hi")
			out += inProcess(t, "send", "--tcp", "::1:80", "hi")
			out += inProcess(t, "send", "--tcp", "bad host:80", "hi")
			out += inProcess(t, "send", "--hex", "--tcp", closed, "0g")
			out += inProcess(t, "send", "--hex", "--tcp", closed, "abc")
			out += inProcess(t, "send", "--tcp", closed, `a\q`)
			out += inProcess(t, "send", "--tcp", closed, `a\x4`)
			out += inProcess(t, "serve", "--tcp", "999.1.1.1:0")
			out += inProcess(t, "serve", "--tcp", "127.0.0.1:-1")
			out += inProcess(t, "send", "--udp", closed, "--local", "[::1]:0", "hi")
			return out
		},
		"rules_file_errors": func(t *testing.T) string {
			var out string
			for i, text := range []string{
				"rules:\n  - regex: \"^GET (\\\\S+)\"\n    reply: \"{{2}}\"\n",
				"rules:\n  - regx: x\n    reply: y\n",
				"rules:\n  - match: x\n",
				"frame: lines\nrules:\n  - match: x\n    reply: y\n",
				"",
				"rules:\n  - match: x\n    reply: y\n    delay: 5\n",
				"rules:\n  - regex: \"(\"\n    reply: y\n",
				"rules:\n  - hex: \"0g\"\n    reply: y\n",
				"rules: [\n",
			} {
				out += inProcess(t, "serve", "--tcp", "127.0.0.1:0", "--rules", write(fmt.Sprintf("rules%d.yaml", i), text))
			}
			return out
		},
		"scenario": func(t *testing.T) string {
			s := startInProcess(t, 1, "serve", "--tcp", "127.0.0.1:0", "--quiet")
			addr := s.addr(t, 0)
			file := write("fail.yaml", "name: echo is not upper case\nconnect: tcp://"+addr+"\nsteps:\n  - send: \"hi\\n\"\n  - expect: \"HI\\n\"\n  - send: more\n")
			out := inProcess(t, "run", file)
			out += inProcess(t, "run", "--json", file)
			closedFile := write("closed.yaml", "name: nobody home\nconnect: tcp://"+closed+"\nsteps:\n  - send: a\n")
			out += inProcess(t, "run", closedFile)
			for i, text := range []string{
				"steps:\n  - send: [\n",
				"connect: tcp://127.0.0.1:1\nsteps:\n  - sned: x\n",
				"connect: tcp://127.0.0.1:1\nsteps:\n  - send_hex: \"0g\"\n",
				"connect: tcp://127.0.0.1:1\nsteps:\n  - sleep: soon\n",
				"steps:\n  - send: a\n",
				"connect: tcp://127.0.0.1:1\nsteps:\n  - send: \"{{id}}\"\n",
				"connect: tcp://127.0.0.1:1\nsteps:\n  - expect: x\n    timeout: 5\n",
			} {
				out += inProcess(t, "run", write(fmt.Sprintf("bad%d.yaml", i), text))
			}
			return out + s.stop(t)
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			got := normaliseGolden(strings.ReplaceAll(f(t), closed, "CLOSED"), dir)
			path := filepath.Join("testdata", "golden", name+".txt")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output changed (%s):\n%s", path, firstDifference(got, string(want)))
			}
		})
	}
}

// firstDifference shows the first line where got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return "(same lines)"
}
