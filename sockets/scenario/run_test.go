package scenario

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testRules answer like the example scenario expects.
const testRules = `frame: line
default: {reply: "{{upper}}\n"}
rules:
  - match: "NEW"
    reply: "ID 4{{counter}}\n"
  - regex: "^got (\\d+)$"
    reply: "ok {{1}}, ready\n"
  - match: "BYE"
    reply: "bye\n"
    close: true
  - match: "QUIET"
    drop: true
`

// serve starts a server on network's loopback and returns its address.
func serve(t *testing.T, network string, cfg sockets.ServerConfig) string {
	t.Helper()
	cfg.Network = network
	s := sockets.NewServer(cfg)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Addr().String()
}

// rulesServer serves testRules.
func rulesServer(t *testing.T, network string) string {
	t.Helper()
	set, err := rules.Parse("rules", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, network, sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set})
}

// parseOne parses a scenario whose connect: is ADDR, replaced with addr.
func parseOne(t *testing.T, src, addr string) *Scenario {
	t.Helper()
	scs, err := Parse("s.yaml", []byte(strings.ReplaceAll(src, "ADDR", addr)))
	if err != nil {
		t.Fatal(err)
	}
	return scs[0]
}

// statuses lists each result as "mark text".
func statuses(res *Result) []string {
	var out []string
	for _, s := range res.Steps {
		out = append(out, s.Status.Mark()+" "+s.Text)
	}
	return out
}

func checkStatuses(t *testing.T, res *Result, want ...string) {
	t.Helper()
	if got := statuses(res); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("steps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunPasses(t *testing.T) {
	addr := rulesServer(t, "tcp")
	sc := parseOne(t, `name: upper-case echo
connect: tcp://ADDR
timeout: 10s
steps:
  - send: "hello\n"
  - expect: "HELLO\n"
  - send_hex: "01 02 ff 0a"
  - expect_hex: "01 02 ff 0a"
  - send: "NEW\n"
  - expect_regex: "ID (\\d+)\n"
    save: id
  - send: "got {{id}}\n"
  - expect_contains: "ready"
  - expect: "\n"
  - sleep: 1ms
  - send: "BYE\n"
  - expect: "bye\n"
  - expect_close: true
`, addr)
	var streamed []int
	res := Run(context.Background(), sc, Options{OnStep: func(r StepResult) { streamed = append(streamed, r.Index) }})
	checkStatuses(t, res,
		"✓ connect tcp://"+addr,
		`✓ send "hello\n"`, `✓ expect "HELLO\n"`, `✓ send_hex "01 02 ff 0a"`, `✓ expect_hex "01 02 ff 0a"`,
		`✓ send "NEW\n"`, `✓ expect_regex "ID (\\d+)\n" save id`, `✓ send "got {{id}}\n"`,
		`✓ expect_contains "ready"`, `✓ expect "\n"`, `✓ sleep 1ms`, `✓ send "BYE\n"`, `✓ expect "bye\n"`, `✓ expect_close`)
	if !res.Passed() || res.Failed() != nil {
		t.Fatal("the run did not pass")
	}
	if len(streamed) != 14 || streamed[0] != 0 || streamed[13] != 13 {
		t.Fatalf("steps reported %v; want 0 to 13 in order", streamed)
	}
}

func TestRunOverUDP(t *testing.T) {
	addr := rulesServer(t, "udp")
	res := Run(context.Background(), parseOne(t, "connect: udp://ADDR\nsteps:\n  - send: NEW\n  - expect: \"ID 41\\n\"\n  - send: hi\n  - expect: \"HI\\n\"\n", addr), Options{})
	if !res.Passed() {
		t.Fatalf("UDP run failed: %q", statuses(res))
	}
}

func TestExpectFailsAtOnceOnDifferentBytes(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\ntimeout: 1h\nsteps:\n  - send: \"hello\\n\"\n  - expect: \"HELLO\\n\"\n  - send: more\n", addr), Options{})
	checkStatuses(t, res, "✓ connect tcp://"+addr, `✓ send "hello\n"`, `✗ expect "HELLO\n"`, `- send "more"`)
	f := res.Failed().Failure
	want := `received different bytes
expected: "HELLO\n"
          48 45 4c 4c 4f 0a
received: "h`
	if !strings.HasPrefix(f.Detail(), want) || f.Diff != 0 {
		t.Fatalf("detail:\n%s\nwant it to start:\n%s", f.Detail(), want)
	}
}

func TestExpectTimesOutShowingWhatArrived(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\nsteps:\n  - send: \"hel\"\n  - expect: \"hello\"\n    timeout: 20ms\n", addr), Options{})
	f := res.Failed()
	if f == nil || f.Index != 2 {
		t.Fatalf("results %q; want step 2 to fail", statuses(res))
	}
	want := `timed out after 20ms
expected: "hello"
          68 65 6c 6c 6f
received: "hel"
          68 65 6c`
	if got := f.Failure.Detail(); got != want {
		t.Fatalf("detail:\n%s\nwant:\n%s", got, want)
	}
	j, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{`"step":2`, `"status":"failed"`, `"message":"timed out after 20ms"`, `"received_text":"hel"`, `"received_hex":"68 65 6c"`, `"ms":`} {
		if !strings.Contains(string(j), part) {
			t.Errorf("JSON %s lacks %s", j, part)
		}
	}
}

func TestRegexAndContainsFailures(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	for _, tc := range []struct{ step, expected string }{
		{`expect_regex: "ID (\\d+)"`, `a match of "ID (\\d+)"`},
		{`expect_contains: "zz"`, `"zz" anywhere`},
	} {
		res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\nsteps:\n  - send: abc\n  - "+tc.step+"\n    timeout: 10ms\n", addr), Options{})
		f := res.Failed()
		if f == nil || f.Failure.Expected != tc.expected || string(f.Failure.Received) != "abc" ||
			f.Failure.Msg != "no match in the 3 bytes that arrived; timed out after 10ms" {
			t.Errorf("%s: failure %+v; want no match in 3 bytes, expected %s and abc received", tc.step, f, tc.expected)
		}
	}
}

func TestServerClosingFailsTheExpect(t *testing.T) {
	addr := rulesServer(t, "tcp")
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\ntimeout: 1h\nsteps:\n  - send: \"BYE\\n\"\n  - expect: \"bye\\nmore\"\n", addr), Options{})
	f := res.Failed()
	if f == nil || f.Failure.Msg != "the server closed the connection" || string(f.Failure.Received) != "bye\n" {
		t.Fatalf("failure %+v", f)
	}
}

// TestNoMatchBeforeTheServerCloses: bytes arrived but did not match, and
// the headline says so rather than only that the server closed.
func TestNoMatchBeforeTheServerCloses(t *testing.T) {
	addr := rulesServer(t, "tcp")
	for _, step := range []string{`expect_contains: "ready"`, `expect_regex: "ID (\\d+)"`} {
		res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\ntimeout: 1h\nsteps:\n  - send: \"BYE\\n\"\n  - "+step+"\n", addr), Options{})
		f := res.Failed()
		want := "no match in the 4 bytes that arrived; the server closed the connection"
		if f == nil || f.Failure.Msg != want || string(f.Failure.Received) != "bye\n" {
			t.Errorf("%s: failure %+v; want %q", step, f, want)
		}
	}
}

func TestExpectCloseTimesOut(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\nsteps:\n  - expect_close: true\n    timeout: 10ms\n", addr), Options{})
	if f := res.Failed(); f == nil || f.Failure.Msg != "the connection is still open after 10ms" {
		t.Fatalf("failure %+v", f)
	}
}

func TestStopEndsTheRun(t *testing.T) {
	addr := rulesServer(t, "tcp")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sc := parseOne(t, "connect: tcp://ADDR\ntimeout: 1h\nsteps:\n  - send: \"QUIET\\n\"\n  - expect: never\n  - send: x\n", addr)
	res := Run(ctx, sc, Options{OnStep: func(r StepResult) {
		if r.Index == 1 {
			cancel() // as the app's Stop button would, while the expect waits
		}
	}})
	checkStatuses(t, res, "✓ connect tcp://"+addr, `✓ send "QUIET\n"`, `✗ expect "never"`, `- send "x"`)
	if f := res.Failed(); f.Failure.Msg != "stopped" {
		t.Fatalf("failure %q; want stopped", f.Failure.Msg)
	}
}

func TestConnectFailureSkipsEverything(t *testing.T) {
	addr := nettest.ClosedAddr(t, "tcp")
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\nsteps:\n  - send: a\n  - expect: a\n", addr), Options{})
	checkStatuses(t, res, "✗ connect tcp://"+addr, `- send "a"`, `- expect "a"`)
	if !strings.Contains(res.Steps[0].Failure.Msg, "connection refused") {
		t.Fatalf("connect failure %q", res.Steps[0].Failure.Msg)
	}
}

func TestEventsAreObserved(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	q := sockets.NewEventQueue(64)
	res := Run(context.Background(), parseOne(t, "connect: tcp://ADDR\nsteps:\n  - send: ab\n  - expect: ab\n", addr), Options{Events: q})
	if !res.Passed() {
		t.Fatalf("run failed: %q", statuses(res))
	}
	var kinds []string
	for _, e := range q.Drain(nil, 0) {
		kinds = append(kinds, e.Kind.String())
	}
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "connected sent received") {
		t.Fatalf("events %s; want connected, sent, received first", got)
	}
}

func TestLargeSendsAfterAnExpect(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	big := strings.Repeat("x", 100*1024)
	src := "connect: tcp://ADDR\ntimeout: 1m\nsteps:\n  - send: a\n  - expect: a\n" +
		strings.Repeat("  - send: '"+big+"'\n", 3) + "  - send: end\n  - expect_contains: \"xend\"\n  - sleep: 1ms\n  - send: b\n  - expect: b\n"
	res := Run(context.Background(), parseOne(t, src, addr), Options{})
	if !res.Passed() {
		t.Fatalf("run failed: %+v", res.Failed())
	}
}
