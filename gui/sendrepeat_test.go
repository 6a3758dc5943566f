package gui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

// A repeat with an interval of 0 sends back to back, in order, and Stop
// ends it.
func TestQueueSendBackToBack(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	job := c.QueueSend([]byte("z"), 50, 0)
	if job == nil {
		t.Fatal("queueSend refused the job")
	}
	h.waitFor("50 echoed bytes", func() bool {
		st, _ := c.Stats()
		return st.BytesIn == 50
	})
	h.waitFor("the repeat to end", func() bool { return c.Repeating == nil })

	// An endless one stops on Stop.
	job = c.QueueSend([]byte("y"), math.MaxInt, 0)
	c.Update()
	if !c.StopRepeatBt.Visible() {
		t.Fatal("Stop is not shown during a repeat")
	}
	h.waitFor("some of it echoed", func() bool { st, _ := c.Stats(); return st.BytesIn > 50 })
	test.Tap(c.StopRepeatBt)
	select {
	case <-job.Stop:
	default:
		t.Fatal("Stop did not stop the job")
	}
	// The sender runs jobs in order, so once a later repeat has finished,
	// the stopped one has ended.
	if c.QueueSend([]byte("E"), 2, 0) == nil {
		t.Fatal("queueSend refused the job after Stop")
	}
	h.waitFor("the sender to finish the jobs", func() bool { return c.Repeating == nil })
	st, _ := c.Stats()
	// Sending stops: one more byte is all that goes out from now on.
	if c.QueueSend([]byte("!"), 1, 0) == nil {
		t.Fatal("queueSend refused a single send")
	}
	h.waitFor("the last byte echoed", func() bool { st2, _ := c.Stats(); return st2.BytesIn == st.BytesOut+1 })
	if st2, _ := c.Stats(); st2.BytesOut != st.BytesOut+1 || st2.MsgsOut != st.MsgsOut+1 {
		t.Errorf("after the repeat ended: sent %d bytes in %d sends, then %d in %d; want exactly one more", st.BytesOut, st.MsgsOut, st2.BytesOut, st2.MsgsOut)
	}
	if !h.hasRow(sockets.SideClient, sockets.KindSent, []byte("y")) {
		t.Error("no sent row for the flood's payload")
	}
}
