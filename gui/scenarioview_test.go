package gui

import (
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/scenarios"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// openScenarios chooses View > Scenarios... and returns the view.
func (h *appHarness) openScenarios() *scenarios.View {
	h.t.Helper()
	for _, it := range h.mw.menu.Items[2].Items {
		if it.Label == "Scenarios..." {
			it.Action()
			if h.mw.scenarios == nil || !h.mw.scenarios.Win.Content().Visible() {
				h.t.Fatal("no Scenarios window")
			}
			return h.mw.scenarios
		}
	}
	h.t.Fatal("View has no Scenarios...")
	return nil
}

// writeScenario writes src to a file in a temporary folder, with PORT
// replaced by port.
func writeScenario(t *testing.T, name string, port int, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(src, "PORT", strconv.Itoa(port))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// scenarioRowTexts shows the view's rows as the user sees them: the mark, the
// text and the time column's words (times themselves vary).
func scenarioRowTexts(v *scenarios.View) []string {
	var out []string
	for _, r := range v.Rows {
		mark, _, when := v.RowLook(r)
		if strings.HasSuffix(when, " ms") {
			when = "ms"
		}
		out = append(out, strings.TrimSpace(mark+" "+r.Text+" "+when))
	}
	return out
}

// runScenarios taps Run and waits for the run to end.
func (h *appHarness) runScenarios(v *scenarios.View) {
	h.t.Helper()
	if v.RunBtn.Disabled() {
		h.t.Fatalf("Run is disabled; summary %q", v.Summary.Text)
	}
	test.Tap(v.RunBtn)
	if v.StopBtn.Disabled() || !v.RunBtn.Disabled() {
		h.t.Error("while running, Stop should be on and Run off")
	}
	h.waitFor("the run to end", func() bool { return v.Run == nil })
}

const echoScenario = `name: echo
connect: tcp://127.0.0.1:PORT
timeout: 5s
steps:
  - send: "hello\n"
  - expect: "hello\n"
  - send_hex: "01 02 ff"
  - expect_hex: "01 02 ff"
`

func TestScenarioRunPasses(t *testing.T) {
	h := newAppHarness(t)
	port := h.startServer()
	path := writeScenario(t, "echo.yaml", port, echoScenario)
	v := h.openScenarios()
	if got := v.Summary.Text; !strings.HasPrefix(got, "Open a scenario file") {
		t.Errorf("an empty view says %q", got)
	}
	if !v.RunBtn.Disabled() {
		t.Error("Run is on with no file")
	}
	test.Tap(v.OpenBtn)
	openFileIn(t, v.Win, "Open", path)
	url := "tcp://127.0.0.1:" + strconv.Itoa(port)
	want := []string{"echo · " + url, "· connect " + url, `· send "hello\n"`, `· expect "hello\n"`,
		`· send_hex "01 02 ff"`, `· expect_hex "01 02 ff"`}
	if got := scenarioRowTexts(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows before the run:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := v.Summary.Text; got != "1 scenario, 4 steps. Run runs it." {
		t.Errorf("summary = %q", got)
	}

	h.runScenarios(v)
	want = []string{"✓ echo · " + url + " passed", "✓ connect " + url + " ms", `✓ send "hello\n" ms`, `✓ expect "hello\n" ms`,
		`✓ send_hex "01 02 ff" ms`, `✓ expect_hex "01 02 ff" ms`}
	if got := scenarioRowTexts(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows after the run:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := v.Summary.Text; !strings.HasPrefix(got, "All 1 passed, steps took ") {
		t.Errorf("summary = %q", got)
	}
	// The run's exchange is in the shared log, both ends.
	h.waitFor("the run's echo in the log", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindSent, []byte("hello\n")) &&
			h.hasRow(sockets.SideServer, sockets.KindReceived, []byte{1, 2, 0xff}) &&
			h.hasRow(sockets.SideClient, sockets.KindReceived, []byte{1, 2, 0xff})
	})
	// A step's detail says where it is in the file and how long it took.
	v.List.Select(3)
	if d := v.Detail.Text; !strings.HasPrefix(d, "expect \"hello\\n\"\necho.yaml, line 6\npassed in ") {
		t.Errorf("detail = %q", d)
	}

	// Closing hides the window; the results are still there when it opens again.
	v.OnCloseRequest()
	if h.openScenarios() != v || len(v.Rows) != len(want) || v.Rows[2].State != scenarios.StepPassed {
		t.Error("reopening the view lost the results")
	}
}

func TestScenarioRunFailsWithDiff(t *testing.T) {
	h := newAppHarness(t)
	port := h.startServer()
	path := writeScenario(t, "upper.yaml", port, `name: upper
connect: tcp://127.0.0.1:PORT
steps:
  - send: "hello\n"
  - expect: "HELLO\n"
  - send: "more\n"
---
name: second
connect: tcp://127.0.0.1:PORT
steps:
  - send: "x"
  - expect: "x"
`)
	v := h.openScenarios()
	test.Tap(v.OpenBtn)
	openFileIn(t, v.Win, "Open", path)
	h.runScenarios(v)
	url := "tcp://127.0.0.1:" + strconv.Itoa(port)
	want := []string{"✗ upper · " + url + " failed", "✓ connect " + url + " ms", `✓ send "hello\n" ms`, `✗ expect "HELLO\n" ms`,
		`- send "more\n" skipped`, "✓ second · " + url + " passed", "✓ connect " + url + " ms", `✓ send "x" ms`, `✓ expect "x" ms`}
	if got := scenarioRowTexts(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows after the run:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := v.Summary.Text; !strings.HasPrefix(got, "1 passed, 1 failed, steps took ") {
		t.Errorf("summary = %q", got)
	}
	// The failure is selected, and its difference shows: the engine's
	// Failure.Detail, in English as it is.
	if v.Selected != 3 {
		t.Fatalf("selected row %d; want the failed step", v.Selected)
	}
	f := v.Rows[3].Result.Failure
	wantDetail := "expect \"HELLO\\n\"\nupper.yaml, line 5\n\n" + f.Detail()
	if got := v.Detail.Text; got != wantDetail {
		t.Errorf("detail:\n%s\nwant:\n%s", got, wantDetail)
	}
	for _, w := range []string{"received different bytes", `expected: "HELLO\n"`, "48 45 4c 4c 4f 0a", `received: "hello\n"`,
		"68 65 6c 6c 6f 0a", "first difference at byte 0"} {
		if !strings.Contains(v.Detail.Text, w) {
			t.Errorf("detail lacks %q", w)
		}
	}
}

// TestScenarioStop stops a run whose expect waits for a reply that a
// silent server never sends: the step fails as stopped, the rest are
// skipped, and the next scenario does not run.
func TestScenarioStop(t *testing.T) {
	h := newAppHarness(t)
	h.mw.server.Mode.SetValue(sockets.ModeSilent)
	port := h.startServer()
	path := writeScenario(t, "wait.yaml", port, `name: wait
connect: tcp://127.0.0.1:PORT
timeout: 10m
steps:
  - send: "anyone?\n"
  - expect: "yes\n"
  - send: "bye\n"
---
name: next
connect: tcp://127.0.0.1:PORT
steps:
  - send: "x"
`)
	v := h.openScenarios()
	test.Tap(v.OpenBtn)
	openFileIn(t, v.Win, "Open", path)
	test.Tap(v.RunBtn)
	h.waitFor("the expect to wait", func() bool { return v.Rows[3].State == scenarios.StepRunning })
	if !strings.HasPrefix(v.Summary.Text, "Running: 0 of 2 scenarios done") {
		t.Errorf("summary while running = %q", v.Summary.Text)
	}
	test.Tap(v.StopBtn)
	h.waitFor("the run to stop", func() bool { return v.Run == nil })
	url := "tcp://127.0.0.1:" + strconv.Itoa(port)
	want := []string{"✗ wait · " + url + " failed", "✓ connect " + url + " ms", `✓ send "anyone?\n" ms`, `✗ expect "yes\n" ms`,
		`- send "bye\n" skipped`, "next · " + url, "- connect " + url + " skipped", `- send "x" skipped`}
	if got := scenarioRowTexts(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows after Stop:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := v.Rows[3].Result.Failure; f == nil || f.Msg != "stopped" {
		t.Errorf("the waiting step's failure = %+v; want stopped", f)
	}
	if v.RunBtn.Disabled() || !v.StopBtn.Disabled() {
		t.Error("after Stop, Run should be on and Stop off")
	}
}

// TestSaveSessionAsScenario saves the client pane's session, among the
// events of a scenario run and the server's, and runs the file: it passes.
func TestSaveSessionAsScenario(t *testing.T) {
	h := newAppHarness(t)
	v := h.openScenarios()
	h.mw.onSaveScenario()
	h.waitDialog("Cannot save the session as a scenario")
	if !h.dialogOpen("the session has nothing sent or received to save") {
		t.Errorf("empty session: dialog %q", h.dialogText())
	}
	h.closeDialogs()

	port := h.startServer()
	// A scenario run first: its events are in the log, not in the session.
	other := writeScenario(t, "other.yaml", port, echoScenario)
	test.Tap(v.OpenBtn)
	openFileIn(t, v.Win, "Open", other)
	h.runScenarios(v)

	h.connectToOwnServer()
	c := h.mw.client
	h.typeAndSend(`hello\r\n`)
	h.assertExchange("hello\r\n", "hello\r\n")
	c.Format.SetValue(payload.FormatHex)
	h.typeAndSend("00 ff")
	h.waitFor("the binary echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte{0, 0xff}) })

	out := filepath.Join(t.TempDir(), "session.yaml")
	test.Tap(v.SaveBtn)
	openFileIn(t, v.Win, "Save", out)
	if got, want := h.statusMessage(), "Saved the session as a scenario to "+out; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	scs, err := scenario.Load(out)
	if err != nil {
		t.Fatalf("the saved file does not read: %v", err)
	}
	if len(scs) != 1 {
		t.Fatalf("%d scenarios saved; want the client pane's one connection", len(scs))
	}
	var steps []string
	for _, st := range scs[0].Steps {
		steps = append(steps, st.Text)
	}
	if got, want := strings.Join(steps, " | "), `send "hello\r\n" | expect "hello\r\n" | send_hex "00 ff" | expect_hex "00 ff"`; got != want {
		t.Errorf("steps: %s\nwant:  %s", got, want)
	}
	if scs[0].Name != "session" || scs[0].URL() != "tcp://127.0.0.1:"+strconv.Itoa(port) {
		t.Errorf("scenario %q connects to %s", scs[0].Name, scs[0].URL())
	}
	// The view opened it; run against the same server, it passes.
	if v.Path != out {
		t.Fatalf("the view shows %q; want the saved file", v.Path)
	}
	h.runScenarios(v)
	for _, r := range v.Rows {
		if !r.Heading && r.State != scenarios.StepPassed {
			t.Errorf("step %q: %v %+v", r.Text, r.State, r.Result.Failure)
		}
	}
}

// TestSaveSessionLogDropped: when the log let the start of the session go,
// the session is not saved from its middle.
func TestSaveSessionLogDropped(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	h.mw.log.SetLimit(3)
	h.sendPings(3)
	h.mw.onSaveScenario()
	h.waitDialog("The log no longer holds the start of the client's session")
}

func TestFailureTextInVietnamese(t *testing.T) {
	f := &scenario.Failure{Msg: "timed out after 2s", Why: msg.New("stepTimeout", "Time", 2*time.Second), Expected: `"HELLO\n"`, Want: []byte("HELLO\n"), Received: nil, Diff: -1}
	if got := scenarios.FailureText(f); got != f.Detail() {
		t.Errorf("in English:\n%s\nwant Detail:\n%s", got, f.Detail())
	}
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	want := "hết thời gian chờ sau 2s\n" +
		"cần nhận: \"HELLO\\n\"\n" +
		"          48 45 4c 4c 4f 0a\n" +
		"đã nhận:  \"\"\n" +
		"          (không có gì)"
	if got := scenarios.FailureText(f); got != want {
		t.Errorf("in Vietnamese:\n%s\nwant:\n%s", got, want)
	}
}

// TestScenarioViewLayout holds the Scenarios window to its size and to
// the small screen's.
func TestScenarioViewLayout(t *testing.T) {
	h := newAppHarness(t)
	port := h.startServer()
	v := h.openScenarios()
	test.Tap(v.OpenBtn)
	openFileIn(t, v.Win, "Open", writeScenario(t, "echo.yaml", port, echoScenario))
	for _, size := range []fyne.Size{scenarios.ViewSize(), fyne.NewSize(560, 400)} {
		v.Win.Resize(size)
		content := v.Win.Content()
		checkFits(t, content, "scenarios", fyne.NewPos(0, 0), content.Size())
		if n := int(v.List.Size().Height / v.List.MinSize().Height); n < 5 {
			t.Errorf("at %v the list shows about %d rows", size, n)
		}
	}
}
