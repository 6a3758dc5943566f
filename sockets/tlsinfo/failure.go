package tlsinfo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets/internal/enum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Failure says, for a program, why a TLS handshake failed.
type Failure int

// Reasons a handshake fails.
const (
	Failed           Failure = iota // none of the below
	UnknownAuthority                // the chain leads to no trusted root (self-signed?)
	NameMismatch                    // the certificate is for other names
	Expired                         // the certificate expired or is not yet valid
	NotTLS                          // the peer speaks plain bytes
	Timeout                         // no handshake in time
	Refused                         // the peer sent an alert
	Closed                          // the peer hung up during the handshake
	CommonNameOnly                  // the certificate names the host only in its Common Name, which clients ignore
	NoClientCert                    // the client sent no certificate to a server that requires one
)

var failureEnum = enum.Names[Failure]{Type: "TLSFailure", What: "TLS failure",
	Names: []string{"failed", "unknown authority", "name mismatch", "expired", "not TLS", "timeout", "refused", "closed", "common name only", "no client certificate"}}

// String names the reason, e.g. "unknown authority".
func (f Failure) String() string { return failureEnum.Name(f) }

// Verification reports whether the peer's certificate was the problem and
// trusting it (a CA file) or skipping the check would get past it. A
// certificate that names its host only in the Common Name is not one of
// these: trusting it does not help, only reissuing it or skipping the check.
func (f Failure) Verification() bool {
	return f == UnknownAuthority || f == NameMismatch || f == Expired
}

// Error is a failed handshake, explained in plain words.
type Error struct {
	Peer   string      // the other end's address
	Reason Failure     // why, for a program
	Text   string      // why, for a person, e.g. "certificate is for example.com, you asked for localhost"
	Why    msg.Message // Text as a code and arguments
	Chain  []CertInfo  // the certificates the peer presented, when it got that far
	Err    error       // what crypto/tls or the network said
}

// Error reads "TLS handshake with PEER failed: TEXT: ERR".
func (e *Error) Error() string { return e.Said().String() }

// Said returns Error as a code and arguments: Why nested in
// codeTLSHandshakeWith.
func (e *Error) Said() msg.Message {
	return msg.New(codeTLSHandshakeWith, "Peer", e.Peer, "Why", e.Why, "Err", msg.Reason(e.Err))
}

// say sets e's reason, for a person and for a program.
func (e *Error) say(r Failure, m msg.Message) {
	e.Reason, e.Why, e.Text = r, m, m.String()
}

// Unwrap returns the original error.
func (e *Error) Unwrap() error { return e.Err }

// Explain explains err from a handshake with peer. other names
// the other end ("server" or "client"); timeout is the limit that applied;
// first holds the first bytes the peer sent, when they were kept.
func Explain(err error, peer, other string, timeout time.Duration, now time.Time, first []byte) *Error {
	e := &Error{Peer: peer, Err: err}
	var cve *tls.CertificateVerificationError
	var rhe tls.RecordHeaderError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var op *net.OpError
	switch {
	case errors.As(err, &cve):
		e.Chain = Chain(cve.UnverifiedCertificates, now)
		e.say(Failed, msg.New(codeTLSNotVerified))
		switch {
		case errors.As(cve.Err, &unknown):
			c := codeTLSUnknownAuthority
			if other == "client" {
				c = codeTLSUnknownAuthorityServer
			}
			e.say(UnknownAuthority, msg.New(c))
		case errors.As(cve.Err, &hostErr) && commonNameOnly(hostErr.Certificate):
			e.say(CommonNameOnly, msg.New(codeTLSCNOnlySkip, "Why", CommonNameOnlyMessage(hostErr.Certificate, hostErr.Host)))
		case errors.As(cve.Err, &hostErr):
			e.say(NameMismatch, nameMismatch(hostErr.Certificate, hostErr.Host))
		case errors.As(cve.Err, &invalid) && invalid.Reason == x509.Expired:
			if now.After(invalid.Cert.NotAfter) {
				e.say(Expired, msg.New(codeTLSExpired, "Date", utcDate(invalid.Cert.NotAfter), "Ago", daysAgo(invalid.Cert.NotAfter, now)))
			} else {
				e.say(Expired, msg.New(codeTLSNotYetValid, "Date", utcDate(invalid.Cert.NotBefore)))
			}
		}
	case errors.As(err, &rhe) || LooksPlain(first):
		if len(first) < len(rhe.RecordHeader) && rhe.RecordHeader[0] != 0 {
			first = rhe.RecordHeader[:]
		}
		c := codeTLSServerPlain
		switch {
		case other == "client" && LooksLikeHTTP(first):
			c = codeTLSClientHTTP
		case other == "client":
			c = codeTLSClientPlain
		}
		e.say(NotTLS, msg.New(c, "Bytes", `"`+payload.QuoteText(first)+`"`))
	case strings.Contains(err.Error(), "*tls.clientHelloMsg when waiting for *tls.serverHelloMsg"):
		e.say(NotTLS, msg.New(codeTLSEchoed))
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		c := codeTLSNoAnswer
		if other == "client" {
			c = codeTLSNoHello
		}
		e.say(Timeout, msg.New(c, "Time", timeout))
	case other == "client" && strings.Contains(err.Error(), "bad record MAC"):
		// OpenSSL clients (openssl s_client, curl, Python) send their alert
		// under keys crypto/tls does not read yet.
		e.say(Refused, msg.New(codeTLSBrokeOff))
	case errors.As(err, &op) && op.Op == "remote error":
		e.say(Refused, refusal(op.Err.Error(), other))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		if other == "client" {
			e.say(Closed, msg.New(codeTLSClientHungUp))
		} else {
			e.say(Closed, msg.New(codeTLSServerHungUp))
		}
	default:
		e.say(Failed, msg.New(codeTLSHandshakeFailed))
	}
	return e
}

// LooksPlain reports whether a peer's first bytes cannot start a TLS
// record: a few plain bytes followed by a wait or a hang-up never make a
// record header for crypto/tls to complain about.
func LooksPlain(first []byte) bool {
	return len(first) > 0 && (first[0] < 0x14 || first[0] > 0x17)
}

// LooksLikeHTTP reports whether a peer's first bytes start a plain HTTP
// request, by net/http's test: a TLS server then answers with
// HTTPToTLSAnswer.
func LooksLikeHTTP(first []byte) bool {
	if len(first) < 5 {
		return false
	}
	switch string(first[:5]) {
	case "GET /", "HEAD ", "POST ", "PUT /", "OPTIO":
		return true
	}
	return false
}

// HTTPToTLSAnswer is what Go's net/http answers a plain HTTP request sent
// to its TLS port, so curl and browsers show why.
const HTTPToTLSAnswer = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"

// refusal says that the other end refused the handshake with alert, and
// what the common alerts mean.
func refusal(alert, other string) msg.Message {
	refused, refusedHint := codeTLSServerRefused, codeTLSServerRefusedHint
	if other == "client" {
		refused, refusedHint = codeTLSClientRefused, codeTLSClientRefusedHint
	}
	hint := alertHint(alert, other)
	if hint == "" {
		return msg.New(refused, "Alert", alert)
	}
	return msg.New(refusedHint, "Alert", alert, "Hint", msg.New(hint))
}

// alertHint explains the common alerts a peer sends, or returns "".
func alertHint(alert, other string) msg.Code {
	switch {
	case strings.Contains(alert, "certificate required"):
		return codeAlertWantsCert
	case strings.Contains(alert, "bad certificate"), strings.Contains(alert, "unknown certificate"), strings.Contains(alert, "certificate unknown"):
		if other == "client" {
			return codeAlertDistrusts
		}
		return codeAlertRejectsCert
	case strings.Contains(alert, "protocol version"):
		return codeAlertVersion
	case strings.Contains(alert, "handshake failure"):
		return codeAlertCipher
	case strings.Contains(alert, "unrecognized name"):
		return codeAlertSNI
	case strings.Contains(alert, "no application protocol"):
		return codeAlertALPN
	}
	return ""
}

// nameMismatch says why certificate c is not for host, in the words that
// fit: most often it lists other names; but a certificate that lists an
// IP address as a host name (ncat --ssl's does) would read "certificate is
// for 127.0.0.1, you asked for 127.0.0.1".
func nameMismatch(c *x509.Certificate, host string) msg.Message {
	if net.ParseIP(host) != nil && slices.Contains(c.DNSNames, host) {
		return msg.New(codeTLSIPAsName, "Host", host)
	}
	return msg.New(codeTLSNameMismatch, "Names", certNames(c), "Host", host)
}

// commonNameOnly reports whether c names its host only in its Common Name:
// no client checks that any more, so no server name (--sni) can match it.
func commonNameOnly(c *x509.Certificate) bool {
	return len(sans(c)) == 0 && c.Subject.CommonName != ""
}

// CommonNameOnlyMessage says that c names its host only in the Common Name,
// which TLS clients ignore, and how to reissue it with a subjectAltName
// covering that name and hosts (the names clients use). Clients and servers
// say it alike.
func CommonNameOnlyMessage(c *x509.Certificate, hosts ...string) msg.Message {
	cn := c.Subject.CommonName
	entries := []string{sanEntry(cn)}
	for _, h := range hosts {
		if e := sanEntry(h); h != "" && !slices.Contains(entries, e) {
			entries = append(entries, e)
		}
	}
	return msg.New(codeTLSCommonNameOnly, "Name", cn, "SAN", strings.Join(entries, ","))
}

// sanEntry is name as openssl's subjectAltName option takes it.
func sanEntry(name string) string {
	if net.ParseIP(name) != nil {
		return "IP:" + name
	}
	return "DNS:" + name
}
