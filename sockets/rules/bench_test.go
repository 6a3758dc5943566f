package rules_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// benchRules is 20 rules, five of each way to match text, so that a line
// that matches late has been tried against all the others first.
func benchRules() string {
	var b strings.Builder
	b.WriteString("frame: line\ndefault: echo\nrules:\n")
	for i := range 5 {
		fmt.Fprintf(&b, "  - match: \"CMD%d\"\n    reply: \"ok %d {{counter}}\\n\"\n", i, i)
		fmt.Fprintf(&b, "  - prefix: \"GET%d \"\n    reply: \"got {{data}}\\n\"\n", i)
		fmt.Fprintf(&b, "  - contains: \"key%d=\"\n    reply: \"{{upper}}\\n\"\n", i)
		fmt.Fprintf(&b, "  - regex: \"^SET%d (\\\\w+) (\\\\d+)$\"\n    reply: \"{{1}} is {{2}}\\n\"\n", i)
	}
	return b.String()
}

// benchLines are the lines sent, round robin: early and late matches of
// every kind, and one no rule matches (echoed by default).
var benchLines = []string{"CMD0\n", "CMD4\n", "GET2 /a\n", "x key4=1\n", "SET0 a 1\n", "SET4 b 22\n", "nothing matches\n"}

// BenchmarkRulesLines streams lines over one TCP connection to a server
// with 20 rules on line frames, reading every reply, and reports lines
// answered per second. One op is one line. Target: >= 100,000 lines/s.
func BenchmarkRulesLines(b *testing.B) {
	for _, events := range []bool{false, true} {
		name := "noevents"
		if events {
			name = "events"
		}
		b.Run(name, func(b *testing.B) { benchRulesLines(b, events) })
	}
}

func benchRulesLines(b *testing.B, events bool) {
	set, err := rules.Parse("bench", []byte(benchRules()))
	if err != nil {
		b.Fatal(err)
	}
	if len(set.Rules) != 20 {
		b.Fatalf("%d rules; want 20", len(set.Rules))
	}
	cfg := sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set}
	if events {
		// The app's way: a queue drained in batches.
		cfg.Events = sockets.NewEventQueue(0)
		done := make(chan struct{})
		defer close(done)
		go func() {
			buf := make([]sockets.Event, 0, 512)
			t := time.NewTicker(30 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					buf = cfg.Events.Drain(buf[:0], 0)
				}
			}
		}()
	}
	s := sockets.NewServer(cfg)
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	defer s.Stop()
	c, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))

	// Batches of lines as one write each, the way a client streams them.
	const perBatch = 64
	var batch []byte
	for i := range perBatch {
		batch = append(batch, benchLines[i%len(benchLines)]...)
	}
	b.SetBytes(int64(len(batch) / perBatch))
	b.ResetTimer()
	start := time.Now()
	werr := make(chan error, 1)
	go func() {
		for sent := 0; sent < b.N; sent += perBatch {
			n := min(perBatch, b.N-sent)
			if _, err := c.Write(batch[:linesEnd(batch, n)]); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	}()
	r := bufio.NewReaderSize(c, 64*1024)
	for got := 0; got < b.N; {
		line, err := r.ReadSlice('\n')
		if err != nil {
			b.Fatalf("after %d replies: %v", got, err)
		}
		if len(line) == 0 || bytes.HasPrefix(line, []byte("SET")) {
			b.Fatalf("reply %q", line)
		}
		got++
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if err := <-werr; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "lines/s")
}

// linesEnd returns the length of the first n lines of batch.
func linesEnd(batch []byte, n int) int {
	end := 0
	for range n {
		end += bytes.IndexByte(batch[end:], '\n') + 1
	}
	return end
}
