package sockets

import (
	"crypto/tls"
	"errors"
	"net"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// Certificate returns the certificate a TLS server presents: its PEM (to
// trust it) and SHA-256 fingerprint. It is nil for a plain server or
// before the first Start. A generated certificate survives Stop and is
// used again by the next Start while it has more than a day to run.
func (s *Server) Certificate() *tlsinfo.Certificate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cert
}

// prepareTLS is nil without TLS. s.mu is held.
func (s *Server) prepareTLS() (*tlsServerSide, error) {
	if s.cfg.TLS == nil {
		return nil, nil
	}
	side, err := newTLSServerSide(s.cfg.TLS, s.cfg.Addr, s.cert)
	if err != nil {
		return nil, err
	}
	s.cert = side.cert
	return side, nil
}

// listeningMessage is the mode and, with TLS, the certificate. s.mu is held.
func (s *Server) listeningMessage() msg.Message {
	if s.ms.Load().mode == ModeForward {
		return s.forwardNote()
	}
	mode := msg.New(modeCodes[s.ms.Load().mode])
	if s.cfg.TLS == nil || s.cert == nil {
		return mode
	}
	return msg.New(codeModeWithTLS, "Mode", mode, "TLS", describeCert(s.cert))
}

func describeCert(c *tlsinfo.Certificate) msg.Message {
	if c.Generated {
		return msg.New(codeTLSGenerated, "SHA", c.SHA256)
	}
	return msg.New(codeTLSLoaded, "Subject", c.Info.Subject, "SHA", c.SHA256)
}

func (side *tlsServerSide) handshake(tc *tls.Conn, raw net.Conn, peer string) (*tlsinfo.Handshake, error) {
	raw.SetDeadline(time.Now().Add(side.timeout))
	err := tc.Handshake()
	raw.SetDeadline(time.Time{})
	if err != nil {
		var first []byte
		if fb, ok := tc.NetConn().(*firstBytes); ok {
			first = fb.kept
		}
		te := tlsinfo.Explain(err, peer, "client", side.timeout, time.Now(), first)
		if side.clientCAs != nil {
			te = tlsinfo.ExplainClientCert(te, side.clientCAs)
		}
		if te.Reason == tlsinfo.NotTLS {
			// Tell a plain client, in the only words it may understand,
			// what it reached: OpenSSL servers send the alert, Go's
			// net/http answers HTTP in HTTP.
			answer := tlsAlertUnexpected
			if tlsinfo.LooksLikeHTTP(first) {
				answer = []byte(tlsinfo.HTTPToTLSAnswer)
			}
			raw.SetWriteDeadline(time.Now().Add(time.Second))
			raw.Write(answer)
		}
		return nil, te
	}
	cs := tc.ConnectionState()
	verify := tlsinfo.VerifyNotRequested
	switch {
	case side.clientCAs != nil:
		return tlsinfo.NewHandshake(cs, time.Now(), true, tlsinfo.VerifyOK), nil
	case side.cfg.ClientAuth == tls.NoClientCert:
	case len(cs.PeerCertificates) == 0:
		verify = tlsinfo.VerifyNone
	default:
		verify = tlsinfo.VerifyNotChecked
	}
	return tlsinfo.NewHandshake(cs, time.Now(), false, verify), nil
}

// handshakeEvent is one event naming the peer, the reason and the chain the
// peer sent; the emitter fills in the network.
func handshakeEvent(side Side, local, peer string, err error) Event {
	e := said(Event{Side: side, Kind: KindError, Local: local, Remote: peer, Err: err}, msg.New(codeTLSFailed))
	var te *tlsinfo.Error
	if errors.As(err, &te) && te.Chain != nil {
		e.TLS = &tlsinfo.Handshake{Verify: te.Text, Chain: te.Chain}
	}
	return e
}

// startTLS reports p as connected, then the handshake; on failure it forgets
// p and one error event says why (none when stopping or p was dropped). It
// reports whether to serve p.
func (t *tcpServer) startTLS(p *tcpPeer) bool {
	info, err := t.tls.handshake(p.conn.(*tls.Conn), p.raw, p.addr)
	if err != nil {
		t.forget(p)
		if p.closedBy.Load() == nil {
			t.s.emit(handshakeEvent(SideServer, t.local, p.addr, err))
		}
		return false
	}
	t.s.emit(t.connectedEvent(p))
	e := tlsEvent(Event{Kind: KindTLS, Local: t.local, Remote: p.addr}, info)
	if t.tls.clientCAs != nil {
		e = said(e, tlsinfo.ClientVerifiedMessage(info))
	}
	t.s.emit(e)
	return true
}
