package sockets

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
)

// RelayConfig configures a Relay. Only To is required: by default the relay
// listens on 127.0.0.1 on a free port and speaks plain TCP both ways.
type RelayConfig struct {
	// Network is "tcp" (default), "tcp4" or "tcp6".
	Network string
	// Listen is host:port to accept clients on, as ServerConfig.Addr:
	// empty means 127.0.0.1:0, a bare port means 127.0.0.1.
	Listen string
	// To is the target server's host:port, dialled once for each client.
	To string
	// TLSToTarget, when set, speaks TLS to the target (nil: plain).
	TLSToTarget *ClientTLS
	// TLSToClient, when set, speaks TLS to clients (nil: plain), with a
	// certificate generated at Start unless files are given.
	TLSToClient *ServerTLS
	// DialTimeout bounds connecting to the target, TLS handshake included
	// (default 5 s).
	DialTimeout time.Duration
	// MaxClients limits concurrent clients (default 1024); one over the
	// limit is closed at once, with an event.
	MaxClients int
	// Events receives the observation stream; nil means no events.
	Events *EventQueue
	// CaptureBytes is how many bytes of each payload events keep (default
	// 1024).
	CaptureBytes int
}

// Relay sits between clients and a target server and shows what they say:
// for each client it dials the target, copies bytes both ways, and reports
// each chunk with Side relay (Msg "client → target ..." or "target →
// client ..."), each side's end of stream, which it passes on
// (half-close), and exact counters. Bulk plain-TCP streams move inside the
// kernel, as the echo server's do. Create it with NewRelay, then Start;
// Stop closes every connection and returns once every goroutine it started
// has ended.
type Relay struct {
	cfg RelayConfig
	st  counters // in: bytes passed from clients to the target; out: from the target to clients

	mu   sync.Mutex
	run  *relayRun // nil when stopped
	cert *Certificate
}

// NewRelay returns a relay configured by cfg; zero fields take defaults.
func NewRelay(cfg RelayConfig) *Relay {
	if cfg.Network == "" {
		cfg.Network = "tcp"
	}
	if cfg.Listen == "" {
		cfg.Listen = net.JoinHostPort(DefaultBind, "0")
	} else if a, err := addr.ParseListen(cfg.Listen); err == nil {
		cfg.Listen = a
	}
	orDefault(&cfg.DialTimeout, DefaultDialTimeout)
	orDefault(&cfg.MaxClients, DefaultMaxClients)
	orDefault(&cfg.CaptureBytes, DefaultCaptureBytes)
	return &Relay{cfg: cfg}
}

// Config returns the configuration with defaults filled in.
func (r *Relay) Config() RelayConfig { return r.cfg }

// Start checks the addresses, prepares TLS toward clients, binds and begins
// accepting. Errors name the failure; the relay then stays stopped.
func (r *Relay) Start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run != nil {
		return errors.New("relay is already running")
	}
	run, err := r.start()
	if err != nil {
		err = explainListenError(err)
		r.emit(Event{Kind: KindError, Local: r.cfg.Listen, Err: err, Msg: "start failed"})
		return err
	}
	r.run = run
	r.emit(Event{Kind: KindListening, Local: run.local, Msg: r.describe()})
	run.wg.Add(1)
	go run.acceptLoop()
	return nil
}

// start does Start's work; r.mu is held.
func (r *Relay) start() (*relayRun, error) {
	if !addr.IsTCP(r.cfg.Network) {
		return nil, fmt.Errorf("relay %s: only TCP can be relayed", r.cfg.Network)
	}
	if _, err := addr.ParseListen(r.cfg.Listen); err != nil {
		return nil, fmt.Errorf("listen %s: %w", r.cfg.Network, err)
	}
	if r.cfg.To == "" {
		return nil, errors.New("relay: no target given (want host:port)")
	}
	if _, err := addr.ParseDial(r.cfg.To); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	var side *tlsServerSide
	if r.cfg.TLSToClient != nil {
		var err error
		if side, err = newTLSServerSide(r.cfg.TLSToClient, r.cfg.Listen, r.cert); err != nil {
			return nil, err
		}
		r.cert = side.cert
	}
	ln, err := net.Listen(r.cfg.Network, r.cfg.Listen)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &relayRun{r: r, ln: ln, local: ln.Addr().String(), tls: side, ctx: ctx, cancel: cancel,
		done: make(chan struct{}), pairs: make(map[string]*relayPair)}, nil
}

// describe is the listening event's message, e.g. "forwarding to
// 127.0.0.1:9000; TLS toward clients, generated certificate sha256 ...".
func (r *Relay) describe() string {
	s := "forwarding to " + r.cfg.To
	if r.cfg.TLSToClient != nil && r.cert != nil {
		s += "; toward clients " + r.cert.describe().String()
	}
	if r.cfg.TLSToTarget != nil {
		s += "; TLS to the target"
	}
	return s
}

// Stop closes the listener and every connection, on both sides, and waits
// for every goroutine the relay started. Stopping a stopped relay does
// nothing. The stopped event sums up the counters.
func (r *Relay) Stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run == nil {
		return nil
	}
	run := r.run
	err := run.stop()
	r.run = nil
	if err != nil {
		err = fmt.Errorf("stop relay on %s: %w", run.local, err)
	}
	st := r.Stats()
	r.emit(Event{Kind: KindStopped, Local: run.local, Err: err, Msg: fmt.Sprintf("relayed %s; client → target %d B; target → client %d B",
		countNoun(st.ConnsTotal, "connection"), st.BytesIn, st.BytesOut)})
	return err
}

// Running reports whether the relay is started.
func (r *Relay) Running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.run != nil
}

// Addr returns the address clients connect to, or nil when stopped.
func (r *Relay) Addr() net.Addr {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run == nil {
		return nil
	}
	return r.run.ln.Addr()
}

// Certificate returns the certificate presented to clients with
// TLSToClient, as Server.Certificate does; nil otherwise.
func (r *Relay) Certificate() *Certificate {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cert
}

// Stats returns exact counters since NewRelay: BytesIn and MsgsIn count
// what was passed from clients to the target (bytes, and the reads or
// kernel copies that moved them), BytesOut and MsgsOut what was passed from
// the target to clients; the connections are the clients'.
func (r *Relay) Stats() Stats { return r.st.snapshot() }

// Peers lists the clients connected, oldest first: BytesIn is what each
// sent towards the target, BytesOut what it got back.
func (r *Relay) Peers() []PeerInfo {
	r.mu.Lock()
	run := r.run
	r.mu.Unlock()
	if run == nil {
		return nil
	}
	return run.peers()
}

// Disconnect closes one client's connection, and its connection to the
// target.
func (r *Relay) Disconnect(client string) error {
	r.mu.Lock()
	run := r.run
	r.mu.Unlock()
	if run == nil {
		return ErrNotRunning
	}
	return run.disconnect(client)
}

func (r *Relay) emit(e Event) {
	if r.cfg.Events == nil {
		return
	}
	e.Side, e.Network = SideRelay, r.cfg.Network
	r.cfg.Events.Emit(e)
}

// relayRun is one run of a Relay, from Start to Stop.
type relayRun struct {
	r      *Relay
	ln     net.Listener
	local  string
	tls    *tlsServerSide // nil: plain toward clients
	ctx    context.Context
	cancel context.CancelFunc // aborts dials to the target at Stop
	done   chan struct{}
	wg     sync.WaitGroup

	mu    sync.Mutex
	pairs map[string]*relayPair
}

func (rr *relayRun) acceptLoop() {
	defer rr.wg.Done()
	acceptLoop(rr.ln, rr.done, func(err error, retryIn time.Duration) {
		rr.r.emit(Event{Kind: KindError, Local: rr.local, Err: err, Msg: fmt.Sprintf("accept failed, retrying in %v", retryIn)})
	}, rr.admit)
}

// admit registers a client and starts relaying it, or closes it at once
// when the client limit is reached.
func (rr *relayRun) admit(c net.Conn) {
	p := &relayPair{rr: rr, client: c, clientRaw: c, clientAddr: c.RemoteAddr().String(), since: time.Now()}
	if rr.tls != nil {
		p.client = tls.Server(&firstBytes{Conn: c}, rr.tls.cfg)
	}
	rr.mu.Lock()
	select {
	case <-rr.done:
		rr.mu.Unlock()
		c.Close()
		return
	default:
	}
	if len(rr.pairs) >= rr.r.cfg.MaxClients {
		rr.mu.Unlock()
		c.Close()
		rr.r.emit(Event{Kind: KindError, Local: rr.local, Remote: p.clientAddr,
			Msg: fmt.Sprintf("refused: client limit %d reached", rr.r.cfg.MaxClients)})
		return
	}
	rr.pairs[p.clientAddr] = p
	rr.wg.Add(1)
	rr.mu.Unlock()
	rr.r.st.connsCur.Add(1)
	rr.r.st.connsTotal.Add(1)
	go p.serve()
}

// forget removes p and closes both its connections.
func (rr *relayRun) forget(p *relayPair) {
	rr.mu.Lock()
	delete(rr.pairs, p.clientAddr)
	rr.mu.Unlock()
	p.closeAll()
	rr.r.st.connsCur.Add(-1)
}

func (rr *relayRun) stop() error {
	close(rr.done)
	rr.cancel()
	err := ignoreClosed(rr.ln.Close())
	rr.mu.Lock()
	by := "relay stopped"
	for _, p := range rr.pairs {
		p.closedBy.CompareAndSwap(nil, &by)
		p.closeAll()
	}
	rr.mu.Unlock()
	rr.wg.Wait()
	return err
}

func (rr *relayRun) peers() []PeerInfo {
	rr.mu.Lock()
	out := make([]PeerInfo, 0, len(rr.pairs))
	for _, p := range rr.pairs {
		out = append(out, newPeerInfo(p.clientAddr, p.since, p.since, &p.st))
	}
	rr.mu.Unlock()
	return sortPeers(out)
}

func (rr *relayRun) disconnect(client string) error {
	rr.mu.Lock()
	p, ok := rr.pairs[client]
	rr.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoSuchPeer, client)
	}
	by := "disconnected by relay"
	p.closedBy.CompareAndSwap(nil, &by)
	p.closeAll()
	return nil
}
