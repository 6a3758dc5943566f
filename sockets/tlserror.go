package sockets

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets/internal/enum"
)

// TLSFailure says, for a program, why a TLS handshake failed.
type TLSFailure int

// Reasons a handshake fails.
const (
	TLSFailed           TLSFailure = iota // none of the below
	TLSUnknownAuthority                   // the chain leads to no trusted root (self-signed?)
	TLSNameMismatch                       // the certificate is for other names
	TLSExpired                            // the certificate expired or is not yet valid
	TLSNotTLS                             // the peer speaks plain bytes
	TLSTimeout                            // no handshake in time
	TLSRefused                            // the peer sent an alert
	TLSClosed                             // the peer hung up during the handshake
)

var tlsFailureEnum = enum.Names[TLSFailure]{Type: "TLSFailure", What: "TLS failure",
	Names: []string{"failed", "unknown authority", "name mismatch", "expired", "not TLS", "timeout", "refused", "closed"}}

// String names the reason, e.g. "unknown authority".
func (f TLSFailure) String() string { return tlsFailureEnum.Name(f) }

// Verification reports whether the peer's certificate was the problem:
// trusting it (a CA file) or skipping the check would get past it.
func (f TLSFailure) Verification() bool {
	return f == TLSUnknownAuthority || f == TLSNameMismatch || f == TLSExpired
}

// TLSError is a failed handshake, explained in plain words.
type TLSError struct {
	Peer   string     // the other end's address
	Reason TLSFailure // why, for a program
	Text   string     // why, for a person, e.g. "certificate is for example.com, you asked for localhost"
	Chain  []CertInfo // the certificates the peer presented, when it got that far
	Err    error      // what crypto/tls or the network said
}

// Error reads "TLS handshake with PEER failed: TEXT: ERR".
func (e *TLSError) Error() string {
	return fmt.Sprintf("TLS handshake with %s failed: %s: %v", e.Peer, e.Text, e.Err)
}

// Unwrap returns the original error.
func (e *TLSError) Unwrap() error { return e.Err }

// handshakeFailure explains err from a handshake with peer. other names
// the other end ("server" or "client"); timeout is the limit that applied;
// first holds the first bytes the peer sent, when they were kept.
func handshakeFailure(err error, peer, other string, timeout time.Duration, now time.Time, first []byte) *TLSError {
	e := &TLSError{Peer: peer, Err: err}
	var cve *tls.CertificateVerificationError
	var rhe tls.RecordHeaderError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var op *net.OpError
	switch {
	case errors.As(err, &cve):
		e.Chain = chainInfo(cve.UnverifiedCertificates, now)
		e.Reason, e.Text = TLSFailed, "the certificate did not verify"
		switch {
		case errors.As(cve.Err, &unknown):
			self := map[string]string{"server": "client", "client": "server"}[other]
			e.Reason, e.Text = TLSUnknownAuthority, "the certificate is not signed by an authority this "+self+" trusts (self-signed?)"
		case errors.As(cve.Err, &hostErr):
			e.Reason, e.Text = TLSNameMismatch, nameMismatch(hostErr.Certificate, hostErr.Host)
		case errors.As(cve.Err, &invalid) && invalid.Reason == x509.Expired:
			e.Reason = TLSExpired
			if now.After(invalid.Cert.NotAfter) {
				e.Text = "certificate expired on " + dateAgo(invalid.Cert.NotAfter, now)
			} else {
				e.Text = "certificate is not valid until " + invalid.Cert.NotBefore.UTC().Format(time.DateTime+" UTC")
			}
		}
	case errors.As(err, &rhe) || looksPlain(first):
		if len(first) < len(rhe.RecordHeader) && rhe.RecordHeader[0] != 0 {
			first = rhe.RecordHeader[:]
		}
		what := "the server answered with"
		if other == "client" {
			what = "the client sent"
		}
		e.Reason, e.Text = TLSNotTLS, fmt.Sprintf("%s plain bytes: \"%s\" (it does not speak TLS)", what, QuoteText(first))
	case strings.Contains(err.Error(), "*tls.clientHelloMsg when waiting for *tls.serverHelloMsg"):
		e.Reason, e.Text = TLSNotTLS, "the server sent our own TLS hello back: it speaks plain TCP (an echo server?), not TLS"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		e.Reason, e.Text = TLSTimeout, fmt.Sprintf("no TLS answer within %v (a plain server waits for the client to speak first)", timeout)
		if other == "client" {
			e.Text = fmt.Sprintf("no TLS hello within %v", timeout)
		}
	case other == "client" && strings.Contains(err.Error(), "bad record MAC"):
		// OpenSSL clients (openssl s_client, curl, Python) send their alert
		// under keys crypto/tls does not read yet.
		e.Reason, e.Text = TLSRefused, "the client broke off the handshake with an alert we could not read (OpenSSL clients, curl and Python do that when they do not trust the certificate)"
	case errors.As(err, &op) && op.Op == "remote error":
		e.Reason, e.Text = TLSRefused, fmt.Sprintf("the %s refused the handshake (%v)%s", other, op.Err, alertHint(op.Err.Error(), other))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		e.Reason, e.Text = TLSClosed, fmt.Sprintf("the %s hung up during the handshake", other)
		if other == "client" {
			e.Text += " (a client that does not trust the certificate often does that)"
		}
	default:
		e.Reason, e.Text = TLSFailed, "the handshake failed"
	}
	return e
}

// looksPlain reports whether a peer's first bytes cannot start a TLS
// record: a few plain bytes followed by a wait or a hang-up never make a
// record header for crypto/tls to complain about.
func looksPlain(first []byte) bool {
	return len(first) > 0 && (first[0] < 0x14 || first[0] > 0x17)
}

// tlsAlertUnexpected is a TLS record holding a fatal unexpected_message
// alert: what a TLS server answers to plain bytes, so that a plain client
// can tell what it reached.
var tlsAlertUnexpected = []byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a}

// ErrServerSpeaksTLS is the error of a plain TCP client whose server
// answered with a TLS alert.
var ErrServerSpeaksTLS = errors.New("the server answered with a TLS alert: it speaks TLS (connect with TLS on)")

// isTLSAlert reports whether p is, or starts with, a TLS alert record: type
// 21, version 3.x, length 2.
func isTLSAlert(p []byte) bool {
	return len(p) >= 7 && p[0] == 0x15 && p[1] == 0x03 && p[2] <= 0x04 && p[3] == 0 && p[4] == 2
}

// alertHint explains the common alerts a peer sends.
func alertHint(alert, other string) string {
	switch {
	case strings.Contains(alert, "certificate required"):
		return ": it wants a client certificate"
	case strings.Contains(alert, "bad certificate"), strings.Contains(alert, "unknown certificate"), strings.Contains(alert, "certificate unknown"):
		if other == "client" {
			return ": it does not trust this certificate"
		}
		return ": it did not accept the client certificate"
	case strings.Contains(alert, "protocol version"):
		return ": no TLS version in common"
	case strings.Contains(alert, "handshake failure"):
		return ": no TLS version or cipher suite in common"
	case strings.Contains(alert, "unrecognized name"):
		return ": it does not know the server name sent (SNI)"
	case strings.Contains(alert, "no application protocol"):
		return ": no ALPN protocol in common"
	}
	return ""
}

// firstBytesKept is how many of a peer's first bytes a TLS connection
// keeps, to show them when they turn out not to be TLS.
const firstBytesKept = 32

// firstBytes is a connection that keeps a copy of the first bytes read
// from it. crypto/tls reads ahead, so after a failed handshake only this
// copy still has them.
type firstBytes struct {
	net.Conn
	kept []byte
}

func (f *firstBytes) Read(p []byte) (int, error) {
	n, err := f.Conn.Read(p)
	if len(f.kept) < firstBytesKept {
		f.kept = append(f.kept, p[:min(n, firstBytesKept-len(f.kept))]...)
		// Plain bytes too few for a record header would leave the
		// handshake waiting for more until it times out: fail at once.
		if err == nil && looksPlain(f.kept) {
			err = errNotTLSRecord
		}
	}
	return n, err
}

// errNotTLSRecord ends a handshake whose first bytes cannot be TLS.
var errNotTLSRecord = errors.New("the first bytes cannot start a TLS record")

// CloseWrite half-closes the connection underneath.
func (f *firstBytes) CloseWrite() error { return closeWrite(f.Conn) }

// nameMismatch says why certificate c is not for host, in the words that
// fit: most often it lists other names; but a certificate that lists an
// IP address as a host name (ncat --ssl's does) or names the host only in
// its Common Name would read "certificate is for 127.0.0.1, you asked for
// 127.0.0.1".
func nameMismatch(c *x509.Certificate, host string) string {
	switch {
	case net.ParseIP(host) != nil && slices.Contains(c.DNSNames, host):
		return fmt.Sprintf("certificate lists %s as a host name, not as an IP address, so it does not match the address %s", host, host)
	case len(sans(c)) == 0 && c.Subject.CommonName == host:
		return fmt.Sprintf("certificate names %s only in its Common Name, which TLS no longer checks (it needs a Subject Alternative Name)", host)
	}
	return fmt.Sprintf("certificate is for %s, you asked for %s", certNames(c), host)
}
