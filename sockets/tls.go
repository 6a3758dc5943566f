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

// ClientTLS turns TLS on for a client connection. The zero value verifies the
// server against the system's roots, by the host of ClientConfig.Addr.
type ClientTLS struct {
	ServerName        string   // SNI and the name verified; empty: the host of ClientConfig.Addr
	CAFile            string   // PEM certificates to trust instead of the system's roots
	CAPEM             []byte   // PEM certificates to trust, with or instead of CAFile
	Insecure          bool     // skip verifying the server's certificate
	ALPN              []string // protocols to offer, e.g. "h2"
	CertFile, KeyFile string   // PEM certificate and key for mutual TLS
	MinVersion        uint16   // e.g. tls.VersionTLS13; zero means TLS 1.2
}

// ServerTLS turns TLS on for a TCP server or a relay's client side. Without
// certificate files, a self-signed one is generated at Start.
type ServerTLS struct {
	CertFile, KeyFile string // PEM chain (leaf first) and key; both empty: generate one
	// ServerName is the name clients connect by; a loaded certificate must cover
	// it, a generated one includes it.
	ServerName        string
	RequestClientCert bool // ask for a client certificate without requiring or verifying it
	// ClientCAFile and ClientCAPEM (PEM certificates, either or both) make
	// the server require a client certificate issued by one of them.
	ClientCAFile     string
	ClientCAPEM      []byte
	ALPN             []string      // protocols agreed to, in order of preference
	MinVersion       uint16        // zero means TLS 1.2
	HandshakeTimeout time.Duration // bounds each client's handshake (default 10 s)
}

// SplitList splits a comma-separated list such as "h2, http/1.1", dropping
// spaces and empty items.
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
// The CertRequest records what the server asks of a client certificate.
func (t *ClientTLS) config(host string) (*tls.Config, *tlsinfo.CertRequest, error) {
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
				return nil, nil, msg.Wrap(err, codeCAFileErr)
			}
			if !pool.AppendCertsFromPEM(b) {
				return nil, nil, msg.NewError(codeCANotPEM, "File", t.CAFile)
			}
		}
		if len(t.CAPEM) > 0 && !pool.AppendCertsFromPEM(t.CAPEM) {
			return nil, nil, msg.NewError(codeCAPEMEmpty)
		}
		cfg.RootCAs = pool
	}
	var own *tls.Certificate
	switch {
	case t.CertFile != "" && t.KeyFile != "":
		kp, err := tlsinfo.LoadKeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, nil, msg.Wrap(err, codeClientCertErr)
		}
		own = &kp
	case t.CertFile != "" || t.KeyFile != "":
		return nil, nil, msg.NewError(codeClientCertBoth)
	}
	req := tlsinfo.NewCertRequest(own)
	cfg.GetClientCertificate = req.GetClientCertificate
	return cfg, req, nil
}

func orTLS12(v uint16) uint16 {
	if v == 0 {
		return tls.VersionTLS12
	}
	return v
}

type tlsServerSide struct {
	cfg       *tls.Config
	cert      *tlsinfo.Certificate
	timeout   time.Duration
	clientCAs []string // subjects of the CAs client certificates must be issued by; nil: none required
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
	cas, err := requireClientCerts(cfg, t)
	if err != nil {
		return nil, err
	}
	timeout := t.HandshakeTimeout
	orDefault(&timeout, defaultHandshakeTimeout)
	return &tlsServerSide{cfg: cfg, cert: cert, timeout: timeout, clientCAs: cas}, nil
}
