package sockets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

// ExplainNetError adds a plain hint to the common connect and transfer
// failures, keeping the original error wrapped, e.g.
// "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening on that port)".
// A failed name lookup says only what a user can act on, "no such host:
// no.such.host.invalid", without the resolver's address.
func ExplainNetError(err error) error {
	var dns *net.DNSError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &dns):
		return &lookupError{dns: dns, err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%w (nothing is listening on that port)", err)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Errorf("%w (the server reset the connection)", err)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w (no answer in time: host down or port filtered)", err)
	case errors.As(err, new(*net.AddrError)) && strings.Contains(err.Error(), "no suitable address"):
		return fmt.Errorf("%w (the local address and the server's must both be IPv4 or both IPv6)", err)
	}
	return err
}

// lookupError is a failed name lookup in plain words; it wraps the
// original error.
type lookupError struct {
	dns *net.DNSError
	err error
}

func (e *lookupError) Error() string {
	if e.dns.IsNotFound {
		return "no such host: " + e.dns.Name
	}
	return "cannot look up " + e.dns.Name + ": " + e.dns.Err
}

func (e *lookupError) Unwrap() error { return e.err }

// explainListenError adds a plain hint to the common listen failures.
func explainListenError(err error) error {
	switch {
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("%w (ports below 1024 need administrator rights)", err)
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("%w (another program is using this port)", err)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Errorf("%w (this computer has no such address)", err)
	}
	return err
}

// resetBeforeReply follows "reset by server" when a plain TCP client's
// connection is reset after it sent and before anything came back: what a
// TLS server (ncat --ssl, openssl s_server) does to plain text, without a
// TLS alert the client could recognise.
const resetBeforeReply = " before any reply (a TLS server does this to plain text: connect with TLS on)"

// endOf says how a connection ended, from the read error that ended it (nil
// or io.EOF for an orderly close) and what the other end is ("peer",
// "server"): the words for the log, and the error worth keeping (nil for
// an orderly close).
func endOf(err error, other string) (string, error) {
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return "closed by " + other, nil
	case errors.Is(err, syscall.ECONNRESET):
		return "reset by " + other, err
	}
	return "connection error", err
}
