package sockets

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// defaultHandshakeTimeout: a peer that says nothing cannot hold a client
// slot for longer.
const defaultHandshakeTimeout = 10 * time.Second

// ClientTLS turns TLS on for a client connection (ClientConfig.TLS). The
// zero value verifies the server against the system's roots with the host
// of ClientConfig.Addr as the server name.
type ClientTLS struct {
	// ServerName is sent as SNI and checked against the server's
	// certificate; empty means the host of ClientConfig.Addr.
	ServerName string
	// CAFile names a PEM file of certificates to trust instead of the
	// system's roots.
	CAFile string
	// CAPEM holds PEM certificates to trust, with or instead of CAFile: the
	// app passes its own server's Certificate().PEM here.
	CAPEM []byte
	// Insecure skips verifying the server's certificate. The handshake
	// event then says "skipped".
	Insecure bool
	// ALPN lists the application protocols to offer, e.g. "h2",
	// "http/1.1".
	ALPN []string
	// CertFile and KeyFile name a PEM certificate and key to present when
	// the server asks for one (mutual TLS).
	CertFile, KeyFile string
	// MinVersion is the lowest protocol version accepted, e.g.
	// tls.VersionTLS13; zero means TLS 1.2.
	MinVersion uint16
}

// ServerTLS turns TLS on for a TCP server or for a relay's side facing its
// clients. With no certificate files, a self-signed one is generated at
// Start (see Certificate).
type ServerTLS struct {
	// CertFile and KeyFile name the PEM certificate (chain, leaf first) and
	// its private key. Both empty: generate a certificate for this session.
	CertFile, KeyFile string
	// ServerName is the name clients will connect by. A loaded certificate
	// must cover it (without it, a specific bind address); a generated one
	// includes it.
	ServerName string
	// RequestClientCert asks clients for a certificate (without requiring
	// or verifying one); the handshake event lists what they presented.
	RequestClientCert bool
	// ALPN lists the application protocols the server agrees to, in order
	// of preference.
	ALPN []string
	// MinVersion is the lowest protocol version accepted; zero means TLS
	// 1.2.
	MinVersion uint16
	// HandshakeTimeout bounds each client's handshake (default 10 s).
	HandshakeTimeout time.Duration
}

// SplitList splits a comma-separated list such as an ALPN list ("h2,
// http/1.1"), dropping spaces and empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// config reads files here, so a missing one fails the dial with its name.
func (t *ClientTLS) config(host string) (*tls.Config, error) {
	cfg := &tls.Config{
		ServerName:         t.ServerName,
		InsecureSkipVerify: t.Insecure,
		NextProtos:         t.ALPN,
		MinVersion:         orTLS12(t.MinVersion),
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if t.CAFile != "" || len(t.CAPEM) > 0 {
		pool := x509.NewCertPool()
		if t.CAFile != "" {
			b, err := os.ReadFile(t.CAFile)
			if err != nil {
				return nil, msg.Wrap(err, codeCAFileErr)
			}
			if !pool.AppendCertsFromPEM(b) {
				return nil, msg.NewError(codeCANotPEM, "File", t.CAFile)
			}
		}
		if len(t.CAPEM) > 0 && !pool.AppendCertsFromPEM(t.CAPEM) {
			return nil, msg.NewError(codeCAPEMEmpty)
		}
		cfg.RootCAs = pool
	}
	switch {
	case t.CertFile != "" && t.KeyFile != "":
		kp, err := tlsinfo.LoadKeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, msg.Wrap(err, codeClientCertErr)
		}
		cfg.Certificates = []tls.Certificate{kp}
	case t.CertFile != "" || t.KeyFile != "":
		return nil, msg.NewError(codeClientCertBoth)
	}
	return cfg, nil
}

// orTLS12 is the minimum version: v, or TLS 1.2 when v is zero.
func orTLS12(v uint16) uint16 {
	if v == 0 {
		return tls.VersionTLS12
	}
	return v
}

// tlsServerSide is the TLS settings, built once at Start, and certificate.
type tlsServerSide struct {
	cfg     *tls.Config
	cert    *tlsinfo.Certificate
	timeout time.Duration
}

// newTLSServerSide reuses prev when it was generated for the same names and
// has more than a day to run, so clients that trusted it keep working
// across a restart.
func newTLSServerSide(t *ServerTLS, bind string, prev *tlsinfo.Certificate) (*tlsServerSide, error) {
	var cert *tlsinfo.Certificate
	var err error
	switch {
	case t.CertFile == "" && t.KeyFile == "":
		names := generatedNames(bind, t.ServerName)
		if prev != nil && prev.Generated && prev.Covers(names) && time.Until(prev.Info.NotAfter) > 24*time.Hour {
			cert = prev
		} else if cert, err = tlsinfo.Generate(names, 7*24*time.Hour); err != nil {
			return nil, err
		}
	case t.CertFile == "" || t.KeyFile == "":
		return nil, msg.NewError(codeCertBoth)
	default:
		if cert, err = tlsinfo.Load(t.CertFile, t.KeyFile, checkName(bind, t.ServerName), time.Now()); err != nil {
			return nil, err
		}
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert.KeyPair()},
		NextProtos:   t.ALPN,
		MinVersion:   orTLS12(t.MinVersion),
	}
	if t.RequestClientCert {
		cfg.ClientAuth = tls.RequestClientCert
	}
	timeout := t.HandshakeTimeout
	orDefault(&timeout, defaultHandshakeTimeout)
	return &tlsServerSide{cfg: cfg, cert: cert, timeout: timeout}, nil
}
