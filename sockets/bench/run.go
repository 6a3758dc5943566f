package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/hist"
)

// Run dials cfg.Conns connections to an echo server with sockets.Dial and
// has each one do ping-pong round trips until cfg.Duration has passed,
// cfg.MaxRoundTrips are done or ctx is cancelled (which stops the run at
// once, closing every connection). Zero cfg fields take the defaults. It
// returns an error only when cfg is invalid or no connection could be
// made; failures after that are counted in the Result, and cancelling is
// not a failure.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg = cfg.withDefaults()
	res := Result{Network: cfg.Network, Addr: cfg.Addr, Size: cfg.Size}
	if err := cfg.Check(); err != nil {
		return res, err
	}
	r := &runner{ctx: ctx, cfg: cfg, pattern: newMessage(cfg.Size)}
	ps := r.dialAll()
	if len(ps) == 0 {
		err := r.firstErr()
		if err == nil {
			err = fmt.Errorf("bench %s %s: %w", cfg.Network, cfg.Addr, context.Cause(ctx))
		}
		return res, err
	}
	res.Conns = len(ps)

	// Cancelling closes the sockets, so a send blocked on a full socket
	// buffer ends too.
	closed := make(chan struct{})
	stopClosing := context.AfterFunc(ctx, func() {
		defer close(closed)
		for _, p := range ps {
			p.cl.Close()
		}
	})

	start := time.Now()
	r.end = start.Add(cfg.Duration)
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Go(p.run)
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if !stopClosing() {
		<-closed
	}

	var all hist.Histogram
	for _, p := range ps {
		all.Merge(&p.hist)
		st := p.cl.Stats()
		res.BytesSent += st.BytesOut
		res.BytesReceived += st.BytesIn
	}
	res.RoundTrips = all.Count()
	res.Errors = r.errors.Load()
	res.FirstError = r.firstErr()
	res.Min, res.Mean, res.Max = all.Min(), all.Mean(), all.Max()
	res.P50, res.P99 = all.Quantile(0.50), all.Quantile(0.99)
	return res, nil
}

// runner is the state the connections of one Run share.
type runner struct {
	ctx     context.Context
	cfg     Config
	pattern []byte    // the message before its stamp; read-only
	end     time.Time // no round trip starts after this
	started atomic.Uint64
	errors  atomic.Uint64

	mu    sync.Mutex
	first error
}

// fail counts err, keeping the first one; failures once the run is
// cancelled are its sockets closing and are not counted.
func (r *runner) fail(err error) {
	if r.ctx.Err() != nil {
		return
	}
	r.errors.Add(1)
	r.mu.Lock()
	if r.first == nil {
		r.first = err
	}
	r.mu.Unlock()
}

func (r *runner) firstErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first
}

// next reports whether another round trip may start.
func (r *runner) next() bool {
	if r.ctx.Err() != nil || !time.Now().Before(r.end) {
		return false
	}
	if limit := r.cfg.MaxRoundTrips; limit > 0 && r.started.Add(1) > limit {
		return false
	}
	return true
}

// dialAll opens the connections at once, counting the ones that fail, and
// returns the others.
func (r *runner) dialAll() []*pinger {
	ps := make([]*pinger, r.cfg.Conns)
	var wg sync.WaitGroup
	for i := range ps {
		wg.Go(func() {
			p := newPinger(r)
			var err error
			p.cl, err = sockets.Dial(r.ctx, sockets.ClientConfig{
				Network: r.cfg.Network, Addr: r.cfg.Addr, Timeout: r.cfg.Timeout,
				OnData: p.onData, OnError: p.onError,
			})
			if err != nil {
				r.fail(err)
				return
			}
			ps[i] = p
		})
	}
	wg.Wait()
	ok := ps[:0]
	for _, p := range ps {
		if p != nil {
			ok = append(ok, p)
		}
	}
	return ok
}

// newMessage returns a message of size bytes with a recognisable pattern.
func newMessage(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = 'a' + byte(i%26)
	}
	return p
}
