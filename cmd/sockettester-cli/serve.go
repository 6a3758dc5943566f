package main

import (
	"bufio"
	"context"
	"fmt"
	"net"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

const serveUsage = `usage: sockettester-cli serve [--tcp ADDR] [--udp ADDR] [--unix PATH] [--unixgram PATH] [--ws ADDR]
                            [--mode echo|reply|silent|rules|chat]
                            [--reply PAYLOAD [--hex] [--append NAME]] [--rules FILE] [--max-clients N]
                            [--json | --quiet]
                            [--join GROUP ... [--iface NAME] [--source ADDR]] [--rcvbuf BYTES]
                            [--tls [--cert FILE --key FILE] [--save-cert FILE] [--name NAME]
                                   [--request-cert] [--client-ca FILE] [--alpn LIST]]

Run a TCP and/or a UDP server until interrupted (Ctrl-C or SIGTERM), then stop
cleanly and exit 0.

The first lines name the bound addresses, one per server, e.g.
  listening tcp 127.0.0.1:43123
(with --tls followed by "tls sha256 FINGERPRINT" of the certificate)
(with --json: {"time":...,"side":"server","kind":"listening","network":"tcp",
"local":"127.0.0.1:43123","message":"mode echo"}). Then one line per event:
time, side, kind, network, peer, size and content; the schema is in the README.
A peer that sends end of stream (half-close) is logged; in echo mode the server
echoes everything, then ends its own side too.

ADDR is host:port ("127.0.0.1:9000", "[::1]:9000"), ":port" for every
network interface, or a bare port for 127.0.0.1 only. Port 0 picks a free port.

Flags:
  --tcp ADDR         serve TCP on ADDR
  --udp ADDR         serve UDP on ADDR (both flags may be given at once)
  --unix PATH        serve a Unix stream socket at PATH (removed on stop; a
                     stale socket nobody listens on is replaced, saying so; a
                     file that is not a socket is refused). Clients bound to
                     no path are shown as unnamed-1, unnamed-2, ...
  --unixgram PATH    serve a Unix datagram socket at PATH; a sender bound to
                     no path is heard but cannot be answered (not on Windows)
  --ws ADDR          serve WebSocket on ADDR, any path (ws://ADDR/...; with
                     --tls wss://ADDR/...): each message is one event with its
                     opcode, answered by --mode (echo keeps text or binary);
                     any Origin and the client's first subprotocol are taken
  --mode MODE        echo: send back what arrives (default);
                     reply: answer every message with --reply;
                     silent: answer nothing ("sink" works too);
                     rules: answer by --rules FILE;
                     chat: pass each message to every other client (TCP) or
                     every other address heard from (UDP), none back to the
                     sender; a client that does not read is disconnected
  --chat-prefix      in chat mode, put the sender's address in front of each
                     message: "[127.0.0.1:50412] hi"
  --reply PAYLOAD    the answer in reply mode (implies --mode reply); text with
                     escapes \n \r \t \0 \\ \xHH, or hex with --hex
  --hex              read --reply as hex digits ("48 69 0a")
  --append NAME      add a checksum after --reply, as send --append does
                     (crc16-modbus, crc32, crc8, sum8, xor8, lrc, ...)
  --rules FILE       answer by the rules in FILE (implies --mode rules): first
                     match wins, templates, delay, close, drop; see the README
                     ("Rules"). A file with a mistake names file:line:column
                     and the key, and nothing starts (exit 2)
  --max-clients N    refuse TCP clients beyond N at once (default 1024)
  --tls              serve TLS on the --tcp address (wss on --ws); without
                     --cert and --key a self-signed certificate is made for
                     this run (ECDSA P-256, 7 days, for localhost, 127.0.0.1,
                     ::1 and the address)
  --cert FILE        certificate chain to present (PEM, leaf first)
  --key FILE         its private key (PEM); a bad pair, an expired certificate or
                     one for other names fails at start, saying which
  --save-cert FILE   write the certificate (PEM) to FILE, for send --ca FILE,
                     openssl -CAfile or a browser
  --name NAME        the name clients connect by: a loaded certificate must
                     cover it, a generated one includes it
  --request-cert     ask clients for a certificate and log what they present
  --client-ca FILE   require a client certificate issued by a CA in FILE (PEM)
                     and verify it; each client's result is logged: verified
                     and its subject, or why it was refused
  --alpn LIST        application protocols to agree to, e.g. h2,http/1.1
  --join GROUP       the UDP server joins the multicast group GROUP (IPv4
                     224.0.0.0/4, e.g. 239.1.2.3; IPv6 ff00::/8, e.g.
                     ff12::1234); repeat for more groups. --udp must be
                     0.0.0.0:PORT ([::]:PORT or 0.0.0.0 for both families).
                     Each datagram's line names the group it came to
                     ("192.0.2.1:40000 to 239.1.2.3"); echo, reply and rules
                     answer the sender by unicast
  --iface NAME       join on the interface NAME (e.g. eth0; see
                     sockettester-cli ifaces); default: the system's choice
  --source ADDR      join source-specific: receive only what ADDR sends to
                     each --join group
  --json             print JSON lines instead of text
  --quiet            print only the listening lines, errors and the datagrams
                     the system dropped
  -h, --help         show this help

Examples:
  sockettester-cli serve --tcp 127.0.0.1:9000
  sockettester-cli serve --tcp [::1]:0 --udp 127.0.0.1:0 --json
  sockettester-cli serve --tcp 9000 --reply 'OK\r\n'
  sockettester-cli serve --unix /tmp/echo.sock --unixgram /tmp/echo-dgram.sock
  sockettester-cli serve --tcp 9000 --udp 9000 --rules docs/examples/rules.yaml
  sockettester-cli serve --tcp 127.0.0.1:9443 --tls --save-cert server.pem
  sockettester-cli serve --udp 0.0.0.0:5000 --join 239.1.2.3 --join ff12::1234 --iface eth0
`

// serveOptions are the serve command's flags.
type serveOptions struct {
	tcp, udp   string
	unix       string // stream socket path
	unixgram   string // datagram socket path
	ws         string // --ws: a WebSocket server's address
	mode       sockets.Mode
	reply      []byte
	replySum   *checksum.Spec // --append: a checksum after reply
	rules      sockets.RuleSet
	chatPrefix bool
	maxClients int
	json       bool
	quiet      bool
	tls        *sockets.ServerTLS
	tlsFlags   *serverTLSFlags
	join       []sockets.Group // groups the UDP server joins
	rcvBuf     int             // the UDP server's receive buffer; 0: the system's
}

func parseServe(args []string, std stdio) (serveOptions, error) {
	var o serveOptions
	fs := newFlagSet("serve")
	fs.StringVar(&o.tcp, "tcp", "", "")
	fs.StringVar(&o.udp, "udp", "", "")
	fs.StringVar(&o.unix, "unix", "", "")
	fs.StringVar(&o.unixgram, "unixgram", "", "")
	fs.StringVar(&o.ws, "ws", "", "")
	mode := fs.String("mode", "echo", "")
	reply := fs.String("reply", "", "")
	replySum := fs.String("append", "", "")
	hex := fs.Bool("hex", false, "")
	rulesFile := fs.String("rules", "", "")
	fs.BoolVar(&o.chatPrefix, "chat-prefix", false, "")
	fs.IntVar(&o.maxClients, "max-clients", sockets.DefaultMaxClients, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.quiet, "quiet", false, "")
	o.tlsFlags = addServerTLSFlags(fs, true)
	groupFlags := addServeGroupFlags(fs)
	rcvBuf := fs.String("rcvbuf", "", "")
	rest, err := parseFlags(fs, args, serveUsage, std)
	if err != nil {
		return o, err
	}
	if len(rest) > 0 {
		return o, usageErrorf("serve", "unexpected argument %q (addresses go after --tcp or --udp)", rest[0])
	}
	if countSet(fs, "tcp", "udp", "unix", "unixgram", "ws") == 0 {
		return o, usageErrorf("serve", "nothing to serve: give --tcp ADDR, --udp ADDR and/or --ws ADDR (e.g. --tcp 127.0.0.1:9000), or --unix PATH")
	}
	if flagWasSet(fs, "unix") && o.unix == "" || flagWasSet(fs, "unixgram") && o.unixgram == "" {
		return o, usageErrorf("serve", "missing path after --unix or --unixgram (e.g. /tmp/app.sock)")
	}
	if flagWasSet(fs, "ws") && o.ws == "" {
		return o, usageErrorf("serve", "missing address after --ws (e.g. 127.0.0.1:8080; clients connect to ws://127.0.0.1:8080/ANY/PATH)")
	}
	for _, a := range []*string{&o.tcp, &o.udp, &o.ws} {
		if *a == "" {
			continue
		}
		if *a, err = addr.ParseListen(*a); err != nil {
			return o, usageErrorf("serve", "%v", err)
		}
	}
	if flagWasSet(fs, "tcp") && o.tcp == "" || flagWasSet(fs, "udp") && o.udp == "" {
		return o, usageErrorf("serve", "missing address after --tcp or --udp (e.g. 127.0.0.1:9000)")
	}
	if o.join, err = groupFlags.groups(fs, o.udp); err != nil {
		return o, err
	}
	if o.rcvBuf, err = parseRcvBuf(fs, "serve", *rcvBuf, o.udp != ""); err != nil {
		return o, err
	}
	if o.mode, err = sockets.ParseMode(*mode); err != nil {
		return o, usageErrorf("serve", "--mode: %v", err)
	}
	if o.mode == sockets.ModeForward {
		return o, usageErrorf("serve", "--mode forward: use the relay command, which takes the target (relay --to HOST:PORT)")
	}
	if flagWasSet(fs, "reply") {
		switch {
		case !flagWasSet(fs, "mode"):
			o.mode = sockets.ModeReply
		case o.mode != sockets.ModeReply:
			return o, usageErrorf("serve", "--reply needs --mode reply, not %s", o.mode)
		}
		f := payload.FormatText
		if *hex {
			f = payload.FormatHex
		}
		if o.reply, err = payload.Parse(*reply, f, payload.EOLNone); err != nil {
			return o, usageErrorf("serve", "invalid --reply %s: %v", f, err)
		}
		if flagWasSet(fs, "append") {
			sp, err := checksum.Parse(*replySum)
			if err != nil {
				return o, usageErrorf("serve", "--append: %v", err)
			}
			o.replySum = &sp
		}
	} else if *hex {
		return o, usageErrorf("serve", "--hex only applies to --reply")
	} else if flagWasSet(fs, "append") {
		return o, usageErrorf("serve", "--append goes with --reply (a rule takes append: in its file)")
	}
	if o.rules, err = serveRules(fs, *rulesFile, &o.mode); err != nil {
		return o, err
	}
	if o.mode == sockets.ModeReply && len(o.reply) == 0 {
		return o, usageErrorf("serve", "--mode reply needs a non-empty --reply PAYLOAD")
	}
	if o.chatPrefix && o.mode != sockets.ModeChat {
		return o, usageErrorf("serve", "--chat-prefix needs --mode chat, not %s", o.mode)
	}
	if o.maxClients < 1 {
		return o, usageErrorf("serve", "--max-clients must be at least 1, not %d", o.maxClients)
	}
	if o.json && o.quiet {
		return o, usageErrorf("serve", "--json and --quiet cannot be used together")
	}
	if o.tls, err = o.tlsFlags.settings(fs, "serve"); err != nil {
		return o, err
	}
	if o.tls != nil && o.tcp == "" && o.ws == "" {
		return o, usageErrorf("serve", "--tls needs --tcp or --ws (DTLS over UDP is not supported)")
	}
	return o, nil
}

func runServe(ctx context.Context, args []string, std stdio) error {
	o, err := parseServe(args, std)
	if err != nil {
		return helpOK(err)
	}
	// Catch signals before printing the addresses: a script may send one
	// as soon as it has read them.
	ctx, stop := interruptible(ctx)
	defer stop()
	q := sockets.NewEventQueue(16 * 1024)
	// --quiet prints no payload events: the data path need not build them.
	q.SetDataEvents(!o.quiet)
	var servers []*sockets.Server
	stopAll := func() {
		for _, s := range servers {
			s.Stop()
		}
	}
	for _, l := range []struct {
		network, addr string
		tls           *sockets.ServerTLS
	}{{"tcp", o.tcp, o.tls}, {"udp", o.udp, nil}, {"unix", o.unix, nil}, {"unixgram", o.unixgram, nil}, {sockets.NetworkWS, o.ws, o.tls}} {
		if l.addr == "" {
			continue
		}
		cfg := sockets.ServerConfig{
			Network: l.network, Addr: l.addr, Mode: o.mode, Reply: o.reply, ReplySum: o.replySum, Rules: o.rules, ChatPrefix: o.chatPrefix,
			MaxClients: o.maxClients, Events: q, TLS: l.tls,
		}
		if l.network == "udp" {
			cfg.Join, cfg.RcvBuf = o.join, o.rcvBuf
		}
		s := sockets.NewServer(cfg)
		if err := s.Start(); err != nil {
			stopAll()
			return err
		}
		servers = append(servers, s)
		if err := o.tlsFlags.saveCertificate(s.Certificate()); err != nil {
			stopAll()
			return err
		}
	}

	p := &eventPrinter{w: bufio.NewWriter(std.out), json: o.json, quiet: o.quiet}
	for _, s := range servers {
		p.listening(s.Config().Network, s.Addr(), s.Certificate(), rcvBufThen(s))
	}
	err = p.printUntilDone(ctx, q)
	// A second Ctrl-C while stopping kills the process the usual way.
	stop()
	stopAll()
	if err != nil {
		return err
	}
	p.drain(q, 0)
	return p.flush()
}

func (p *eventPrinter) printUntilDone(ctx context.Context, q *sockets.EventQueue) error {
	err := p.flush()
	for err == nil && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case e := <-q.Events():
			p.print(e)
			p.drain(q, 256)
			// Nobody reads the log any more (a closed pipe on Windows,
			// where there is no SIGPIPE): stop rather than serve blind.
			err = p.flush()
		}
	}
	return err
}

// eventPrinter writes serve's output, batching writes between flushes.
type eventPrinter struct {
	// listenEvents, if set, says which listening events text output
	// prints after the listening lines (relay --api: proxies made later).
	listenEvents func(sockets.Event) bool
	w            *bufio.Writer
	json         bool
	quiet        bool
	hint         func(error) error // adds advice to an error event's error; nil: none
}

// listening prints the text form ("listening tcp 127.0.0.1:43123", the relay's
// target, "tls sha256 ..."); with --json the engine's event does it.
func (p *eventPrinter) listening(network string, addr net.Addr, cert *tlsinfo.Certificate, then string) {
	if p.json {
		return
	}
	fmt.Fprintf(p.w, "listening %s %s%s", network, addr, then)
	if cert != nil {
		fmt.Fprintf(p.w, " tls sha256 %s", cert.SHA256)
	}
	fmt.Fprintln(p.w)
}

// print skips what --quiet hides, and text listening events (see listening).
func (p *eventPrinter) print(e sockets.Event) {
	if p.hint != nil && e.Kind == sockets.KindError && e.Err != nil {
		e.Err = p.hint(e.Err)
	}
	if p.json {
		p.w.Write(jsonLine(e))
		return
	}
	if e.Kind == sockets.KindListening && (p.listenEvents == nil || !p.listenEvents(e)) {
		return
	}
	if p.quiet && e.Kind != sockets.KindError && e.Err == nil && e.Kind != sockets.KindSystemDrop {
		return
	}
	p.w.WriteString(eventLine(e) + "\n")
}

// drain prints at most max queued events (all when max <= 0) without waiting.
func (p *eventPrinter) drain(q *sockets.EventQueue, max int) {
	for _, e := range q.Drain(nil, max) {
		p.print(e)
	}
}

func (p *eventPrinter) flush() error {
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
