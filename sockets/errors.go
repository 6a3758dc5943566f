package sockets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ExplainNetError adds a plain hint to the common connect and transfer
// failures, keeping the original error wrapped, e.g.
// "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening on that port)".
func ExplainNetError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%w (nothing is listening on that port)", err)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Errorf("%w (the server reset the connection)", err)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w (no answer in time: host down or port filtered)", err)
	}
	return err
}
