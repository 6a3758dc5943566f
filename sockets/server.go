package sockets

import (
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
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
	// Network is "tcp" (default) or "udp"; "tcp4", "tcp6", "udp4", "udp6" also work.
	Network string
	// Addr is host:port to bind. Empty means 127.0.0.1:0 (loopback only;
	// exposing the server to the network is an explicit choice). Port 0
	// picks a free port; Server.Addr reports the one chosen.
	Addr string
	// Mode is echo (default), fixed reply, silent, rules, chat or forward.
	Mode Mode
	// Reply is the payload sent back for each message in ModeReply.
	Reply []byte
	// Rules answers in ModeRules; package sockets/rules compiles one from
	// a rules file. Start refuses ModeRules without it.
	Rules RuleSet
	// ChatPrefix, in ModeChat, puts the sender's address in front of each
	// message passed on: "[127.0.0.1:50412] hi" (see SetChatPrefix).
	ChatPrefix bool
	// MaxClients limits concurrent TCP clients (default 1024). A client over
	// the limit is accepted, told nothing and closed at once, with an event.
	MaxClients int
	// MaxUDPPeers bounds the table of UDP addresses heard from (default
	// 1024); the least recently heard is forgotten first.
	MaxUDPPeers int
	// UDPPeerTTL is how long a silent UDP address stays listed (default 5 min).
	UDPPeerTTL time.Duration
	// WriteTimeout bounds Send and Broadcast to a peer that does not read
	// (default 5 s); a peer that times out is disconnected.
	WriteTimeout time.Duration
	// Events receives the observation stream; nil means no events.
	Events *EventQueue
	// CaptureBytes is how many bytes of each payload events keep (default 1024).
	CaptureBytes int
	// OnData, if set, is called on the data path with every chunk received,
	// before it is answered. p is only valid during the call.
	OnData func(peer string, p []byte)
	// Listen opens the TCP listener (default net.Listen); tests hand in
	// their own to inject failures.
	Listen func(network, address string) (net.Listener, error)
	// TLS, when set, makes a TCP server speak TLS (nil: plain). Each
	// client's handshake runs on that client's goroutine, bounded by
	// ServerTLS.HandshakeTimeout. In ModeForward it faces the clients.
	TLS *ServerTLS
	// ForwardTo is the target's host:port in ModeForward, dialled once for
	// each client; Start refuses ModeForward without it.
	ForwardTo string
	// ForwardTLS, when set, speaks TLS to the target in ModeForward (nil:
	// plain).
	ForwardTLS *ClientTLS
	// ForwardTimeout bounds connecting to the target in ModeForward, TLS
	// handshake included (default 5 s).
	ForwardTimeout time.Duration
}

func (c *ServerConfig) fill() {
	if c.Network == "" {
		c.Network = "tcp"
	}
	if c.Addr == "" {
		c.Addr = net.JoinHostPort(defaultBind, "0")
	} else if a, err := addr.ParseListen(c.Addr); err == nil {
		// A bare port "9000" binds loopback, never all interfaces. Start
		// reports an address that does not parse.
		c.Addr = a
	}
	orDefault(&c.MaxClients, DefaultMaxClients)
	orDefault(&c.MaxUDPPeers, defaultMaxUDPPeers)
	orDefault(&c.UDPPeerTTL, defaultUDPPeerTTL)
	orDefault(&c.WriteTimeout, defaultWriteTimeout)
	orDefault(&c.CaptureBytes, DefaultCaptureBytes)
	orDefault(&c.ForwardTimeout, DefaultDialTimeout)
	if c.Listen == nil {
		c.Listen = net.Listen
	}
}

// orDefault sets *v to def when it is zero or less.
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
// closes every connection and returns once every goroutine it started has
// ended. A stopped Server can be started again.
//
// In ModeForward the server is a relay that shows what its clients and a
// target say: for each client it dials ServerConfig.ForwardTo, copies bytes
// both ways, and reports each chunk with Side relay (Msg "client → target
// ..." or "target → client ..."), each side's end of stream, which it
// passes on (half-close), and exact counters: BytesIn is what clients sent
// towards the target, BytesOut what came back. Bulk plain-TCP streams move
// inside the kernel, as the echo server's do.
type Server struct {
	cfg ServerConfig
	st  counters

	mu      sync.Mutex
	running bool
	impl    serverImpl
	ms      atomic.Pointer[modeState]
	// chatPrefix is ServerConfig.ChatPrefix, changed by SetChatPrefix.
	chatPrefix atomic.Bool
	// forwarding is set at Start in ModeForward: the events are the relay's.
	forwarding atomic.Bool
	now        func() time.Time     // when peers come and go; tests set a fake clock
	cert       *tlsinfo.Certificate // the TLS certificate; under mu
}

// modeState is swapped whole so the data path reads it without a lock.
type modeState struct {
	mode  Mode
	reply []byte
	rules RuleSet
	gen   uint64 // counts SetRules calls, so peers know when their rule state is stale
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
	s.SetMode(cfg.Mode, cfg.Reply)
	s.SetRules(cfg.Rules)
	s.chatPrefix.Store(cfg.ChatPrefix)
	return s
}

// Config returns the configuration with defaults filled in.
func (s *Server) Config() ServerConfig { return s.cfg }

// Start binds and begins serving. Errors name the failure, e.g.
// "listen tcp 127.0.0.1:80: bind: permission denied (ports below 1024 need administrator rights)".
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return msg.NewError(codeAlreadyRunning)
	}
	var impl serverImpl
	mode := s.ms.Load().mode
	s.forwarding.Store(mode == ModeForward)
	_, err := addr.ParseListen(s.cfg.Addr)
	switch {
	case mode == ModeRules && s.ms.Load().rules == nil:
		err = errNoRules
	case err != nil:
		err = msg.Wrap(err, codeListenNet, "Net", s.cfg.Network)
	case mode == ModeForward:
		impl, err = startForward(s)
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
	s.emit(said(Event{Kind: KindListening, Local: impl.addr().String()}, s.listeningMessage()))
	return nil
}

// Stop closes the listener and every connection and waits for every
// goroutine the server started. It returns what failed while closing, or
// nil. Stopping a stopped server is a no-op. The stopped event's message
// sums up the server's counters.
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
	}
	switch {
	case err != nil && s.forwarding.Load():
		err = msg.Wrap(err, codeStopRelayFailed, "Addr", local)
	case err != nil:
		err = msg.Wrap(err, codeStopFailed, "Net", s.cfg.Network, "Addr", local)
	}
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

// SetMode changes the mode and reply payload of a running or stopped
// server. In ModeRules without a rule set (SetRules) it answers nothing.
// Forwarding is chosen at Start: a server started in ModeForward relays
// until it stops, and one started in another mode answers nothing in
// ModeForward.
func (s *Server) SetMode(m Mode, reply []byte) {
	reply = append([]byte(nil), reply...)
	s.swapMode(func(st *modeState) { st.mode, st.reply = m, reply })
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

// Broadcast sends p to every peer at once and returns how many it reached.
// A peer that does not read within WriteTimeout does not delay the others.
func (s *Server) Broadcast(p []byte) (int, error) {
	impl, err := s.current()
	if err != nil {
		return 0, err
	}
	return impl.broadcast(p)
}

// Disconnect closes one TCP peer's connection (in ModeForward, and its
// connection to the target), or forgets one UDP address.
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
