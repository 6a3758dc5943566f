package sockets

import (
	"sync"
	"sync/atomic"
	"time"
)

// udpSched runs delayed sends; stop cancels those not yet due.
type udpSched struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	stopped bool
	timers  map[*time.Timer]struct{}
	dropped atomic.Uint64 // delayed datagrams cancelled by stop
}

func newUDPSched() *udpSched { return &udpSched{timers: make(map[*time.Timer]struct{})} }

// after runs f after d, unless stop comes first.
func (s *udpSched) after(d time.Duration, f func()) *time.Timer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		s.dropped.Add(1)
		return nil
	}
	s.wg.Add(1)
	var tm *time.Timer
	tm = time.AfterFunc(d, func() {
		defer s.wg.Done()
		s.mu.Lock()
		_, live := s.timers[tm]
		delete(s.timers, tm)
		s.mu.Unlock()
		if live {
			f()
		}
	})
	s.timers[tm] = struct{}{}
	return tm
}

// stop cancels what is not yet due and waits for what is running.
func (s *udpSched) stop() {
	s.mu.Lock()
	s.stopped = true
	for tm := range s.timers {
		if tm.Stop() {
			s.wg.Done()
			s.dropped.Add(1)
		}
		delete(s.timers, tm)
	}
	s.mu.Unlock()
	s.wg.Wait()
}
