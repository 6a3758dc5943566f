package tlsinfo

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Codes of a server's verdict on a client certificate.
const (
	codeClientCertMissing  msg.Code = "clientCertMissing"
	codeClientCertOtherCA  msg.Code = "clientCertOtherCA"
	codeClientCertBadWhy   msg.Code = "clientCertBadWhy"
	codeClientCertVerified msg.Code = "clientCertVerified"
)

var _ = msg.Define(map[msg.Code]string{
	codeClientCertMissing:  "the client sent no certificate, and this server requires one issued by {CAs} (openssl s_client -cert FILE -key FILE; curl --cert FILE --key FILE)",
	codeClientCertOtherCA:  "the client's certificate {Subject} is issued by {Issuer}, not by a CA this server trusts for clients ({CAs})",
	codeClientCertBadWhy:   "the client's certificate {Subject} was refused: {Why}",
	codeClientCertVerified: "client certificate verified: {Subject}, issued by {Issuer}; {TLS}",
})

// CASubjects lists the subjects of the PEM certificates in b, for
// messages naming the CAs a server trusts for clients.
func CASubjects(b []byte) []string {
	var out []string
	for _, c := range parsePEMCerts(b) {
		out = append(out, c.Subject.String())
	}
	return out
}

// ExplainClientCert rewords e, from a server that requires client
// certificates issued by cas (their subjects), as the client's part: no
// certificate sent, issued by another CA (named), or why else refused.
func ExplainClientCert(e *Error, cas []string) *Error {
	names := strings.Join(cas, "; ")
	var cve *tls.CertificateVerificationError
	switch {
	case errors.As(e.Err, &cve) && len(cve.UnverifiedCertificates) > 0:
		leaf := cve.UnverifiedCertificates[0]
		var unknown x509.UnknownAuthorityError
		if errors.As(cve.Err, &unknown) {
			e.say(UnknownAuthority, msg.New(codeClientCertOtherCA, "Subject", leaf.Subject.String(), "Issuer", leaf.Issuer.String(), "CAs", names))
		} else {
			e.say(e.Reason, msg.New(codeClientCertBadWhy, "Subject", leaf.Subject.String(), "Why", e.Why))
		}
	case e.Err != nil && strings.Contains(e.Err.Error(), "didn't provide a certificate"):
		e.say(NoClientCert, msg.New(codeClientCertMissing, "CAs", names))
	}
	return e
}

// ClientVerifiedMessage is the event of a client whose certificate a
// server verified: its subject and issuer, then the handshake's summary.
func ClientVerifiedMessage(h *Handshake) msg.Message {
	var subject, issuer string
	if len(h.Chain) > 0 {
		subject, issuer = h.Chain[0].Subject, h.Chain[0].Issuer
	}
	return msg.New(codeClientCertVerified, "Subject", subject, "Issuer", issuer, "TLS", h.Message())
}

// parsePEMCerts returns the certificates in b that parse, skipping others.
func parsePEMCerts(b []byte) []*x509.Certificate {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return out
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		if c, err := x509.ParseCertificate(blk.Bytes); err == nil {
			out = append(out, c)
		}
	}
}
