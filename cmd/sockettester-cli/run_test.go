package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const examples = "../../docs/examples/"

// exampleScenarios writes docs/examples/scenario.yaml, pointed at the
// servers of s instead of 127.0.0.1:9000, to a temporary file.
func exampleScenarios(t *testing.T, s *server) string {
	t.Helper()
	src, err := os.ReadFile(examples + "scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(src), "tcp://127.0.0.1:9000", "tcp://"+s.addrs["tcp"])
	text = strings.ReplaceAll(text, "udp://127.0.0.1:9000", "udp://"+s.addrs["udp"])
	return writeTemp(t, "scenario.yaml", text)
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunExampleScenarios(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0", "--rules", examples+"rules.yaml", "--quiet")
	file := exampleScenarios(t, s)
	dir := t.TempDir()
	junit, capture := filepath.Join(dir, "report.xml"), filepath.Join(dir, "run.pcapng")
	r := runCLI(t, "", "run", "--junit", junit, "--pcap", capture, file)
	if r.code != 0 {
		t.Fatalf("run: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"upper-case echo (" + file + ")\n  ✓ connect tcp://" + s.addrs["tcp"] + " (",
		"\n  ✓ send \"hello\\n\" (", " ms)\n  ✓ expect \"HELLO\\n\" (",
		"\n  ✓ expect_regex \"ID (\\\\d+)\\n\" save id (",
		"\n  ✓ expect_close (",
		"the same rules over UDP (" + file + ")\n  ✓ connect udp://",
		"\n3 scenarios: 3 passed, 0 failed\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	report, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(report, &doc); err != nil || doc.Tests != 3 || doc.Failures != 0 || len(doc.Suites) != 1 || doc.Suites[0].Name != file {
		t.Fatalf("JUnit report (%v):\n%s", err, report)
	}
	pcap, err := os.ReadFile(capture)
	if err != nil || len(pcap) < 1000 || !bytes.HasPrefix(pcap, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		t.Fatalf("capture of %d bytes (%v); want a pcapng file with the traffic", len(pcap), err)
	}
	if !bytes.Contains(pcap, []byte("you asked for /index.html\n")) {
		t.Error("the capture lacks a reply the scenario received")
	}
}

func TestRunFailingScenario(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--quiet")
	file := writeTemp(t, "fail.yaml", "name: echo is not upper case\nconnect: tcp://"+s.addrs["tcp"]+"\nsteps:\n  - send: \"hi\\n\"\n  - expect: \"HI\\n\"\n  - send: more\n")
	r := runCLI(t, "", "run", file)
	want := "  ✗ expect \"HI\\n\" ("
	detail := " ms)\n      received different bytes\n      expected: \"HI\\n\"\n                48 49 0a\n      received: \"hi\\n\"\n                68 69 0a\n      first difference at byte 0\n  - send \"more\" (skipped)\n1 scenario: 0 passed, 1 failed\n"
	if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.HasSuffix(r.stdout, detail) {
		t.Fatalf("run: exit %d; want 1 and the failure shown\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	j := runCLI(t, "", "run", "--json", file)
	lines := strings.Split(strings.TrimSpace(j.stdout), "\n")
	if j.code != 1 || len(lines) != 4 {
		t.Fatalf("run --json: exit %d, %d lines; want 1 and 4:\n%s", j.code, len(lines), j.stdout)
	}
	var step struct {
		Step    int     `json:"step"`
		Status  string  `json:"status"`
		Text    string  `json:"text"`
		MS      float64 `json:"ms"`
		Failure struct {
			Message      string `json:"message"`
			ReceivedText string `json:"received_text"`
			ReceivedHex  string `json:"received_hex"`
		} `json:"failure"`
	}
	if err := json.Unmarshal([]byte(lines[2]), &step); err != nil || step.Step != 2 || step.Status != "failed" ||
		step.Failure.Message != "received different bytes" || step.Failure.ReceivedText != `hi\n` || step.Failure.ReceivedHex != "68 69 0a" {
		t.Fatalf("failed step's JSON %s (%v)", lines[2], err)
	}
}

func TestRunInvalidFilesExit2(t *testing.T) {
	t.Parallel()
	good := writeTemp(t, "good.yaml", "connect: tcp://"+closedPort(t)+"\nsteps: [{send: a}]\n")
	for _, tc := range []struct{ name, text, want string }{
		{"syntax", "steps:\n  - send: [\n", ":2:3: YAML syntax: did not find expected node content"},
		{"unknown key", "connect: tcp://127.0.0.1:1\nsteps:\n  - sned: x\n", `:3:5: steps[1].sned: unknown key "sned"`},
		{"bad regex", "connect: tcp://127.0.0.1:1\nsteps:\n  - expect_regex: \"(\"\n", ":3:19: steps[1].expect_regex: bad regex: missing closing )"},
		{"bad hex", "connect: tcp://127.0.0.1:1\nsteps:\n  - send_hex: \"0g\"\n", `:3:17: steps[1].send_hex: invalid hex digit "g"`},
		{"bad escape", "connect: tcp://127.0.0.1:1\nsteps:\n  - send: 'a\\q'\n", `:3:13: steps[1].send: unknown escape "\q"`},
		{"bad duration", "connect: tcp://127.0.0.1:1\nsteps:\n  - sleep: soon\n", `:3:12: steps[1].sleep: bad duration "soon"`},
		{"missing connect", "steps:\n  - send: a\n", ":1:1: connect: missing connect"},
		{"template", "connect: tcp://127.0.0.1:1\nsteps:\n  - send: \"{{id}}\"\n", `:3:12: steps[1].send: {{id}}: no earlier step saves "id"`},
		{"missing ca", "connect: tls://127.0.0.1:1\ntls: {ca: nope.pem}\nsteps:\n  - send: a\n", ":2:11: tls.ca: file "},
	} {
		bad := writeTemp(t, "bad.yaml", tc.text)
		r := runCLI(t, "", "run", good, bad)
		if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "sockettester-cli: "+bad+tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2, nothing run, and %s%s", tc.name, r.code, r.stdout, r.stderr, bad, tc.want)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	if r := runCLI(t, "", "run", missing); r.code != 2 || !strings.Contains(r.stderr, "read scenarios: open "+missing) {
		t.Errorf("missing file: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, "", "run"); r.code != 2 || !strings.Contains(r.stderr, "missing SCENARIO-FILE") {
		t.Errorf("no file: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestServeRulesFileWithAMistake(t *testing.T) {
	t.Parallel()
	bad := writeTemp(t, "rules.yaml", "rules:\n  - regex: \"^GET (\\\\S+)\"\n    reply: \"{{2}}\"\n")
	r := runCLI(t, "", "serve", "--tcp", "127.0.0.1:0", "--rules", bad)
	want := "sockettester-cli: " + bad + ":3:13: rules[1].reply: {{2}}: the regex has 1 group, so no group 2\n"
	if r.code != 2 || r.stderr != want || r.stdout != "" {
		t.Fatalf("serve: exit %d, stdout %q, stderr %q; want 2, no listening line, and\n%s", r.code, r.stdout, r.stderr, want)
	}
	for _, args := range [][]string{
		{"--mode", "rules"},
		{"--rules", examples + "rules.yaml", "--reply", "x"},
		{"--rules", examples + "rules.yaml", "--mode", "echo"},
	} {
		r := runCLI(t, "", append([]string{"serve", "--tcp", "127.0.0.1:0"}, args...)...)
		if r.code != 2 {
			t.Errorf("serve %q: exit %d, stderr %q; want 2", args, r.code, r.stderr)
		}
	}
}

func TestServeRulesAndSendPackets(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--rules", examples+"rules.yaml")
	addr := s.addrs["tcp"]
	r := runCLI(t, "", "send", "--packets", examples+"packets.yaml", "--packet", "ping", "--tcp", addr, "--max-bytes", "7", "--wait", "20s")
	if r.code != 0 || r.stdout != "PONG 1\n" {
		t.Fatalf("send --packet ping: exit %d, stdout %q, stderr %q; want PONG 1", r.code, r.stdout, r.stderr)
	}
	// Without --tcp the packet's own protocol and address apply.
	lib := writeTemp(t, "packets.yaml", "packets:\n  - name: hi\n    payload: \"hello\"\n    eol: lf\n    protocol: tcp\n    address: "+addr+"\n")
	r = runCLI(t, "", "send", "--packets", lib, "--packet", "hi", "--max-bytes", "6", "--wait", "20s")
	if r.code != 0 || r.stdout != "HELLO\n" {
		t.Fatalf("send --packet hi: exit %d, stdout %q, stderr %q; want HELLO", r.code, r.stdout, r.stderr)
	}
	_, out := s.stop()
	if !strings.Contains(out, `server rule tcp 127.0.0.1:`) || !strings.Contains(out, ` rule "PING": reply 7 B`) {
		t.Errorf("serve's log lacks the rule event:\n%s", out)
	}
}

func TestSendPacketMistakes(t *testing.T) {
	t.Parallel()
	lib := examples + "packets.yaml"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--packets", lib, "--packet", "nope", "--tcp", "9"}, `--packet: no such packet "nope" (have ping, http-get, binary hello, windows path, read-registers) in ` + lib},
		{[]string{"--packet", "ping"}, "--packet needs --packets FILE"},
		{[]string{"--packets", lib}, "--packets needs --packet NAME"},
		{[]string{"--packets", lib, "--packet", "ping", "x"}, `give PAYLOAD or --packet, not both (unexpected "x")`},
		{[]string{"--packets", lib, "--packet", "ping", "--hex"}, "--hex and --eol come from the packet"},
		{[]string{"--packets", lib, "--packet", "http-get"}, `packet "http-get" has no address: give --tcp ADDR or --udp ADDR`},
	} {
		r := runCLI(t, "", append([]string{"send"}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("send %q: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
