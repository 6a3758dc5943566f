package sockets

import (
	"errors"
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
