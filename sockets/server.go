package sockets

import (
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// Defaults used when a ServerConfig field is left zero.
const (
	defaultBind         = addr.Loopback
	DefaultMaxClients   = 1024
	defaultMaxUDPPeers  = 1024
	defaultUDPPeerTTL   = 5 * time.Minute
	defaultWriteTimeout = 5 * time.Second
)

// ServerConfig configures a Server. The zero value is a TCP echo server on
// 127.0.0.1 with a free port.
type ServerConfig struct {
	Network string // "tcp" (default), "udp", "tcp4", "tcp6", "udp4", "udp6", "unix", "unixgram" or "ws" (WebSocket; wss with TLS)
	// For unix and unixgram, Addr is the socket's path (required).
	// Addr is host:port to bind; empty means 127.0.0.1:0, loopback only. Port 0
	// picks a free port, which Server.Addr reports.
	Addr  string
	Mode  Mode   // echo (default)
	Reply []byte // sent back for each message in ModeReply
	// ReplySum, if set, is a checksum sent after Reply, each sent event
	// naming its bytes (Event.Appended), as Client.SendSum does.
	ReplySum   *checksum.Spec
	Rules      RuleSet // required in ModeRules; see package sockets/rules
	ChatPrefix bool    // in ModeChat, prefix messages with the sender's address

	MaxClients   int           // default 1024; one over the limit is accepted and closed at once
	MaxUDPPeers  int           // default 1024; the least recently heard is forgotten first
	UDPPeerTTL   time.Duration // how long a silent UDP address stays listed (default 5 min)
	WriteTimeout time.Duration // a peer that takes nothing written to it (echo, reply, send, chat) for this long is dropped (default 5 s)
	Events       *EventQueue   // nil: no events
	CaptureBytes int           // bytes of each payload events keep (default 1024)
	// OnData is called on the data path before answering; p is valid only
	// during the call.
	OnData func(peer string, p []byte)
	// Listen defaults to net.Listen; tests inject failures.
	Listen func(network, address string) (net.Listener, error)

	TLS            *ServerTLS    // nil: plain; in ModeForward it faces the clients
	ForwardTo      string        // target host:port, required in ModeForward
	ForwardTLS     *ClientTLS    // nil: plain
	ForwardTimeout time.Duration // bounds connecting to the target, TLS included (default 5 s)
	// Conditions, in ModeForward, are the network conditions applied to
	// the relayed bytes (TCP) or datagrams (UDP), changeable while the
	// relay runs; their random choices come from the set's seed. Starting
	// the relay binds the set to TCP or UDP, refusing types that do not
	// apply there. Nil or empty: none, at no cost.
	Conditions *conditions.Set

	// UDPRelayIdle is how long a UDP relay keeps a client's socket to the
	// target while neither way carries a datagram (default 60 s).
	UDPRelayIdle time.Duration
	// Join lists the multicast groups a UDP server joins at start; it must
	// listen on 0.0.0.0 or [::] (see Group).
	Join []Group
	// Iface names the interface groups are joined on when a Group names
	// none; "" lets the system choose.
	Iface string
	// RcvBuf is a UDP server's receive buffer in bytes (SO_RCVBUF), 1 to
	// MaxRcvBuf; 0 keeps the system's default. A full buffer makes the
	// system drop datagrams, which Stats.SystemDropped counts.
	RcvBuf int
}

func (c *ServerConfig) fill() {
	if c.Network == "" {
		c.Network = "tcp"
	}
	switch {
	case addr.IsUnix(c.Network):
	case c.Addr == "":
		c.Addr = net.JoinHostPort(defaultBind, "0")
	default:
		if a, err := addr.ParseListen(c.Addr); err == nil {
			// A bare port binds loopback, never all interfaces.
			c.Addr = a
		}
	}
	orDefault(&c.MaxClients, DefaultMaxClients)
	orDefault(&c.MaxUDPPeers, defaultMaxUDPPeers)
	orDefault(&c.UDPPeerTTL, defaultUDPPeerTTL)
	orDefault(&c.WriteTimeout, defaultWriteTimeout)
	orDefault(&c.CaptureBytes, DefaultCaptureBytes)
	orDefault(&c.ForwardTimeout, DefaultDialTimeout)
	orDefault(&c.UDPRelayIdle, DefaultUDPRelayIdle)
	c.Join = append([]Group(nil), c.Join...)
	if c.Listen == nil {
		c.Listen = net.Listen
	}
}

func orDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// ErrNotRunning is returned by Server methods that need a started server.
var ErrNotRunning error = msg.NewError(codeNotRunning)

// ErrNoSuchPeer is returned when a peer address is not connected.
var ErrNoSuchPeer error = msg.NewError(codeNoSuchPeerAlone)

// Server is a TCP or UDP server. Create it with NewServer, then Start; Stop
// closes every connection and waits for its goroutines. A stopped Server can be
// started again. In ModeForward it relays each client to ForwardTo and reports
// both directions with Side relay.
type Server struct {
	cfg ServerConfig
	st  counters

	mu         sync.Mutex
	running    bool
	impl       serverImpl
	ms         atomic.Pointer[modeState]
	chatPrefix atomic.Bool
	forwarding atomic.Bool
	tap        atomic.Pointer[Tap]  // SetTap's hook (datatap.go)
	now        func() time.Time     // when peers come and go; tests set a fake clock
	cert       *tlsinfo.Certificate // the TLS certificate; under mu
	holdReads  chan struct{}        // tests: a UDP server reads nothing until it is closed
}

// modeState is swapped whole so the data path reads it without a lock.
type modeState struct {
	mode     Mode
	reply    []byte
	appended string // Event.Appended of each reply: its checksum, or ""
	rules    RuleSet
	gen      uint64 // counts SetRules calls, so peers know when their rule state is stale
}

// serverImpl is the TCP or UDP half behind a Server.
type serverImpl interface {
	addr() net.Addr
	stop() error
	peers() []PeerInfo
	sendTo(peer string, p []byte) error
	broadcast(p []byte) (int, error)
	disconnect(peer string) error
}

// NewServer returns a server configured by cfg; zero fields take defaults.
func NewServer(cfg ServerConfig) *Server {
	cfg.fill()
	s := &Server{cfg: cfg, now: time.Now}
	s.SetModeSum(cfg.Mode, cfg.Reply, cfg.ReplySum)
	s.SetRules(cfg.Rules)
	s.chatPrefix.Store(cfg.ChatPrefix)
	return s
}

// Config returns the configuration with defaults filled in.
func (s *Server) Config() ServerConfig { return s.cfg }

// Start binds and begins serving. Errors name the failure, e.g. "listen tcp
// 127.0.0.1:80: bind: permission denied".
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return msg.NewError(codeAlreadyRunning)
	}
	var impl serverImpl
	mode := s.ms.Load().mode
	s.forwarding.Store(mode == ModeForward)
	var err error
	if !addr.IsUnix(s.cfg.Network) {
		_, err = addr.ParseListen(s.cfg.Addr)
	}
	switch {
	case mode == ModeRules && s.ms.Load().rules == nil:
		err = errNoRules
	case checkJoins(&s.cfg) != nil:
		err = checkJoins(&s.cfg)
	case CheckRcvBuf(s.cfg.RcvBuf) != nil:
		err = CheckRcvBuf(s.cfg.RcvBuf)
	case err != nil:
		err = msg.Wrap(err, codeListenNet, "Net", s.cfg.Network)
	case IsWS(s.cfg.Network):
		impl, err = startWS(s)
	case mode == ModeForward && addr.IsUDP(s.cfg.Network):
		impl, err = startUDP(s)
	case mode == ModeForward:
		impl, err = startForward(s)
	case addr.IsUnix(s.cfg.Network):
		impl, err = startUnix(s)
	case addr.IsTCP(s.cfg.Network):
		impl, err = startTCP(s)
	case addr.IsUDP(s.cfg.Network):
		impl, err = startUDP(s)
	default:
		err = msg.NewError(codeUnknownNetwork, "Net", strconv.Quote(s.cfg.Network))
	}
	if err != nil {
		err = explainListenError(err)
		s.emit(said(Event{Kind: KindError, Local: s.cfg.Addr, Err: err}, msg.New(codeStartFailed)))
		return err
	}
	s.impl = impl
	s.running = true
	s.emit(said(Event{Kind: KindListening, Local: impl.addr().String()}, withRcvBuf(impl, s.listeningMessage())))
	if u, ok := impl.(*udpServer); ok {
		u.reportJoins()
		u.reportDropCount()
	}
	return nil
}

// Stop closes the listener and every connection, waits for the server's
// goroutines and returns what failed while closing. Stopping a stopped server
// is a no-op.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return nil
	}
	local := s.impl.addr().String()
	err := s.impl.stop()
	s.impl = nil
	s.running = false
	summary := s.Stats().summary(s.cfg.Network)
	if s.forwarding.Load() {
		st := s.Stats()
		summary = msg.New(codeRelayed, "Conns", st.ConnsTotal, "In", st.BytesIn, "Out", st.BytesOut)
		if addr.IsUDP(s.cfg.Network) {
			summary = msg.New(codeUDPRelayed, "Clients", st.ConnsTotal, "In", st.MsgsIn, "InB", st.BytesIn, "Out", st.MsgsOut, "OutB", st.BytesOut)
		}
	}
	switch {
	case err != nil && s.forwarding.Load():
		err = msg.Wrap(err, codeStopRelayFailed, "Addr", local)
	case err != nil:
		err = msg.Wrap(err, codeStopFailed, "Net", s.cfg.Network, "Addr", local)
	}
	s.reportConditions(local)
	s.emit(said(Event{Kind: KindStopped, Local: local, Err: err}, summary))
	return err
}

// Running reports whether the server is started.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

func (s *Server) current() (serverImpl, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return nil, ErrNotRunning
	}
	return s.impl, nil
}

// Addr returns the bound address, or nil when not running.
func (s *Server) Addr() net.Addr {
	impl, err := s.current()
	if err != nil {
		return nil
	}
	return impl.addr()
}

// Stats returns exact counters since NewServer.
func (s *Server) Stats() Stats { return s.st.snapshot() }

// SetMode changes the mode and reply payload. Forwarding is chosen at Start: a
// server started in ModeForward relays until it stops.
func (s *Server) SetMode(m Mode, reply []byte) {
	s.SetModeSum(m, reply, nil)
}

// SetModeSum is SetMode with sum's checksum, if sum is set, sent after
// reply; each reply's sent event names the bytes it added.
func (s *Server) SetModeSum(m Mode, reply []byte, sum *checksum.Spec) {
	reply = append([]byte(nil), reply...)
	appended := ""
	if sum != nil {
		reply, appended = WithSum(reply, *sum)
	}
	s.swapMode(func(st *modeState) { st.mode, st.reply, st.appended = m, reply, appended })
}

// Mode returns the current mode and a copy of the reply payload.
func (s *Server) Mode() (Mode, []byte) {
	m := s.ms.Load()
	return m.mode, append([]byte(nil), m.reply...)
}

// Peers lists connected TCP peers, or UDP addresses heard from recently,
// oldest first.
func (s *Server) Peers() []PeerInfo {
	impl, err := s.current()
	if err != nil {
		return nil
	}
	return impl.peers()
}

// SendTo sends p to one peer, named by its address as Peers lists it.
func (s *Server) SendTo(peer string, p []byte) error {
	impl, err := s.current()
	if err != nil {
		return err
	}
	return impl.sendTo(peer, p)
}

// Broadcast sends p to every peer and returns how many it reached; a peer that
// does not read does not delay the others.
func (s *Server) Broadcast(p []byte) (int, error) {
	impl, err := s.current()
	if err != nil {
		return 0, err
	}
	return impl.broadcast(p)
}

// Disconnect closes one TCP peer's connection (and, in ModeForward, its
// connection to the target) or forgets one UDP address.
func (s *Server) Disconnect(peer string) error {
	impl, err := s.current()
	if err != nil {
		return err
	}
	return impl.disconnect(peer)
}

func (s *Server) emit(e Event) {
	if s.cfg.Events == nil {
		return
	}
	e.Side = SideServer
	if s.forwarding.Load() {
		e.Side = SideRelay
	}
	if e.Network == "" {
		e.Network = s.cfg.Network
	}
	s.cfg.Events.Emit(e)
}
