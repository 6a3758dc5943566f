package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/checksum"
)

// TestSendAppendsChecksum: --append puts the checksum after the payload on
// the wire (the echo comes back with it, exact), over TCP and UDP, and
// stderr names the bytes added. The values are the Modbus specification's
// example and the catalogue's CRC-32 check value.
func TestSendAppendsChecksum(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	for _, tc := range []struct {
		network, spec, payload string
		hex                    bool
		want, said             string
	}{
		{"tcp", "crc16-modbus", "01 03 00 0A 00 02", true, "\x01\x03\x00\x0a\x00\x02\xe4\x09", "appended crc16-modbus: e4 09\n"},
		{"udp", "crc16-modbus", "01 03 00 00 00 02", true, "\x01\x03\x00\x00\x00\x02\xc4\x0b", "appended crc16-modbus: c4 0b\n"},
		{"tcp", "crc32", "123456789", false, "123456789\xcb\xf4\x39\x26", "appended crc32: cb f4 39 26\n"},
		{"udp", "crc16-ccitt-false:le", "123456789", false, "123456789\xb1\x29", "appended crc16-ccitt-false:le: b1 29\n"},
	} {
		flags := []string{"--append", tc.spec}
		if tc.hex {
			flags = append(flags, "--hex")
		}
		r := runCLI(t, "", sendArgs(tc.network, s.addrs[tc.network], tc.payload, tc.want, flags...)...)
		if r.code != 0 || r.stdout != tc.want || !strings.HasPrefix(r.stderr, tc.said) {
			t.Errorf("%s --append %s: exit %d, stdout %q, stderr %q; want %q and %q first", tc.network, tc.spec, r.code, r.stdout, r.stderr, tc.want, tc.said)
		}
	}
}

func TestSendAppendMistakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"send", "--tcp", "127.0.0.1:9", "--append", "crc17", "x"}, "", `--append: unknown checksum "crc17"; use one of crc16-modbus, crc16-ccitt-false, crc16-xmodem, crc32, crc8, sum8, xor8, lrc, with :le or :be for the byte order if needed`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--append", "crc32:mid", "x"}, "", `--append: "mid" is not a byte order for crc32; write crc32:le (little endian) or crc32:be (big endian)`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--append", "crc8", "-"}, "hi\n", "--append needs a PAYLOAD or --packet: the bytes of stdin stream through as they come, with no end to put a checksum after"},
		{[]string{"send", "--wol", "aa:bb:cc:dd:ee:ff", "--append", "crc8"}, "", "--append does not go with --wol: a magic packet has no checksum"},
	} {
		r := runCLI(t, tc.stdin, tc.args...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "sockettester-cli: "+tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line starting %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestSendTemplateCountsRepeats: a PAYLOAD with {{counter}} is filled in
// for each send, 1, 2, 3, and --append sums each send's own bytes.
func TestSendTemplateCountsRepeats(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	r := runCLI(t, "", sendArgs("udp", s.addrs["udp"], `n={{counter}}\n`, "n=1\nn=2\nn=3\n", "--repeat", "3")...)
	if r.code != 0 || r.stdout != "n=1\nn=2\nn=3\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want n=1..3", r.code, r.stdout, r.stderr)
	}
	crc8 := func(s string) string {
		sp, err := checksum.Parse("crc8")
		if err != nil {
			t.Fatal(err)
		}
		return string(sp.Append([]byte(s)))
	}
	want := crc8("id 1") + crc8("id 2")
	r = runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], `id {{counter}}`, want, "--repeat", "2", "--append", "crc8")...)
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	r = runCLI(t, "", "send", "--udp", s.addrs["udp"], "x {{peer}}")
	if want := `sockettester-cli: invalid payload: unknown placeholder {{peer}} (want counter, time, unixtime, random:N or hex:DIGITS; write \x7b\x7b for a literal {{)`; r.code != 2 || !strings.HasPrefix(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
}

// TestServeReplyAppendsChecksum: serve --reply with --append answers with
// the reply and its checksum; --append without --reply is refused.
func TestServeReplyAppendsChecksum(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--reply", "01 03 04 00 0A 00 0B", "--hex", "--append", "crc16-modbus")
	want := "\x01\x03\x04\x00\x0a\x00\x0b\x9b\xf6"
	r := runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], "anything", want)...)
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d, stdout %q; want %q", r.code, r.stdout, want)
	}
	r = runCLI(t, "", "serve", "--tcp", "127.0.0.1:0", "--append", "crc8")
	if w := "sockettester-cli: --append goes with --reply (a rule takes append: in its file)"; r.code != 2 || !strings.HasPrefix(r.stderr, w) {
		t.Fatalf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, w)
	}
}

// TestSendAppendInJSON: with --json the sent events say which checksum
// bytes were appended, each repeat its own.
func TestSendAppendInJSON(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	r := runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], "01 03 00 0A 00 02", "\x01\x03\x00\x0a\x00\x02\xe4\x09", "--append", "crc16-modbus", "--hex", "--json")...)
	if want := `"hex":"01 03 00 0a 00 02 e4 09","appended":"crc16-modbus e4 09"}`; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want a sent event ending %s", r.code, r.stdout, r.stderr, want)
	}
	r = runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], "n{{counter}}", "n1_n2\\", "--append", "xor8", "--repeat", "2", "--json")...)
	for _, want := range []string{`"hex":"6e 31 5f","appended":"xor8 5f"}`, `"hex":"6e 32 5c","appended":"xor8 5c"}`} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("exit %d, stdout %q, stderr %q; want a sent event ending %s", r.code, r.stdout, r.stderr, want)
		}
	}
}

// TestSendPacketFillsValues: --packet fills a packet's placeholders per
// send and appends its checksum to each (echoed back exact), and a second
// checksum by --append on a packet that has one is refused.
func TestSendPacketFillsValues(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	lib := filepath.Join(t.TempDir(), "packets.yaml")
	src := "packets:\n  - name: count\n    payload: \"N{{counter}}\"\n    eol: lf\n    append: xor8\n"
	if err := os.WriteFile(lib, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "N1\nuN2\nvN3\nw" // xor8 of "N1\n" is 0x75
	args := append([]string{"send", "--tcp", s.addrs["tcp"]}, expect(want)...)
	r := runCLI(t, "", append(args, "--packets", lib, "--packet", "count", "--repeat", "3")...)
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	r = runCLI(t, "", "send", "--tcp", s.addrs["tcp"], "--packets", lib, "--packet", "count", "--append", "crc8")
	if w := `sockettester-cli: packet "count" already appends xor8: give no --append, or change its append`; r.code != 2 || !strings.HasPrefix(r.stderr, w) {
		t.Fatalf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, w)
	}
}
