package conditions

import (
	"io"
	"os"
	"testing"
	"time"
)

// The last condition removed while the pipe passes a chunk on (not while it
// waits for the next): it still sees the change, unblocks its read and
// returns ErrIdle, so the relay goes back to its fast copy.
func TestPipeSeesRemovalDuringAWrite(t *testing.T) {
	set := NewSet(1)
	c, err := Parse("latency=1ms,dir=up")
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Add(c); err != nil {
		t.Fatal(err)
	}
	unblocked := make(chan struct{})
	reads := 0
	p := &Pipe{K: set.NewConn(), Dir: Up,
		Read: func(b []byte) (int, error) {
			reads++
			if reads == 1 {
				return copy(b, "a"), nil
			}
			select {
			case <-unblocked:
				return 0, os.ErrDeadlineExceeded
			case <-time.After(10 * time.Second):
				return 0, io.ErrUnexpectedEOF // never unblocked
			}
		},
		Write: func(b []byte, _ time.Duration) error {
			return set.Remove(c.Name)
		},
		CloseWrite: func() error { return nil },
		Unblock:    func() { close(unblocked) },
	}
	if err := p.Run(nil, func(err error) bool { return err == io.EOF }); err != ErrIdle {
		t.Fatalf("Run = %v; want ErrIdle", err)
	}
}
