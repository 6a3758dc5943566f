package sockets

import (
	"net"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// tlsAlertUnexpected is a fatal unexpected_message alert: what a TLS server
// answers to plain bytes, so a plain client can tell what it reached.
var tlsAlertUnexpected = []byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a}

// ErrServerSpeaksTLS is the error of a plain TCP client whose server
// answered with a TLS alert.
var ErrServerSpeaksTLS error = msg.NewError(codeServerSpeaksTLSAlone)

// isTLSAlert: type 21, version 3.x, length 2.
func isTLSAlert(p []byte) bool {
	return len(p) >= 7 && p[0] == 0x15 && p[1] == 0x03 && p[2] <= 0x04 && p[3] == 0 && p[4] == 2
}

const firstBytesKept = 32

// firstBytes keeps a copy of the first bytes read: crypto/tls reads ahead,
// so after a failed handshake only this copy still has them.
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
		if err == nil && tlsinfo.LooksPlain(f.kept) {
			err = errNotTLSRecord
		}
	}
	return n, err
}

// errNotTLSRecord ends a handshake whose first bytes cannot be TLS.
var errNotTLSRecord error = msg.NewError(codeNotTLSRecord)

// CloseWrite half-closes the connection underneath.
func (f *firstBytes) CloseWrite() error { return closeWrite(f.Conn) }
