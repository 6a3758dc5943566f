// Package scenario reads and runs send/expect scenarios: a connection, then
// steps that send bytes and expect bytes back. One YAML document is one
// scenario:
//
//	name: upper-case echo
//	connect: tcp://127.0.0.1:9000     # tcp://, udp://, tls://host:port; unix:///path, unixgram:///path
//	timeout: 2s                       # how long each expect waits by default (5s)
//	steps:
//	  - send: "hello\n"               # text with the client's escapes
//	  - expect: "HELLO\n"             # exactly these bytes next
//	  - send_hex: "01 02 ff"
//	  - expect_hex: "01 02 ff"
//	  - expect_regex: "ID (\\d+)\n"
//	    save: id                      # group 1 -> {{id}} in later steps
//	  - send: "got {{id}}\n"
//	  - expect_contains: "ready"
//	  - sleep: 100ms
//	  - expect_close: true
//
// On tcp://, a step "starttls: smtp" (imap, pop3, ftp) upgrades the running
// exchange to TLS with the tls: settings, after its greeting was expected.
//
// An expect step consumes received bytes up to and including its match: expect
// and expect_hex want their bytes first, expect_contains and expect_regex
// anywhere. A step not met within its timeout fails, showing what arrived, and
// the rest are skipped.
package scenario

import (
	"regexp"
	"time"

	"github.com/sockettester/sockettester/sockets/tmpl"
)

// DefaultTimeout bounds an expect, connect or send when the scenario does not
// say.
const DefaultTimeout = 5 * time.Second

// StepKind is what a step does.
type StepKind int

// Steps, named by their keys in the file.
const (
	StepSend           StepKind = iota // send: text with escapes and {{saved}} values
	StepSendHex                        // send_hex: hex digits
	StepExpect                         // expect: exactly these bytes next
	StepExpectHex                      // expect_hex: exactly these bytes next, as hex digits
	StepExpectRegex                    // expect_regex: a match of the regular expression (Go syntax)
	StepExpectContains                 // expect_contains: these bytes, anywhere
	StepSleep                          // sleep: wait this long
	StepHalfClose                      // half_close: end the sending direction (TCP)
	StepExpectClose                    // expect_close: the server closes the connection
	StepStartTLS                       // starttls: upgrade the running exchange to TLS (smtp, imap, pop3, ftp)
)

var stepKeys = []string{
	StepSend: "send", StepSendHex: "send_hex", StepExpect: "expect", StepExpectHex: "expect_hex",
	StepExpectRegex: "expect_regex", StepExpectContains: "expect_contains", StepSleep: "sleep",
	StepHalfClose: "half_close", StepExpectClose: "expect_close", StepStartTLS: "starttls",
}

// String returns the step's key in the file, e.g. "expect_regex".
func (k StepKind) String() string { return stepKeys[k] }

func (k StepKind) expects() bool {
	return k >= StepExpect && k <= StepExpectContains || k == StepExpectClose
}

// Scenario is one parsed scenario.
type Scenario struct {
	Name    string        // from name:, or "scenario N" (N counting the file's documents)
	File    string        // the file it came from
	Line    int           // where its document starts
	Network string        // "tcp", "udp", "tls", "ws", "wss", "unix" or "unixgram"
	Addr    string        // host:port to connect to; a socket path for unix and unixgram
	Path    string        // ws and wss: the path and query, "/" at least
	TLS     *TLS          // tls: settings; nil when not given
	Proxy   string        // proxy: the SOCKS5 or HTTP proxy the connect goes through; "": direct
	Timeout time.Duration // how long an expect, the connect and each send may take
	Steps   []Step
}

// URL returns where the scenario connects, as written: "tcp://127.0.0.1:9000".
func (sc *Scenario) URL() string { return sc.Network + "://" + sc.Addr + sc.Path }

// TLS is a scenario's tls: settings (insecure, sni, ca, alpn, cert, key).
type TLS struct {
	Insecure bool // skip verification
	SNI      string
	CA       string // PEM file of certificates to trust
	ALPN     []string
	Cert     string // PEM client certificate
	Key      string // PEM key of Cert
}

// Step is one parsed step.
type Step struct {
	Kind    StepKind
	Text    string        // the step as written, for reports: `expect "HELLO\n"`
	Line    int           // where it is in the file
	Column  int           //
	Timeout time.Duration // for an expect, how long it waits
	Sleep   time.Duration // for sleep
	Save    string        // for expect_regex: the name its group 1 is saved as, or ""

	arg     string         // the step's payload or regex as written, quoted
	payload tmpl.Template  // send, expect and expect_contains (with {{saved}} values); hex steps' bytes
	re      *regexp.Regexp // expect_regex
}
