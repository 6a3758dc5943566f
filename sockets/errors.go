package sockets

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/sockettester/sockettester/sockets/msg"
)

// ExplainNetError adds a plain hint to common connect and transfer failures,
// e.g. "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening
// on that port)", as a *msg.Error wrapping err; a failed lookup drops the
// resolver's address. Other errors come back as they were.
func ExplainNetError(err error) error {
	var dns *net.DNSError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return &msg.Error{Message: msg.New(codeNoSuchHost, "Host", dns.Name), Err: err}
		}
		return &msg.Error{Message: msg.New(codeLookupFailed, "Host", dns.Name, "Why", dns.Err), Err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return hinted(err, codeRefused, codeRefusedHint)
	case errors.Is(err, syscall.ECONNRESET):
		return hinted(err, codeReset, codeResetHint)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return hinted(err, codeTimeout, codeTimeoutHint)
	case errors.As(err, new(*net.AddrError)) && strings.Contains(err.Error(), "no suitable address"):
		return hinted(err, codeAddrFamily, codeAddrFamilyHint)
	}
	return classify(err)
}

// hinted is err, as code, with the hint in parentheses after its text.
func hinted(err error, code, hint msg.Code) *msg.Error {
	return msg.Wrap(err, code, "Hint", msg.New(hint))
}

// classify gives failures that need no hint a code, so a front end can name
// them; their text stays the system's.
func classify(err error) error {
	if coded, ok := codeOfErrno(err, netErrnoCodes); ok {
		return coded
	}
	if errors.Is(err, net.ErrClosed) {
		return msg.Wrap(err, codeClosedConn)
	}
	return err
}

// errnoCode is the code of a system error that needs no hint.
type errnoCode struct {
	errno syscall.Errno
	code  msg.Code
}

var netErrnoCodes = []errnoCode{
	{syscall.ENETUNREACH, codeUnreachable},
	{syscall.EHOSTUNREACH, codeNoRoute},
	{syscall.EPIPE, codeBrokenPipe},
}

var fileErrnoCodes = []errnoCode{
	{syscall.EISDIR, codeIsDir},
	{syscall.ENOTDIR, codeNotDir},
	{syscall.ENOENT, codeNoFile},
	{syscall.EROFS, codeReadOnly},
	{syscall.ENOSPC, codeNoSpace},
	{syscall.EACCES, codeFilePermission},
}

// codeOfErrno wraps err in the code of the first errno of table it is.
func codeOfErrno(err error, table []errnoCode) (error, bool) {
	for _, c := range table {
		if errors.Is(err, c.errno) {
			return msg.Wrap(err, c.code), true
		}
	}
	return err, false
}

// ExplainFileError gives common file errors a code, keeping the system's text;
// other errors come back as they were.
func ExplainFileError(err error) error {
	coded, _ := codeOfErrno(err, fileErrnoCodes)
	return coded
}

// explainListenError adds a plain hint to the common listen failures.
func explainListenError(err error) error {
	switch {
	case errors.Is(err, syscall.EACCES):
		return hinted(err, codePermission, codePermissionHint)
	case errors.Is(err, syscall.EADDRINUSE):
		return hinted(err, codeInUse, codeInUseHint)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return hinted(err, codeNoAddr, codeNoAddrHint)
	}
	return err
}

// endOf returns the log message for a connection ended by err (nil or
// io.EOF: an orderly close) and the error worth keeping.
func endOf(err error, closedBy, resetBy msg.Code) (msg.Message, error) {
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return msg.New(closedBy), nil
	case errors.Is(err, syscall.ECONNRESET):
		return msg.New(resetBy), err
	}
	return msg.New(codeConnError), err
}
