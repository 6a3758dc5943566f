package main

import (
	"bufio"
	"context"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

const relayUsage = `usage: sockettester-cli relay --to HOST:PORT [--api ADDR] [--listen ADDR] [--max-clients N] [--timeout DUR]
                            [--udp [--idle DUR]]
                            [--tls-to [--insecure] [--sni NAME] [--ca FILE] [--alpn LIST]
                                      [--to-cert FILE --to-key FILE] [--tls-min VERSION]]
                            [--tls [--cert FILE --key FILE] [--save-cert FILE] [--name NAME]
                                   [--request-cert] [--client-ca FILE]]
                            [--condition SPEC]... [--conditions FILE] [--seed N]
                            [--json | --quiet]

See what a client says to a real server: accept clients on --listen and, for
each, connect to the target at --to and pass the bytes both ways, logging
each chunk with the direction ("client → target", "target → client"), each
side's end of stream (passed on to the other side: half-close), and exact
byte counts, until interrupted (Ctrl-C or SIGTERM). Point the client at the
relay's address instead of the server's.

The first line names the address clients connect to, e.g.
  listening tcp 127.0.0.1:43123 relay to 127.0.0.1:9000
(with --tls followed by "tls sha256 FINGERPRINT"). Then one line per event, as
serve prints them; the schema is in the README. A target that cannot be
reached, or fails before the client got a byte, gets an error line naming
the target (a TLS failure with what to do about it); the client is then held
for up to 2s and closed cleanly, so it does not take the relay for a TLS
server refusing plain text.

ADDR is host:port, ":port" for every network interface, or a bare port for
127.0.0.1 only (the default is 127.0.0.1:0, a free port).

Flags:
  --to HOST:PORT     the target server (required unless --api is given)
  --api ADDR         also serve toxiproxy 2.x's HTTP API on ADDR (e.g. 8474:
                     127.0.0.1 only), so suites that drive toxiproxy drive this
                     relay; the relay from --to is its proxy named "relay"
  --udp              relay UDP instead of TCP: each client address gets its own
                     socket to the target, and each datagram is passed on alone
  --idle DUR         with --udp, close a client's socket to the target after DUR
                     without a datagram either way (default 60s)
  --udp-condition SPEC
                     the same as --condition (kept for older scripts)
  --listen ADDR      where clients connect (default 127.0.0.1:0)
  --max-clients N    refuse clients beyond N at once (default 1024)
  --timeout DUR      give up connecting to the target, TLS handshake included,
                     after DUR (default 5s)
  --tls-to           speak TLS to the target, verifying its certificate
  --insecure         skip verifying the target's certificate (with --tls-to)
  --sni NAME         server name to send the target and verify
  --ca FILE          trust the PEM certificates in FILE for the target
  --alpn LIST        application protocols to offer the target
  --to-cert FILE     client certificate (PEM) for a target that asks for one
  --to-key FILE      its private key (PEM)
  --tls-min VERSION  lowest TLS version to accept from the target
  --tls              speak TLS to clients, with a certificate made for this run
                     unless --cert and --key are given
  --cert FILE        certificate chain to present to clients (PEM)
  --key FILE         its private key (PEM)
  --save-cert FILE   write the certificate presented to clients (PEM) to FILE
  --name NAME        the name clients connect by (the certificate must cover it)
  --request-cert     ask clients for a certificate and log what they present
  --client-ca FILE   require a client certificate issued by a CA in FILE (PEM)
                     and verify it; each client's result is logged: verified
                     and its subject, or why it was refused
  --condition SPEC   apply a network condition (repeatable), SPEC being
                     TYPE[=VALUE] then ,KEY=VALUE pairs. TCP and UDP:
                       latency=200ms,jitter=20ms    delay each chunk (on UDP
                                                    each datagram) ± jitter
                     TCP only:
                       bandwidth=1000               at most N KB/s (1 KB = 1000 B)
                       slow_close=500ms             delay the end of stream
                       timeout=1s                   pass nothing, close after 1s
                                                    (timeout=0: hold forever)
                       reset_peer=1s                reset both sides after 1s
                       slicer=64,variation=16,delay=500us
                                                    split into 64±16 B pieces
                       limit_data=1024              close after 1024 B
                       down                         refuse new clients, close open ones
                     UDP only (with --udp), each a share 0..1 or a percentage:
                       loss=0.1,correlation=0.25    drop a share; correlation:
                                                    the chance the next is lost
                                                    too, for bursts
                       duplicate=0.05               pass a share twice
                       reorder=0.2,window=3         hold a share back until N
                                                    later ones passed (default 3)
                       corrupt=0.01                 flip one bit in a share
                     and for any: dir=up|down|both (up is client → target;
                     default down, for every type), toxicity=0..1 (the share
                     of connections, on UDP of datagrams, it applies to;
                     default 1, 0 = none), name=NAME (default TYPE_DIR).
                     Bare numbers are ms, KB/s, bytes, and µs for slicer's
                     delay, as in toxiproxy. A type the relay cannot apply
                     (bandwidth with --udp, loss without) is refused.
  --conditions FILE  read conditions from a YAML file (toxiproxy's fields:
                     type, stream, toxicity, attributes), for TCP or --udp;
                     see the README
  --seed N           the seed of the conditions' random choices, TCP or UDP:
                     the same seed and the same traffic give the same choices
                     (default: a random one, printed, so a run can be repeated)
  --json             print JSON lines instead of text
  --quiet            print only the listening line and errors
  -h, --help         show this help

Exit status: 0 after an interrupt; 1 when it cannot start (address in use,
bad certificate); 2 for a command-line mistake (a --ca, --cert, --key,
--to-cert or --to-key file that cannot be read, a --save-cert path that
cannot be written, too).

Examples:
  sockettester-cli relay --listen 127.0.0.1:8080 --to 127.0.0.1:9000
  sockettester-cli relay --to 127.0.0.1:9000 --condition latency=200ms,jitter=20ms,dir=down
  sockettester-cli relay --udp --listen 127.0.0.1:5353 --to 127.0.0.1:53 --condition loss=0.1,dir=up --seed 42
  sockettester-cli relay --listen 127.0.0.1:8443 --to example.com:443 --tls-to --tls --save-cert relay.pem
`

// relayOptions are the relay command's flags.
type relayOptions struct {
	cfg       sockets.ServerConfig
	conds     condFlags
	tlsFlags  *serverTLSFlags
	udp       *relayUDPFlags
	json      bool
	quiet     bool
	api       string // --api: serve toxiproxy's HTTP API there
	seedGiven bool   // --seed was given: with --api, it seeds every proxy
}

// parseRelay reads relay's command line.
func parseRelay(args []string, std stdio) (relayOptions, error) {
	o := relayOptions{cfg: sockets.ServerConfig{Mode: sockets.ModeForward}}
	fs := newFlagSet("relay")
	fs.StringVar(&o.cfg.ForwardTo, "to", "", "")
	fs.StringVar(&o.cfg.Addr, "listen", "127.0.0.1:0", "")
	fs.IntVar(&o.cfg.MaxClients, "max-clients", sockets.DefaultMaxClients, "")
	fs.DurationVar(&o.cfg.ForwardTimeout, "timeout", sockets.DefaultDialTimeout, "")
	toTLS := addClientTLSFlags(fs, "tls-to", "to-")
	o.tlsFlags = addServerTLSFlags(fs, false)
	fs.Var(&o.conds.specs, "condition", "")
	fs.StringVar(&o.conds.file, "conditions", "", "")
	fs.Uint64Var(&o.conds.seed, "seed", 0, "")
	o.udp = addRelayUDPFlags(fs, &o.conds.specs)
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.quiet, "quiet", false, "")
	fs.StringVar(&o.api, "api", "", "")
	rest, err := parseFlags(fs, args, relayUsage, std)
	if err != nil {
		return o, err
	}
	switch {
	case len(rest) > 0:
		return o, usageErrorf("relay", "unexpected argument %q (the target goes after --to)", rest[0])
	case o.cfg.ForwardTo == "" && o.api == "":
		return o, usageErrorf("relay", "missing --to HOST:PORT, the server to relay to (e.g. --to 127.0.0.1:9000)")
	case o.cfg.MaxClients < 1:
		return o, usageErrorf("relay", "--max-clients must be at least 1, not %d", o.cfg.MaxClients)
	case o.cfg.ForwardTimeout <= 0:
		return o, usageErrorf("relay", "--timeout must be positive")
	case o.json && o.quiet:
		return o, usageErrorf("relay", "--json and --quiet cannot be used together")
	}
	if o.api != "" {
		o.seedGiven = flagWasSet(fs, "seed")
		if o.api, err = parseAPIAddr(o.api); err != nil || o.cfg.ForwardTo == "" {
			return o, apiOnlyFlags(fs, o, err)
		}
	}
	if o.cfg.ForwardTo, err = addr.ParseDial(o.cfg.ForwardTo); err != nil {
		return o, usageErrorf("relay", "--to: %v", err)
	}
	if o.cfg.Addr, err = addr.ParseListen(o.cfg.Addr); err != nil {
		return o, usageErrorf("relay", "--listen: %v", err)
	}
	if o.cfg.ForwardTLS, err = toTLS.settings(fs, "relay"); err != nil {
		return o, err
	}
	if o.cfg.TLS, err = o.tlsFlags.settings(fs, "relay"); err != nil {
		return o, err
	}
	// With --api, --seed alone seeds the proxies the API makes.
	seedGiven := flagWasSet(fs, "seed")
	if o.udp.udp && o.api != "" {
		return o, usageErrorf("relay", "--api makes TCP proxies, as toxiproxy does; drop --udp, or give a UDP relay --condition")
	}
	if o.cfg.Conditions, err = o.conds.set(seedGiven && (o.api == "" || len(o.conds.specs) > 0 || o.conds.file != ""), o.udp.udp); err != nil {
		return o, err
	}
	return o, o.udp.apply(fs, &o.cfg)
}

func runRelay(ctx context.Context, args []string, std stdio) error {
	o, err := parseRelay(args, std)
	if err != nil {
		return helpOK(err)
	}
	if o.api != "" {
		return runRelayAPI(ctx, o, std)
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	q := sockets.NewEventQueue(16 * 1024)
	o.cfg.Events = q
	r := sockets.NewServer(o.cfg)
	if err := r.Start(); err != nil {
		return err
	}
	if err := o.tlsFlags.saveCertificate(r.Certificate()); err != nil {
		r.Stop()
		return err
	}
	p := &eventPrinter{w: bufio.NewWriter(std.out), json: o.json, quiet: o.quiet}
	if o.cfg.ForwardTLS != nil {
		// The target's TLS failure gets the advice send gives, in the
		// relay's flags.
		p.hint = func(err error) error { return tlsHintFor(err, "--tls-to") }
	}
	p.listening(r.Config().Network, r.Addr(), r.Certificate(), " relay to "+o.cfg.ForwardTo)
	err = p.printUntilDone(ctx, q)
	stop()
	r.Stop()
	if err != nil {
		return err
	}
	p.drain(q, 0)
	return p.flush()
}
