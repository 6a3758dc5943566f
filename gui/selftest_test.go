package gui

import (
	"math"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

func TestProcFigures(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if rss := procStatusKB("VmRSS"); rss <= 0 {
		t.Errorf("VmRSS = %d kB", rss)
	}
	if n := procStatusKB("NoSuchField"); n != 0 {
		t.Errorf("a missing field reads %d", n)
	}
	before := procCPU()
	for end := time.Now().Add(60 * time.Millisecond); time.Now().Before(end); {
	}
	if after := procCPU(); after <= before {
		t.Errorf("CPU time did not grow while spinning: %v then %v", before, after)
	}
}

// The self-test floods through queueSend with an interval of 0: sends go
// back to back, in order, and Stop ends them.
func TestQueueSendBackToBack(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	job := c.queueSend([]byte("z"), 50, 0)
	if job == nil {
		t.Fatal("queueSend refused the job")
	}
	h.waitFor("50 echoed bytes", func() bool {
		st, _ := c.Stats()
		return st.BytesIn == 50
	})
	h.waitFor("the repeat to end", func() bool { return c.repeating == nil })

	// An endless one stops on Stop, as the self-test stops it.
	job = c.queueSend([]byte("y"), math.MaxInt, 0)
	c.update()
	if !c.stopRepeatBt.Visible() {
		t.Fatal("Stop is not shown during a repeat")
	}
	h.waitFor("some of it echoed", func() bool { st, _ := c.Stats(); return st.BytesIn > 50 })
	test.Tap(c.stopRepeatBt)
	h.waitFor("the sender to finish the job", func() bool {
		select {
		case <-job.stop:
			return c.repeating == nil
		default:
			return false
		}
	})
	// Sending stops: the count stays put (one send may have been under way).
	h.waitFor("the bytes sent to stay put", func() bool {
		st, _ := c.Stats()
		time.Sleep(50 * time.Millisecond)
		st2, _ := c.Stats()
		return st.BytesOut == st2.BytesOut
	})
	if !h.hasRow(sockets.SideClient, sockets.KindSent, []byte("y")) {
		t.Error("no sent row for the flood's payload")
	}
}
