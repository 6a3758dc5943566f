package sockets

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/sockettester/sockettester/sockets/msg"
)

// wsServer is the WebSocket half of a Server: an HTTP server that upgrades
// every request on any path and answers each message by the server's mode.
type wsServer struct {
	s     *Server
	ln    net.Listener
	local string
	hs    *http.Server
	done  chan struct{}
	wg    sync.WaitGroup

	mu    sync.Mutex
	conns map[string]*wsPeer
}

// wsPeer is one upgraded connection.
type wsPeer struct {
	c      *websocket.Conn
	addr   string
	since  time.Time
	st     counters
	rules  ruleState // used by the connection's goroutine alone
	ctx    context.Context
	cancel context.CancelFunc
	by     msg.Message // set before cancel: why the server ended it
	byMu   sync.Mutex
	sendMu sync.Mutex // Conn.Write is safe for concurrent use; this keeps one event order
}

func startWS(s *Server) (serverImpl, error) {
	if s.ms.Load().mode == ModeForward {
		return nil, msg.NewError(codeWSNoForward)
	}
	side, err := s.prepareTLS()
	if err != nil {
		return nil, err
	}
	network := "tcp"
	ln, err := s.cfg.Listen(network, s.cfg.Addr)
	if err != nil {
		return nil, err
	}
	w := &wsServer{s: s, ln: ln, local: ln.Addr().String(), done: make(chan struct{}), conns: make(map[string]*wsPeer)}
	if side != nil {
		ln = tls.NewListener(ln, side.cfg)
	}
	w.hs = &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.hs.Serve(ln)
	}()
	return w, nil
}

func (w *wsServer) addr() net.Addr { return w.ln.Addr() }

// ServeHTTP upgrades the request and serves the connection until it ends.
func (w *wsServer) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	remote := r.RemoteAddr
	emitCtl := func(code msg.Code) func(context.Context, []byte) {
		return func(_ context.Context, b []byte) {
			w.s.emit(said(Event{Kind: KindInfo, Local: w.local, Remote: remote}, msg.New(code, "Bytes", len(b))))
		}
	}
	onPong := emitCtl(codeWSPong)
	onPing := emitCtl(codeWSPing)
	var offered []string
	if p := r.Header.Get("Sec-WebSocket-Protocol"); p != "" {
		// A tester accepts what the client asks for: its first subprotocol.
		offered = SplitList(p)[:1]
	}
	c, err := websocket.Accept(rw, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // any Origin: the point is to test clients
		Subprotocols:       offered,
		OnPingReceived:     func(ctx context.Context, b []byte) bool { onPing(ctx, b); return true },
		OnPongReceived:     onPong,
	})
	if err != nil {
		w.s.emit(said(Event{Kind: KindError, Local: w.local, Remote: remote, Err: err}, msg.New(codeWSNotHandshake)))
		return
	}
	c.SetReadLimit(wsMaxMessage)
	p := &wsPeer{c: c, addr: remote, since: w.s.now()}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	w.mu.Lock()
	select {
	case <-w.done:
		w.mu.Unlock()
		c.CloseNow()
		p.cancel()
		return
	default:
	}
	if len(w.conns) >= w.s.cfg.MaxClients {
		w.mu.Unlock()
		c.Close(websocket.StatusTryAgainLater, "too many clients")
		p.cancel()
		w.s.emit(said(Event{Kind: KindError, Local: w.local, Remote: remote}, msg.New(codeClientLimit, "N", w.s.cfg.MaxClients)))
		return
	}
	w.conns[remote] = p
	w.wg.Add(1)
	w.mu.Unlock()
	defer w.wg.Done()
	w.s.st.connsCur.Add(1)
	w.s.st.connsTotal.Add(1)
	e := Event{Time: p.since, Kind: KindConnected, Local: w.local, Remote: remote}
	if sp := c.Subprotocol(); sp != "" {
		e.say(msg.New(codeWSAcceptedProto, "Path", strconv.Quote(r.URL.RequestURI()), "Proto", sp))
	} else {
		e.say(msg.New(codeWSAccepted, "Path", strconv.Quote(r.URL.RequestURI())))
	}
	w.s.emit(e)
	w.serve(p)
}

func (w *wsServer) serve(p *wsPeer) {
	defer func() {
		w.mu.Lock()
		delete(w.conns, p.addr)
		w.mu.Unlock()
		w.s.st.connsCur.Add(-1)
		p.cancel()
	}()
	// Reads and the echo's writes take no context with a Done channel:
	// coder/websocket arms a watcher per call for one, which costs the data
	// path about a tenth; Stop and Disconnect end them with CloseNow.
	bg := context.Background()
	for {
		typ, b, err := p.c.Read(bg)
		if err != nil {
			w.ended(p, err)
			return
		}
		p.st.in(len(b))
		w.s.st.in(len(b))
		var rx Event
		logged := w.s.cfg.Events.admitData(1)
		if logged {
			rx = w.dataEvent(KindReceived, p.addr, typ, b)
			w.s.cfg.Events.Emit(rx)
		}
		w.s.hear(p.addr, b)
		ms := w.s.ms.Load()
		switch ms.mode {
		case ModeEcho:
			if logged {
				w.writeLogged(bg, p, typ, b, echoEvent(rx))
			} else {
				w.writeLogged(bg, p, typ, b, Event{})
			}
		case ModeReply:
			w.write(bg, p, typ, ms.reply)
		case ModeRules:
			if !w.answerRules(p, typ, b) {
				p.c.Close(websocket.StatusNormalClosure, "closed by rule")
				w.s.emit(said(Event{Kind: KindDisconnected, Local: w.local, Remote: p.addr}, msg.New(codeClosedByRuleErr)))
				return
			}
		case ModeChat:
			w.chat(p, typ, b)
		}
	}
}

// answerRules answers one message by the rules, each message a frame of its
// own; false: a rule closed the connection.
func (w *wsServer) answerRules(p *wsPeer, typ websocket.MessageType, b []byte) bool {
	rp := p.rules.rulePeer(w.s, p.addr)
	if rp == nil {
		return true
	}
	open := true
	act := func(a *RuleAction) bool {
		w.s.ruleEvent(w.local, p.addr, a)
		if len(a.Reply) > 0 {
			if a.Delay > 0 {
				t := time.NewTimer(a.Delay)
				select {
				case <-t.C:
				case <-p.ctx.Done():
					t.Stop()
					open = false
					return false
				}
			}
			w.write(p.ctx, p, typ, a.Reply)
		}
		if a.Close {
			open = false
		}
		return open
	}
	rp.Feed(b, act)
	if open {
		rp.Flush(act)
	}
	return open
}

// chat passes one message to every other client, each write bounded by the
// write timeout so a peer that reads nothing stalls nobody for long.
func (w *wsServer) chat(from *wsPeer, typ websocket.MessageType, b []byte) {
	m := w.s.chatMessage(from.addr, b)
	for _, p := range w.others(from.addr) {
		ctx, cancel := context.WithTimeout(p.ctx, w.s.cfg.WriteTimeout)
		w.write(ctx, p, typ, m)
		cancel()
	}
}

func (w *wsServer) others(except string) []*wsPeer {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]*wsPeer, 0, len(w.conns))
	for a, p := range w.conns {
		if a != except {
			out = append(out, p)
		}
	}
	return out
}

func (w *wsServer) write(ctx context.Context, p *wsPeer, typ websocket.MessageType, b []byte) error {
	var e Event
	if w.s.cfg.Events.admitData(1) {
		e = w.dataEvent(KindSent, p.addr, typ, b)
	}
	return w.writeLogged(ctx, p, typ, b, e)
}

// writeLogged sends one message and reports it with e (unless e is empty).
func (w *wsServer) writeLogged(ctx context.Context, p *wsPeer, typ websocket.MessageType, b []byte, e Event) error {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	if e.Kind == KindSent {
		w.s.cfg.Events.Emit(e)
	}
	err := p.c.Write(ctx, typ, b)
	if err != nil {
		return err
	}
	p.st.out(len(b))
	w.s.st.out(len(b))
	return nil
}

func (w *wsServer) dataEvent(k Kind, peer string, typ websocket.MessageType, b []byte) Event {
	e := newDataEvent(SideServer, NetworkWS, k, w.local, peer, b, w.s.cfg.CaptureBytes)
	e.Opcode = opcodeOf(typ)
	return e
}

// ended reports why a connection ended: the client's close frame with its
// code and reason, the server's stop or disconnect, or the error.
func (w *wsServer) ended(p *wsPeer, err error) {
	e := Event{Kind: KindDisconnected, Local: w.local, Remote: p.addr}
	p.byMu.Lock()
	by := p.by
	p.byMu.Unlock()
	switch m, ok := wsClosed(err, false); {
	case !by.IsZero():
		e.say(by)
	case ok:
		e.say(m)
	default:
		var m msg.Message
		m, e.Err = endOf(unwrapWS(err), codeClosedByPeer, codeResetByPeer)
		e.say(m)
	}
	w.s.emit(e)
}

// unwrapWS turns the library's "failed to get reader: EOF" into the EOF
// endOf knows.
func unwrapWS(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return io.EOF
	}
	return err
}

func (w *wsServer) stop() error {
	w.mu.Lock()
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	peers := make([]*wsPeer, 0, len(w.conns))
	for _, p := range w.conns {
		peers = append(peers, p)
	}
	w.mu.Unlock()
	err := w.hs.Close()
	for _, p := range peers {
		w.end(p, msg.New(codeServerStopped), websocket.StatusGoingAway, "server stopped")
	}
	w.wg.Wait()
	return err
}

// end closes p with a close frame, bounded by the write timeout, then at once.
func (w *wsServer) end(p *wsPeer, by msg.Message, code websocket.StatusCode, reason string) {
	p.byMu.Lock()
	p.by = by
	p.byMu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		// Close waits for the client's answering close frame; a client that
		// never answers is cut off.
		t := time.AfterFunc(w.s.cfg.WriteTimeout, func() { p.c.CloseNow(); p.cancel() })
		defer t.Stop()
		p.c.Close(code, reason)
		p.cancel()
	}()
}

func (w *wsServer) peers() []PeerInfo {
	w.mu.Lock()
	out := make([]PeerInfo, 0, len(w.conns))
	for _, p := range w.conns {
		out = append(out, newPeerInfo(p.addr, p.since, p.since, &p.st))
	}
	w.mu.Unlock()
	return sortPeers(out)
}

func (w *wsServer) peer(addr string) (*wsPeer, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, ok := w.conns[addr]
	if !ok {
		return nil, &msg.Error{Message: msg.New(codeNoSuchPeer, "Addr", addr), Err: ErrNoSuchPeer}
	}
	return p, nil
}

func (w *wsServer) sendTo(peer string, b []byte) error {
	p, err := w.peer(peer)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(p.ctx, w.s.cfg.WriteTimeout)
	defer cancel()
	return w.write(ctx, p, websocket.MessageText, b)
}

func (w *wsServer) broadcast(b []byte) (int, error) {
	n := 0
	var first error
	for _, p := range w.others("") {
		ctx, cancel := context.WithTimeout(p.ctx, w.s.cfg.WriteTimeout)
		err := w.write(ctx, p, websocket.MessageText, b)
		cancel()
		if err == nil {
			n++
		} else if first == nil {
			first = err
		}
	}
	return n, first
}

func (w *wsServer) disconnect(peer string) error {
	p, err := w.peer(peer)
	if err != nil {
		return err
	}
	w.end(p, msg.New(codeDisconnectedByServer), websocket.StatusNormalClosure, "disconnected by server")
	return nil
}
