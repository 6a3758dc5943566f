package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
)

// enter presses Enter in e.
func enter(e *widget.Entry) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// condRowsSaying counts the log's rows whose text starts with prefix.
func (h *appHarness) condRowsSaying(prefix string) int {
	n := 0
	for _, r := range h.mw.log.Rows() {
		if strings.HasPrefix(logview.LogMessage(&r), prefix) {
			n++
		}
	}
	return n
}

// TestForwardToNetworkConditionsLive adds latency to a running relay in
// Forward to…'s Network conditions: the next echo on the same connection
// comes back at least that late, each change is a row in the log, removing
// it takes it out, and a wrong value shows its hint, keeps the typed text
// and applies nothing. The rows are kept in the preferences.
func TestForwardToNetworkConditionsLive(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{})
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	h.chooseForward(echo.Addr().String())
	cp := s.Fwd.Cond
	if !cp.On.Visible() || cp.AddBtn.Visible() {
		t.Fatalf("switch shown %v, Add shown %v; want the switch, Add only once on", cp.On.Visible(), cp.AddBtn.Visible())
	}
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend(`one\n`)
	h.waitFor("the first echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("one\n")) })
	local := c.Client.LocalAddr().String()

	test.Tap(cp.On)
	test.Tap(cp.AddBtn)
	if len(cp.Rows) != 1 {
		t.Fatalf("%d rows after Add; want 1", len(cp.Rows))
	}
	r := cp.Rows[0]
	if r.Type.Selected != "latency" || r.Params["latency"] == nil {
		t.Fatalf("new row type %q, fields %v; want latency with a latency field", r.Type.Selected, r.Params)
	}
	retype(r.Params["latency"], "150ms")
	if r.Hint.Text != "press Enter to apply" {
		t.Fatalf("hint %q for latency 150ms typed; want the Enter note", r.Hint.Text)
	}
	enter(r.Params["latency"])
	if r.Hint.Visible() {
		t.Fatalf("hint %q for latency 150ms applied", r.Hint.Text)
	}
	h.waitFor("the condition's row in the log", func() bool {
		return h.condRowsSaying("condition latency_down#1 on (down, toxicity 1): latency 150ms ± 0s") == 1
	})

	start := time.Now()
	h.typeAndSend(`two\n`)
	h.waitFor("the delayed echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("two\n")) })
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("echo with latency 150ms came back in %v", took)
	}
	if got := c.Client.LocalAddr().String(); got != local || c.Client == nil {
		t.Errorf("connection %s after the change; want the same %s", got, local)
	}

	// A wrong value: its hint, the text kept, nothing applied.
	retype(r.Toxicity, "1.5")
	enter(r.Toxicity)
	if !r.Hint.Visible() || r.Hint.Text != "toxicity 1.5 is out of range; want a share from 0 to 1, e.g. 0.5" {
		t.Errorf("hint shown %v, %q", r.Hint.Visible(), r.Hint.Text)
	}
	if r.Toxicity.Text != "1.5" {
		t.Errorf("toxicity text %q; want the typed 1.5 kept", r.Toxicity.Text)
	}
	retype(r.Toxicity, "1")
	retype(r.Params["latency"], "-5ms")
	enter(r.Params["latency"])
	if !r.Hint.Visible() || !strings.HasPrefix(r.Hint.Text, "latency cannot be negative (-5ms)") {
		t.Errorf("hint shown %v, %q", r.Hint.Visible(), r.Hint.Text)
	}
	h.flushLog()
	if n := h.condRowsSaying("condition latency_down#1 changed"); n != 0 {
		t.Errorf("%d change rows for wrong values; want none:\n%s", n, h.logText())
	}
	retype(r.Params["latency"], "150ms")

	test.Tap(r.Remove)
	h.waitFor("the removal's row", func() bool { return h.condRowsSaying("condition latency_down#1 removed") == 1 })
	if len(cp.Rows) != 0 {
		t.Errorf("%d rows after removing; want 0", len(cp.Rows))
	}
	h.typeAndSend(`three\n`)
	h.waitFor("the third echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("three\n")) })
	if got := c.Client.LocalAddr().String(); got != local {
		t.Errorf("connection %s after removing; want the same %s", got, local)
	}

	// Kept: a row typed now comes back in a new window, as keys.
	test.Tap(cp.AddBtn)
	retype(cp.Rows[0].Params["latency"], "200ms")
	cp.Rows[0].Dir.SetSelectedIndex(2)
	saved := h.app.Preferences().String("server.conditions")
	if want := `[{"dir":"both","jitter":"","latency":"200ms","toxicity":"1","type":"latency"}]`; saved != want {
		t.Errorf("saved %s; want %s", saved, want)
	}
	h2 := newAppHarnessFor(t, h.app)
	cp2 := h2.mw.server.Fwd.Cond
	if !cp2.On.Checked || len(cp2.Rows) != 1 || cp2.Rows[0].Params["latency"].Text != "200ms" || cp2.Rows[0].Dir.SelectedIndex() != 2 {
		t.Errorf("restored: on %v, %d rows", cp2.On.Checked, len(cp2.Rows))
	}
}
