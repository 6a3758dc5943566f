package scenario

import (
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/yamlfile"
)

const issueSteps = `name: upper-case echo
connect: tcp://127.0.0.1:9000     # tcp://, udp://, tls://host:port
timeout: 2s                       # how long each expect waits by default
steps:
  - send: "hello\n"               # text with escapes
  - expect: "HELLO\n"             # exact bytes
  - send_hex: "01 02 ff"
  - expect_hex: "01 02 ff"
  - expect_regex: "ID (\\d+)\n"
    save: id                      # group 1 -> {{id}} in later steps
  - send: "got {{id}}\n"
  - expect_contains: "ready"
    timeout: 500ms
  - sleep: 100ms
  - expect_close: true
---
connect: udp://[::1]:9001
steps:
  - send: ping
`

func TestParse(t *testing.T) {
	scs, err := Parse("s.yaml", []byte(issueSteps))
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 2 {
		t.Fatalf("%d scenarios; want 2", len(scs))
	}
	sc := scs[0]
	if sc.Name != "upper-case echo" || sc.URL() != "tcp://127.0.0.1:9000" || sc.Timeout != 2*time.Second || sc.Line != 1 || sc.File != "s.yaml" {
		t.Fatalf("scenario %+v", sc)
	}
	want := []struct {
		kind    StepKind
		text    string
		line    int
		timeout time.Duration
	}{
		{StepSend, `send "hello\n"`, 5, 2 * time.Second},
		{StepExpect, `expect "HELLO\n"`, 6, 2 * time.Second},
		{StepSendHex, `send_hex "01 02 ff"`, 7, 2 * time.Second},
		{StepExpectHex, `expect_hex "01 02 ff"`, 8, 2 * time.Second},
		{StepExpectRegex, `expect_regex "ID (\\d+)\n" save id`, 9, 2 * time.Second},
		{StepSend, `send "got {{id}}\n"`, 11, 2 * time.Second},
		{StepExpectContains, `expect_contains "ready"`, 12, 500 * time.Millisecond},
		{StepSleep, `sleep 100ms`, 14, 2 * time.Second},
		{StepExpectClose, `expect_close`, 15, 2 * time.Second},
	}
	if len(sc.Steps) != len(want) {
		t.Fatalf("%d steps; want %d", len(sc.Steps), len(want))
	}
	for i, w := range want {
		st := sc.Steps[i]
		if st.Kind != w.kind || st.Text != w.text || st.Line != w.line || st.Timeout != w.timeout {
			t.Errorf("step %d = %v %q line %d timeout %v; want %v %q line %d timeout %v",
				i+1, st.Kind, st.Text, st.Line, st.Timeout, w.kind, w.text, w.line, w.timeout)
		}
	}
	if b, ok := sc.Steps[2].payload.Static(); !ok || string(b) != "\x01\x02\xff" {
		t.Errorf("send_hex bytes %q", b)
	}
	if sc.Steps[4].Save != "id" || sc.Steps[4].re.String() != "ID (\\d+)\n" {
		t.Errorf("regex step %+v", sc.Steps[4])
	}
	if u := scs[1]; u.Name != "scenario 2" || u.URL() != "udp://[::1]:9001" || u.Timeout != DefaultTimeout {
		t.Errorf("second scenario %+v", u)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "connect: tcp://127.0.0.1:1\nsteps:\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"YAML syntax", head + "  - send: [\n", `s.yaml:3:3: YAML syntax: did not find expected node content`},
		{"unknown key", head + "  - sned: x\n", `s.yaml:3:5: steps[1].sned: unknown key "sned" (want send, send_hex, expect, expect_hex, expect_regex, expect_contains, sleep, half_close, expect_close, starttls, save or timeout); did you mean "send"?`},
		{"unknown top key", "conect: tcp://127.0.0.1:1\n", `s.yaml:1:1: conect: unknown key "conect" (want name, connect, proxy, tls, timeout or steps); did you mean "connect"?`},
		{"bad regex", head + "  - expect_regex: \"a[\"\n", "s.yaml:3:19: steps[1].expect_regex: bad regex: missing closing ]: `[`"},
		{"bad hex", head + "  - send_hex: \"01 zz\"\n", `s.yaml:3:19: steps[1].send_hex: invalid hex digit "z"`},
		{"bad escape", head + "  - send: \"ab\\u00e9\"\n", `s.yaml:3:14: steps[1].send: unknown escape "\u" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad duration", head + "  - sleep: 1 second\n", `s.yaml:3:12: steps[1].sleep: bad duration "1 second" (want e.g. 500ms, 2s or 1m30s)`},
		{"bad scenario timeout", "connect: tcp://127.0.0.1:1\ntimeout: 5\nsteps: [{send: x}]\n", `s.yaml:2:10: timeout: duration "5" needs a unit, e.g. 5ms or 5s`},
		{"missing connect", "name: x\nsteps:\n  - send: a\n", `s.yaml:1:1: connect: missing connect: where to connect, e.g. connect: tcp://127.0.0.1:9000`},
		{"missing connect in second", "connect: udp://127.0.0.1:1\nsteps: [{send: a}]\n---\nname: b\nsteps: [{send: a}]\n", `s.yaml:4:1: connect: missing connect: where to connect, e.g. connect: tcp://127.0.0.1:9000`},
		{"template naming nothing saved", head + "  - send: \"id {{id}}\"\n", `s.yaml:3:15: steps[1].send: {{id}}: no earlier step saves "id" (save: id after an expect_regex)`},
		{"save without a group", head + "  - expect_regex: \"ID \\\\d+\"\n    save: id\n", `s.yaml:4:11: steps[1].save: save keeps the regex's group 1, and it has no group: put ( ) around the part to save`},
		{"save on the wrong step", head + "  - expect: x\n    save: id\n", `s.yaml:4:5: steps[1].save: save goes with expect_regex, whose group 1 it saves`},
		{"bad connect scheme", "connect: http://127.0.0.1:1\nsteps: [{send: a}]\n", `s.yaml:1:10: connect: want tcp://, udp://, tls://, ws:// or wss:// and host:port, e.g. tcp://127.0.0.1:9000, or unix:// or unixgram:// and a path, e.g. unix:///tmp/app.sock, not "http://127.0.0.1:1"`},
		{"bad connect port", "connect: tcp://127.0.0.1:0\nsteps: [{send: a}]\n", `s.yaml:1:10: connect: port 0 in "127.0.0.1:0" cannot be connected to (want a number from 1 to 65535)`},
		{"two actions", head + "  - send: a\n    expect: a\n", `s.yaml:4:5: steps[1].expect: one thing per step: send and expect go in two steps`},
		{"no action", head + "  - timeout: 1s\n", `s.yaml:3:5: steps[1]: the step does nothing: give one of send, send_hex, expect, expect_hex, expect_regex, expect_contains, sleep, half_close, expect_close, starttls`},
		{"no steps", "connect: tcp://127.0.0.1:1\n", `s.yaml:1:1: steps: missing steps: want a list, e.g. steps: [{send: "hi\n"}, {expect: "hi\n"}]`},
		{"expect_close over UDP", "connect: udp://127.0.0.1:1\nsteps:\n  - expect_close: true\n", `s.yaml:3:5: steps[1].expect_close: expect_close needs a TCP or TLS connection; UDP has none to close`},
		{"tls settings on tcp", "connect: tcp://127.0.0.1:1\ntls: {insecure: true}\nsteps: [{send: a}]\n", `s.yaml:2:1: tls: tls settings need connect: tls://host:port or wss://host:port/path, or a starttls step on tcp://`},
		{"unknown tls key", "connect: tls://127.0.0.1:1\ntls: {insecur: true}\nsteps: [{send: a}]\n", `s.yaml:2:7: tls.insecur: unknown key "insecur" (want insecure, sni, ca, alpn, cert or key); did you mean "insecure"?`},
		{"timeout on send", head + "  - send: a\n    timeout: 1s\n", `s.yaml:4:5: steps[1].timeout: timeout goes with expect steps`},
		{"empty file", "# nothing\n", `s.yaml:1:1: no scenario in the file: want name, connect and steps`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Parse = %v\nwant          %s", err, tc.want)
			}
			if _, ok := yamlfile.Position(err); !ok {
				t.Fatalf("error %T has no position", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(issueSteps)
	f.Add("connect: udp://127.0.0.1:1\nsteps:\n  - send_hex: 0102\n  - expect_contains: 'a\\x00'\n")
	f.Fuzz(func(t *testing.T, src string) {
		scs, err := Parse("f", []byte(src))
		if err != nil {
			if e, ok := yamlfile.Position(err); !ok || e.Line < 1 {
				t.Fatalf("error %v is not placed", err)
			}
			return
		}
		for _, sc := range scs {
			if sc.Addr == "" || len(sc.Steps) == 0 {
				t.Fatalf("scenario %+v parsed without an address or steps", sc)
			}
		}
	})
}
