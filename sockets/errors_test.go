package sockets

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
)

func TestExplainNetError(t *testing.T) {
	plain := errors.New("boom")
	cases := []struct {
		in   error
		want string
	}{
		{nil, ""},
		{plain, "boom"},
		{syscall.ECONNREFUSED, "connection refused (nothing is listening on that port)"},
		{syscall.ECONNRESET, "connection reset by peer (the server reset the connection)"},
		{os.ErrDeadlineExceeded, "i/o timeout (no answer in time: host down or port filtered)"},
	}
	for _, tc := range cases {
		got := ExplainNetError(tc.in)
		if (got == nil) != (tc.in == nil) || (got != nil && got.Error() != tc.want) {
			t.Errorf("ExplainNetError(%v) = %v; want %q", tc.in, got, tc.want)
		}
		if tc.in != nil && !errors.Is(got, tc.in) {
			t.Errorf("ExplainNetError(%v) no longer wraps the original", tc.in)
		}
	}
}

func TestExplainLookupError(t *testing.T) {
	// Built by hand: a real lookup would ask the system's resolver, which
	// is not on loopback.
	for _, tc := range []struct {
		dns  *net.DNSError
		want string
	}{
		{&net.DNSError{Err: "no such host", Name: "no.such.host.invalid", Server: "127.0.0.53:53", IsNotFound: true},
			"no such host: no.such.host.invalid"},
		{&net.DNSError{Err: "server misbehaving", Name: "example.test", Server: "127.0.0.53:53", IsTemporary: true},
			"cannot look up example.test: server misbehaving"},
	} {
		in := &net.OpError{Op: "dial", Net: "tcp", Err: tc.dns}
		got := ExplainNetError(in)
		if got.Error() != tc.want {
			t.Errorf("ExplainNetError(%q) = %q; want %q", in, got, tc.want)
		}
		var dns *net.DNSError
		if !errors.As(got, &dns) || dns != tc.dns {
			t.Errorf("ExplainNetError(%q) no longer wraps the *net.DNSError", in)
		}
	}
}
