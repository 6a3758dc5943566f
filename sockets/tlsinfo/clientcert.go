package tlsinfo

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"net"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets/msg"
)

// CertRequest records what a server asked of a client certificate during
// one handshake and what the client sent, so that a refusal can say why:
// crypto/tls sends no certificate, silently, when the server asks for none
// it has or for CAs that did not issue the one it has.
type CertRequest struct {
	cert *tls.Certificate // the client's own, or nil

	mu       sync.Mutex
	asked    bool
	sent     bool
	heldBack bool
	cas      []string // the subjects of the CAs the server named
}

// NewCertRequest records the requests for cert (nil: the client has none).
func NewCertRequest(cert *tls.Certificate) *CertRequest { return &CertRequest{cert: cert} }

// GetClientCertificate is for tls.Config: it sends the client's certificate
// when the server's CA list covers it (or names none), else none, and
// remembers which.
func (r *CertRequest) GetClientCertificate(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = true
	r.cas = caSubjects(cri.AcceptableCAs)
	switch {
	case r.cert == nil:
		return &tls.Certificate{}, nil
	case len(cri.AcceptableCAs) > 0 && cri.SupportsCertificate(r.cert) != nil:
		r.heldBack = true
		return &tls.Certificate{}, nil
	}
	r.sent = true
	return r.cert, nil
}

// State is what the client did when asked for a certificate, for
// Handshake.ClientCert: "" when the server did not ask.
func (r *CertRequest) State() string {
	if r == nil {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case !r.asked:
		return ""
	case r.sent:
		return ClientCertSent
	case r.heldBack:
		return ClientCertHeldBack
	}
	return ClientCertNone
}

// caSubjects are the distinguished names, as text, of a CertificateRequest's
// certificate_authorities.
func caSubjects(ders [][]byte) []string {
	var out []string
	for _, der := range ders {
		var rdn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(der, &rdn); err != nil || len(rest) > 0 {
			continue
		}
		var n pkix.Name
		n.FillFromRDNSequence(&rdn)
		out = append(out, n.String())
	}
	return out
}

// wantsCertAlert reports whether alert is one a server sends a client
// that gave it no certificate: TLS 1.3's "certificate required"; in TLS
// 1.2 crypto/tls says "bad certificate" and OpenSSL "handshake failure".
func wantsCertAlert(alert string) bool {
	for _, a := range []string{"certificate required", "bad certificate", "handshake failure", "certificate unknown"} {
		if strings.Contains(alert, a) {
			return true
		}
	}
	return false
}

// missing is why a server that refused the client wanted a certificate,
// when the client sent none; it is zero when the client sent one or was
// not asked.
func (r *CertRequest) missing(alert string) msg.Message {
	if r == nil || !wantsCertAlert(alert) {
		return msg.Message{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case !r.asked || r.sent:
		return msg.Message{}
	case r.heldBack:
		leaf := r.cert.Leaf
		if leaf == nil {
			leaf, _ = x509.ParseCertificate(r.cert.Certificate[0])
		}
		subject, issuer := "", ""
		if leaf != nil {
			subject, issuer = leaf.Subject.String(), leaf.Issuer.String()
		}
		return msg.New(codeTLSCertHeldBack, "Alert", alert, "CAs", strings.Join(r.cas, "; "), "Subject", subject, "Issuer", issuer)
	}
	return msg.New(codeTLSWantsClientCert, "Alert", alert)
}

// ExplainRefusal says, when a handshake or the first read after it ended
// with the server's alert because the client sent no certificate, that the
// server requires one and how to give one, or that the client's own was
// held back and which CAs the server asked for. Other errors come back as
// they were. r may be nil.
func (r *CertRequest) ExplainRefusal(err error) error {
	var te *Error
	if errors.As(err, &te) {
		var op *net.OpError
		if te.Reason == Refused && errors.As(te.Err, &op) && op.Op == "remote error" {
			if m := r.missing(op.Err.Error()); !m.IsZero() {
				te.say(Refused, m)
			}
		}
		return err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		if m := r.missing(op.Err.Error()); !m.IsZero() {
			return &msg.Error{Message: m, Err: err}
		}
	}
	return err
}
