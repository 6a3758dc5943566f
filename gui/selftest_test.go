//go:build selftest

package gui

import (
	"crypto/sha256"
	"runtime"
	"testing"
)

func TestFloodProcFigures(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if rss := procStatusKB("VmRSS"); rss <= 0 {
		t.Errorf("VmRSS = %d kB", rss)
	}
	if n := procStatusKB("NoSuchField"); n != 0 {
		t.Errorf("a missing field reads %d", n)
	}
}

func TestFloodProcessCPU(t *testing.T) {
	before, err := processCPU()
	if err != nil {
		t.Skip(err)
	}
	// Work until the CPU time grows; getrusage counts in microseconds, so a
	// few hashes do it, however slow the machine.
	sum := sha256.Sum256(nil)
	for i := 0; ; i++ {
		for range 1000 {
			sum = sha256.Sum256(sum[:])
		}
		after, err := processCPU()
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			t.Logf("CPU time grew by %v after %d000 hashes", after-before, i+1)
			return
		}
		if i == 100_000 {
			t.Fatalf("CPU time stayed at %v over 100 million hashes", before)
		}
	}
}

// TestFloodSend floods the client pane's connection as the self-test does
// and checks that every byte comes back and that stop ends the sending.
func TestFloodSend(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	cl := h.mw.client.Client
	stop := floodSend(cl, []byte("hello"))
	h.waitFor("a thousand sends", func() bool { return cl.Stats().MsgsOut >= 1000 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	sent := cl.Stats()
	if !waitEchoed(cl, waitTimeout) {
		t.Fatalf("echoed %d of %d bytes", cl.Stats().BytesIn, cl.Stats().BytesOut)
	}
	if after := cl.Stats(); after.BytesOut != sent.BytesOut || after.BytesOut != 5*after.MsgsOut {
		t.Errorf("sent %d bytes in %d sends after stop returned (%d before); want none more, 5 a send", after.BytesOut, after.MsgsOut, sent.BytesOut)
	}
}
