package tlsinfo

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Verification results in Handshake.Verify besides "ok" and the reason a
// check failed.
const (
	VerifyOK           = "ok"
	VerifySkipped      = "skipped"        // the client was told not to verify (Insecure)
	VerifyNotRequested = "not requested"  // a server that asks for no client certificate
	VerifyNotChecked   = "not checked"    // a server that asks for one and got one, but trusts no CA to check it by
	VerifyNone         = "none presented" // a server that asks for one and got none
)

// Handshake is what a TLS handshake settled, as openssl s_client reports it.
type Handshake struct {
	Version    string     `json:"version"`               // e.g. "TLS 1.3"
	Cipher     string     `json:"cipher"`                // e.g. "TLS_AES_128_GCM_SHA256"
	ALPN       string     `json:"alpn,omitempty"`        // the protocol agreed, if any
	Resumed    bool       `json:"resumed"`               // the session was resumed
	ServerName string     `json:"server_name,omitempty"` // the SNI sent or received
	Verified   bool       `json:"verified"`              // the peer's chain was checked and is trusted
	Verify     string     `json:"verify"`                // "ok", "skipped", "not requested", or why it failed
	Chain      []CertInfo `json:"chain,omitempty"`       // the peer's certificates, leaf first
	// ClientCert is, for a client whose server asked for a certificate,
	// what it did: ClientCertSent, ClientCertNone or ClientCertHeldBack.
	ClientCert string `json:"client_cert,omitempty"`
}

// What a client did when its server asked for a certificate
// (Handshake.ClientCert).
const (
	ClientCertSent     = "sent"
	ClientCertNone     = "none sent" // the client has none
	ClientCertHeldBack = "held back" // the server's CA list does not cover the client's
)

// CertInfo describes one certificate of a peer's chain.
type CertInfo struct {
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	SANs      []string  `json:"sans,omitempty"` // DNS names and IP addresses
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	DaysLeft  int       `json:"days_left"` // whole days from the handshake to NotAfter; negative once expired
	Key       string    `json:"key"`       // e.g. "ECDSA P-256", "RSA 2048"
	SHA256    string    `json:"sha256"`    // fingerprint of the DER, hex pairs joined by ':'
}

// fingerprint is SHA-256 as openssl x509 -fingerprint -sha256 prints it.
func fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// certInfo describes c as seen at now.
func certInfo(c *x509.Certificate, now time.Time) CertInfo {
	return CertInfo{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		SANs:      sans(c),
		NotBefore: c.NotBefore.UTC(),
		NotAfter:  c.NotAfter.UTC(),
		DaysLeft:  daysLeft(c.NotAfter, now),
		Key:       keyName(c.PublicKey),
		SHA256:    fingerprint(c.Raw),
	}
}

// daysLeft rounds towards the past: expired an hour ago is -1.
func daysLeft(t, now time.Time) int {
	d := t.Sub(now)
	days := int(d / (24 * time.Hour))
	if d < 0 && d%(24*time.Hour) != 0 {
		days--
	}
	return days
}

func sans(c *x509.Certificate) []string {
	out := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		out = append(out, ip.String())
	}
	for _, u := range c.URIs {
		out = append(out, u.String())
	}
	return append(out, c.EmailAddresses...)
}

// keyName is e.g. "ECDSA P-256", "RSA 2048".
func keyName(k any) string {
	switch k := k.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return fmt.Sprintf("%T", k)
}

// NewHandshake describes a finished handshake: the peer's chain as seen at
// now and the verification result.
func NewHandshake(cs tls.ConnectionState, now time.Time, verified bool, verify string) *Handshake {
	info := &Handshake{
		Version:    tls.VersionName(cs.Version),
		Cipher:     tls.CipherSuiteName(cs.CipherSuite),
		ALPN:       cs.NegotiatedProtocol,
		Resumed:    cs.DidResume,
		ServerName: cs.ServerName,
		Verified:   verified,
		Verify:     verify,
	}
	info.Chain = Chain(cs.PeerCertificates, now)
	return info
}

// Chain describes certificates, leaf first, as seen at now.
func Chain(certs []*x509.Certificate, now time.Time) []CertInfo {
	if len(certs) == 0 {
		return nil
	}
	out := make([]CertInfo, len(certs))
	for i, c := range certs {
		out[i] = certInfo(c, now)
	}
	return out
}

// Summary sums the handshake up in one line, e.g. "TLS 1.3,
// TLS_AES_128_GCM_SHA256, ALPN h2, new session; verified", for the
// handshake event's message and a status line.
func (i *Handshake) Summary() string { return i.Message().String() }

// Message is Summary as a code and arguments; each optional part is a
// nested message, or "" when the handshake had none.
func (i *Handshake) Message() msg.Message {
	var alpn, sni, verify, cert any = "", "", "", ""
	if i.ALPN != "" {
		alpn = msg.New(codeTLSPartALPN, "ALPN", i.ALPN)
	}
	session := msg.New(codeTLSPartNewSession)
	if i.Resumed {
		session = msg.New(codeTLSPartResumed)
	}
	if i.ServerName != "" {
		sni = msg.New(codeTLSPartSNI, "Name", i.ServerName)
	}
	switch i.Verify {
	case VerifyOK:
		verify = msg.New(codeTLSPartVerified)
	case VerifySkipped:
		verify = msg.New(codeTLSPartSkipped)
	case VerifyNotRequested:
	default:
		verify = msg.New(codeTLSPartPeerCert, "Verify", i.Verify)
	}
	switch i.ClientCert {
	case ClientCertSent:
		verify = msg.New(codeTLSPartClientCert, "Verify", verify, "Cert", msg.New(codeTLSClientCertSent))
	case ClientCertNone:
		verify = msg.New(codeTLSPartClientCert, "Verify", verify, "Cert", msg.New(codeTLSClientCertNone))
	case ClientCertHeldBack:
		verify = msg.New(codeTLSPartClientCert, "Verify", verify, "Cert", msg.New(codeTLSClientCertHeldBack))
	}
	if len(i.Chain) > 0 {
		leaf := i.Chain[0]
		cert = msg.New(codeTLSPartLeaf, "Subject", leaf.Subject, "Key", leaf.Key, "Days", leaf.DaysLeft, "SHA", leaf.SHA256)
	}
	return msg.New(codeTLSSummary, "Version", i.Version, "Cipher", i.Cipher, "ALPN", alpn, "Session", session,
		"SNI", sni, "Verify", verify, "Cert", cert)
}
