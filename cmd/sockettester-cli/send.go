package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
)

const sendUsage = `usage: sockettester-cli send (--tcp|--udp) ADDR [--hex] [--eol none|lf|crlf|cr]
                           [--repeat N] [--interval DUR] [--wait DUR] [--max-bytes N]
                           [--half-close | --no-half-close] [--local ADDR] [--timeout DUR] [--rcvbuf BYTES]
                           [--tls [--insecure] [--sni NAME] [--ca FILE] [--alpn LIST]
                                  [--cert FILE --key FILE] [--tls-min VERSION]]
                           [--starttls smtp|imap|pop3|ftp (with --tls's flags)]
                           [--proxy socks5://[USER:PASS@]HOST:PORT | http://[USER:PASS@]HOST:PORT]
                           [--out raw|text|hex|json | --json] PAYLOAD
       sockettester-cli send (--unix|--unixgram) PATH [FLAGS] PAYLOAD
       sockettester-cli send --packets FILE --packet NAME [(--tcp|--udp) ADDR] [FLAGS]
       sockettester-cli send --udp GROUP:PORT [--iface NAME] [--ttl N] [--loop] PAYLOAD
       sockettester-cli send --udp BROADCAST:PORT --broadcast [--iface NAME] PAYLOAD
       sockettester-cli send --wol MAC [--iface NAME] [--port 9]
       sockettester-cli send --ws ws://HOST:PORT/PATH [--header 'Name: value' ...] [--origin URL]
                           [--subprotocol LIST] [--binary] [FLAGS] PAYLOAD

Connect to ADDR, send PAYLOAD (--repeat times), print what comes back while
sending, and stop once --wait passes after the last send with nothing new
arriving, when --max-bytes have arrived, or when the server closes the
connection. Then a summary goes to stderr, like ping's: sends, replies, lost
(sends that got no reply) and the reply times (min/avg/p50/p99/max).

PAYLOAD is text with escapes \n \r \t \0 \\ \" \xHH, or hex digits with --hex
("48 69 0a", "48:69", "0x4869"). A PAYLOAD of "-" streams stdin over TCP as
it arrives, each read one send, so it works line by line like 'ncat HOST PORT'
(with --hex, one line of hex digits at a time). At the end of stdin (Ctrl-D
on a terminal) it sends end of stream and waits for the replies, unless
--no-half-close. Over UDP, and with --repeat, stdin is read whole first and
sent as one payload. Use -- before a payload
that starts with '-'.

ADDR is host:port ("127.0.0.1:9000", "[::1]:9000", "localhost:9000"), or a
bare port ("9000") or ":9000" for 127.0.0.1.

Flags:
  --tcp ADDR        connect over TCP
  --udp ADDR        send UDP datagrams (one per send; an empty one counts as a
                    reply; at most 65,507 bytes over IPv4, 65,527 over IPv6)
  --unix PATH       connect to the Unix stream socket at PATH (as --tcp)
  --unixgram PATH   send datagrams to the Unix datagram socket at PATH; to
                    get replies this client binds a path of its own, --local
                    PATH or else a new one in the temporary directory, and
                    removes it at the end (not on Windows)
  --hex             PAYLOAD is hex digits
  --eol EOL         append a line ending: none (default), lf, crlf or cr
                    (after the last byte of stdin when streaming)
  --repeat N        send the payload N times (default 1)
  --interval DUR    pause between repeats (default 0: back to back, e.g. 100ms)
  --wait DUR        after the last send, wait until nothing arrives for DUR
                    (default 2s); 0 sends without waiting for a reply
  --max-bytes N     stop as soon as N bytes have arrived, printing no more
                    than N (default 0: no limit); repeats not yet sent are
                    skipped
  --half-close      after the last send, send end of stream (TCP FIN; over TLS
                    a close_notify first) and keep reading: for servers that
                    answer at end of input. A PAYLOAD of - does this at the
                    end of stdin (Ctrl-D on a terminal), as ncat does
  --no-half-close   keep the stream open at the end of stdin and stop only
                    when --wait passes with nothing new (the old behaviour)
  --local ADDR      bind the client to ADDR (e.g. 127.0.0.1:5000; port 0 picks
                    one)
  --timeout DUR     give up connecting (TLS handshake included) after DUR, or a
                    send that makes no progress for DUR (default 5s); a long
                    send to a slow reader goes on while it makes progress
  --tls             speak TLS; the server's certificate is verified against
                    the system's roots, with ADDR's host as the server name
  --insecure        skip verifying the server's certificate (with --tls)
  --sni NAME        server name to send and verify (default: ADDR's host)
  --ca FILE         trust the PEM certificates in FILE instead of the system's
                    (serve --tls --save-cert FILE writes ours)
  --alpn LIST       offer these application protocols, e.g. h2,http/1.1
  --cert FILE       client certificate (PEM) for servers that ask for one
  --key FILE        its private key (PEM)
  --tls-min VERSION lowest TLS version to accept: 1.0, 1.1, 1.2 (default), 1.3
  --starttls PROTO  connect in plain text, speak PROTO's lines up to its
                    STARTTLS (smtp: EHLO, STARTTLS; imap: a1 STARTTLS; pop3:
                    STLS; ftp: AUTH TLS), printed on stderr, then TLS as --tls
                    does (--ca, --insecure, --sni, --cert apply); PAYLOAD
                    goes over TLS
  --proxy URL       connect through a proxy (with --tcp, --tls, --starttls or
                    --ws): socks5://HOST:PORT (the proxy resolves ADDR's
                    name) or http://HOST:PORT (HTTP CONNECT); USER:PASS@
                    before HOST logs in. ADDR is then as the proxy sees it
  --out FORMAT      how replies are printed on stdout:
                      raw   the exact bytes received (default)
                      text  one line per read, escaped like PAYLOAD
                      hex   one line per read, as hex pairs
                      json  one JSON line per event (connected, tls, sent,
                            received, half-closed, disconnected, error, and a
                            last summary event)
  --json            the same as --out json
  --rcvbuf BYTES    UDP: the socket's receive buffer (SO_RCVBUF), 1 to 67108864;
                    with --json, a dropped-by-system line counts the replies
                    the system dropped while it was full (Linux)
  --packets FILE    a packet library (see the README, "Packets")
  --packet NAME     send the packet NAME of --packets instead of PAYLOAD: its
                    payload, format and line ending, and its protocol and
                    address unless --tcp or --udp is given
  --append NAME     add a checksum after the payload (and after each repeat):
                    crc16-modbus, crc16-ccitt-false, crc16-xmodem, crc32,
                    crc8, sum8, xor8 or lrc; NAME:le or NAME:be for the byte
                    order (default: Modbus low byte first, the others high
                    byte first). stderr says which bytes were added
  --iface NAME      the interface a multicast or broadcast datagram leaves by
                    (e.g. eth0; sockettester-cli ifaces lists them)
  --ttl N           a multicast datagram's TTL (IPv6: hop limit), 1 to 255;
                    default the system's, 1: this link only
  --loop            let this machine's own members of the group receive what
                    is sent (multicast loopback; off by default)
  --broadcast       allow sending to a broadcast address: 255.255.255.255
                    (with --iface) or an interface's directed broadcast, e.g.
                    192.0.2.255; without it such a target is refused
  --wol MAC         send a Wake-on-LAN magic packet for MAC (aa:bb:cc:dd:ee:ff,
                    aa-bb-..., aabb.ccdd.eeff): 6 x 0xFF and 16 x the MAC, to
                    the directed broadcast of --iface (or 255.255.255.255),
                    port --port; no PAYLOAD, --wait 0 unless given
  --port N          the port of --wol (default 9; some devices use 7)
  --ws URL          send WebSocket messages to URL (ws://HOST:PORT/PATH, or
                    wss://... for TLS, which takes --ca, --insecure, --sni,
                    --cert and --key); each --repeat is one message and each
                    message back is one reply
  --header H        a request header for the WebSocket handshake, 'Name: value'
                    (repeat for more)
  --origin URL      the Origin header of the handshake
  --subprotocol LIST offer these subprotocols (e.g. chat,superchat)
  --binary          send binary messages (default: text)
  -h, --help        show this help

To a multicast group (224.0.0.0/4, ff00::/8) the datagrams leave by --iface
with --ttl; members answer by unicast and their answers are printed as
usual. Receive with serve --udp 0.0.0.0:PORT --join GROUP --iface NAME.

Exit status: 0 when a reply came (or with --wait 0, once sent); 1 when the
connection failed, was refused or reset, the TLS handshake failed (the reason
and what to do about it are on stderr), or no reply came within --wait; 2 for
a command-line mistake (a --ca, --cert or --key file that cannot be read,
too).

Examples:
  sockettester-cli send --tcp 127.0.0.1:9000 'hello\n'
  sockettester-cli send --udp [::1]:9000 --hex 'de ad be ef' --out hex
  printf 'GET / HTTP/1.0\r\n\r\n' | sockettester-cli send --tcp localhost:8080 -
  sockettester-cli send --tcp example.com:443 --tls --alpn http/1.1 --half-close 'GET / HTTP/1.0\r\n\r\n'
  sockettester-cli send --tcp 127.0.0.1:9443 --tls --ca server.pem - < big.bin > back.bin
  sockettester-cli send --packets docs/examples/packets.yaml --packet ping --tcp 9000
  sockettester-cli send --udp 239.1.2.3:5000 --iface eth0 --ttl 2 'hello room\n'
  sockettester-cli send --udp 255.255.255.255:5000 --broadcast --iface eth0 'anyone?\n'
  sockettester-cli send --wol aa:bb:cc:dd:ee:ff --iface eth0
  sockettester-cli send --ws ws://127.0.0.1:8080/chat --subprotocol chat 'hello'
  sockettester-cli send --ws wss://127.0.0.1:8443/ --ca server.pem --binary --hex '00 01 02'
`

// maxStdinPayload bounds a payload read whole from stdin.
const maxStdinPayload = 64 << 20

// sendOptions are the send command's flags and payload.
type sendOptions struct {
	network, addr string
	payload       []byte
	next          func() []byte  // each send's bytes, when PAYLOAD is a template ({{counter}}); nil: payload each time
	sum           *checksum.Spec // --append: the checksum after each send's bytes; nil: none
	stream        *stdinStream   // stdin streamed over TCP, instead of payload
	repeat        int
	interval      time.Duration
	wait          time.Duration
	timeout       time.Duration
	maxBytes      int
	halfClose     bool // end the stream after the last send
	noHalfClose   bool // --no-half-close: keep it open even at the end of stdin
	local         string
	tls           *sockets.ClientTLS
	starttls      string
	proxy         string // --proxy: "" direct
	out           string
	group         *groupSendFlags
	ws            *wsSendFlags // --ws: a WebSocket URL instead of --tcp/--udp
	rcvBuf        int          // --rcvbuf: a UDP socket's receive buffer; 0: the system's
}

// parseSend reads send's command line, including the payload.
func parseSend(args []string, std stdio) (sendOptions, error) {
	o := sendOptions{}
	fs := newFlagSet("send")
	tcp := fs.String("tcp", "", "")
	udp := fs.String("udp", "", "")
	unixPath := fs.String("unix", "", "")
	unixgram := fs.String("unixgram", "", "")
	hex := fs.Bool("hex", false, "")
	eol := payload.EOLNone
	fs.TextVar(&eol, "eol", payload.EOLNone, "")
	fs.IntVar(&o.repeat, "repeat", 1, "")
	fs.DurationVar(&o.interval, "interval", 0, "")
	fs.DurationVar(&o.wait, "wait", 2*time.Second, "")
	fs.DurationVar(&o.timeout, "timeout", sockets.DefaultDialTimeout, "")
	fs.IntVar(&o.maxBytes, "max-bytes", 0, "")
	fs.BoolVar(&o.halfClose, "half-close", false, "")
	fs.BoolVar(&o.noHalfClose, "no-half-close", false, "")
	fs.StringVar(&o.local, "local", "", "")
	tlsFlags := addClientTLSFlags(fs, "tls", "")
	fs.StringVar(&o.starttls, "starttls", "", "")
	fs.StringVar(&o.proxy, "proxy", "", "")
	fs.StringVar(&o.out, "out", "raw", "")
	asJSON := fs.Bool("json", false, "")
	packetsFile := fs.String("packets", "", "")
	packetName := fs.String("packet", "", "")
	o.group = addGroupSendFlags(fs)
	o.ws = addWSSendFlags(fs)
	appendSum := addAppendFlag(fs)
	rcvBuf := fs.String("rcvbuf", "", "")
	rest, err := parseFlags(fs, args, sendUsage, std)
	if err != nil {
		return o, err
	}
	magic, err := o.group.wake(fs, rest)
	if err != nil {
		return o, err
	}
	pk, err := sendPacket(fs, *packetsFile, *packetName, rest)
	if err != nil {
		return o, err
	}

	if err := o.ws.check(fs, tlsFlags); err != nil {
		return o, err
	}
	switch tcpSet, udpSet := flagWasSet(fs, "tcp"), flagWasSet(fs, "udp"); {
	case flagWasSet(fs, "ws"):
		o.network, o.addr = sockets.NetworkWS, ""
	case tcpSet && udpSet:
		return o, usageErrorf("send", "give --tcp or --udp, not both")
	case countSet(fs, "tcp", "udp", "unix", "unixgram") > 1:
		return o, usageErrorf("send", "give one of --tcp, --udp, --unix or --unixgram, not several")
	case flagWasSet(fs, "unix") || flagWasSet(fs, "unixgram"):
		if o.network, o.addr = "unix", *unixPath; flagWasSet(fs, "unixgram") {
			o.network, o.addr = "unixgram", *unixgram
		}
		if o.addr == "" {
			return o, usageErrorf("send", "missing path after --%s (e.g. /tmp/app.sock)", o.network)
		}
	case tcpSet:
		o.network, o.addr = "tcp", *tcp
	case udpSet:
		o.network, o.addr = "udp", *udp
	case pk != nil && pk.Addr != "":
		o.network, o.addr = pk.Network, pk.Addr
	case pk != nil:
		return o, usageErrorf("send", "packet %q has no address: give --tcp ADDR or --udp ADDR", pk.Name)
	default:
		return o, usageErrorf("send", "missing --tcp ADDR or --udp ADDR (e.g. --tcp 127.0.0.1:9000)")
	}
	if o.network == sockets.NetworkWS {
		// The URL was checked with the other WebSocket flags.
	} else if !addr.IsUnix(o.network) {
		if o.addr, err = addr.ParseDial(o.addr); err != nil {
			return o, usageErrorf("send", "%v", err)
		}
	}
	if err := o.group.check(fs, o.network, o.addr); err != nil {
		return o, err
	}
	if o.rcvBuf, err = parseRcvBuf(fs, "send", *rcvBuf, addr.IsUDP(o.network)); err != nil {
		return o, err
	}
	switch {
	case o.repeat < 1:
		return o, usageErrorf("send", "--repeat must be at least 1, not %d", o.repeat)
	case o.interval < 0:
		return o, usageErrorf("send", "--interval must not be negative")
	case o.wait < 0:
		return o, usageErrorf("send", "--wait must not be negative")
	case o.timeout <= 0:
		return o, usageErrorf("send", "--timeout must be positive")
	case o.maxBytes < 0:
		return o, usageErrorf("send", "--max-bytes must not be negative")
	case o.halfClose && addr.IsDatagram(o.network):
		return o, usageErrorf("send", "--half-close needs --tcp or --unix: datagrams have no stream to end")
	case o.halfClose && o.noHalfClose:
		return o, usageErrorf("send", "give --half-close or --no-half-close, not both (--no-half-close keeps the stream open at the end of stdin)")
	}
	// Like ncat: the end of stdin is the end of the stream, so a server
	// that answers at end of input is heard.
	if len(rest) == 1 && rest[0] == "-" && pk == nil && addr.IsStream(o.network) && !o.noHalfClose {
		o.halfClose = true
	}
	if o.local != "" && o.network == "unix" {
		return o, usageErrorf("send", "--local needs --unixgram, --tcp or --udp: a Unix stream client needs no path of its own")
	}
	if o.local != "" && !addr.IsUnix(o.network) {
		if o.local, err = addr.ParseListen(o.local); err != nil {
			return o, usageErrorf("send", "--local: %v", err)
		}
	}
	if err := starttlsFlag(fs, tlsFlags, o.starttls, o.network); err != nil {
		return o, err
	}
	if err := proxyFlag(fs, o.proxy, o.network); err != nil {
		return o, err
	}
	if o.network == sockets.NetworkWS {
		o.tls = nil // the WebSocket flags took them
	} else if o.tls, err = tlsFlags.settings(fs, "send"); err != nil {
		return o, err
	}
	if o.tls != nil && addr.IsDatagram(o.network) {
		return o, usageErrorf("send", "--tls needs --tcp (DTLS over UDP is not supported)")
	}
	if *asJSON {
		if flagWasSet(fs, "out") && o.out != "json" {
			return o, usageErrorf("send", "--json conflicts with --out %s", o.out)
		}
		o.out = "json"
	}
	switch o.out {
	case "raw", "text", "hex", "json":
	default:
		return o, usageErrorf("send", "unknown --out %q (want raw, text, hex or json)", o.out)
	}

	switch {
	case magic != nil:
		o.payload = magic
	case pk != nil:
		o.payload = pk.bytes
	case len(rest) == 0:
		return o, usageErrorf("send", "missing PAYLOAD (e.g. 'hello\\n', or - to read stdin)")
	case len(rest) > 1:
		return o, usageErrorf("send", "too many arguments, want one PAYLOAD: %q (quote a payload that has spaces)", rest)
	case rest[0] == "-" && addr.IsStream(o.network) && o.repeat == 1:
		if _, err := appendSum.apply(fs, nil, true, std.err); err != nil {
			return o, err
		}
		o.stream = newStdinStream(std.in, *hex, eol)
		return o, nil
	default:
		if o.payload, err = readPayload(rest[0], *hex, eol, std.in); err != nil {
			return o, err
		}
	}
	var first []byte
	if pk != nil {
		o.next, o.sum, o.payload, first, err = pk.sends(fs, appendSum, std.err)
	} else {
		o.next, o.sum, first, err = sendTemplate(rest, *hex, eol, appendSum, fs)
	}
	if err != nil {
		return o, err
	}
	if o.next == nil && pk == nil {
		if o.sum, err = appendSum.apply(fs, o.payload, false, std.err); err != nil {
			return o, err
		}
		first = o.nextSend()()
	}
	if o.network == "udp" {
		// A name may resolve to either family: only the larger, IPv6,
		// limit is sure to be exceeded; Send checks the rest.
		limit := addr.MaxUDPPayloadIPv6
		if host, _, _ := net.SplitHostPort(o.addr); net.ParseIP(host) != nil {
			limit = addr.MaxUDPPayload(o.addr)
		}
		if len(first) > limit {
			return o, usageErrorf("send", "payload of %d bytes is too big for one UDP datagram to %s (at most %d)", len(first), o.addr, limit)
		}
	}
	return o, nil
}

// readPayload parses the PAYLOAD argument, or reads stdin for "-".
func readPayload(arg string, hex bool, eol payload.LineEnding, stdin io.Reader) ([]byte, error) {
	f := payload.FormatText
	if hex {
		f = payload.FormatHex
	}
	what := "payload"
	if arg == "-" {
		what = "payload on stdin"
		b, err := io.ReadAll(io.LimitReader(stdin, maxStdinPayload+1))
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		if len(b) > maxStdinPayload {
			return nil, usageErrorf("send", "payload on stdin is over %d MiB", maxStdinPayload>>20)
		}
		arg = string(b)
		if !hex {
			f = payload.FormatPlain
		}
	}
	p, err := payload.Parse(arg, f, eol)
	if err != nil {
		if hex {
			return nil, usageErrorf("send", "invalid hex %s: %v", what, err)
		}
		return nil, usageErrorf("send", "invalid %s: %v", what, err)
	}
	return p, nil
}

// runSend sends the payload and prints the replies.
func runSend(ctx context.Context, args []string, std stdio) error {
	o, err := parseSend(args, std)
	if err != nil {
		return helpOK(err)
	}
	if o.network == sockets.NetworkWS {
		return runSendWS(ctx, o, std)
	}
	ctx, stop := interruptible(ctx)
	defer stop()

	out := &replyWriter{w: std.out, format: o.out}
	sink := newReplySink(out, o.maxBytes)
	events := sockets.NewEventQueue(4096)
	capture := 1 // events only signal errors unless they are the output
	if o.out == "json" {
		capture = 64 * 1024
	}
	cfg := sockets.ClientConfig{
		Network: o.network, Addr: o.addr, LocalAddr: o.local, Timeout: o.timeout, TLS: o.tls, StartTLS: o.starttls,
		Proxy: o.proxy, Events: events, CaptureBytes: capture, OnData: sink.onData, RcvBuf: o.rcvBuf,
	}
	o.group.config(&cfg)
	c, err := sockets.Dial(ctx, cfg)
	if err != nil {
		out.events(events)
		if ctx.Err() != nil {
			return errors.New("interrupted")
		}
		return tlsHint(err)
	}
	if info := c.TLS(); info != nil && o.out != "json" {
		printPlainTalk(std.err, c)
		fmt.Fprintf(std.err, "--- %s\n", info.Summary())
	}

	s := &sendSession{c: c, o: o, out: out, events: events, sink: sink}
	runErr := s.run(ctx)
	c.Close()
	s.awaitSends() // Close ends a send in progress
	out.events(events)
	if o.wait > 0 {
		// Like ping, sum up even when nothing came back.
		if o.out == "json" {
			out.event(c.SummaryEvent())
		} else {
			fmt.Fprintf(std.err, "--- %s %s: %s\n", o.addr, o.network, c.Replies())
		}
	}
	if err := out.failed(); err != nil && runErr == nil {
		runErr = fmt.Errorf("write output: %w", err)
	}
	return tlsHint(runErr)
}
