package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/rules"
)

// badRules has a regex that does not compile on line 4, column 12.
const badRules = "frame: line\ndefault: echo\nrules:\n  - regex: \"(abc\"\n    reply: \"x\\n\"\n"

func TestRulesModeOffered(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	if got := strings.Join(s.Mode.Options, ", "); got != "Echo, Reply with payload, Silent, Rules, Chat, Forward to…" {
		t.Fatalf("modes offered: %s", got)
	}
	if s.Rules.Section.Visible() {
		t.Error("the rules editor shows in echo mode")
	}
	s.Mode.SetValue(sockets.ModeRules)
	if !s.Rules.Section.Visible() || !s.Rules.Entry.TextStyle.Monospace {
		t.Fatal("choosing Rules shows no monospace editor")
	}
	// A first look shows the example, which compiles.
	if s.Rules.Entry.Text != panes.RulesStarter {
		t.Errorf("editor starts with %q; want the starter text", s.Rules.Entry.Text)
	}
	if _, err := rules.Parse("starter", []byte(panes.RulesStarter)); err != nil {
		t.Fatalf("the starter text does not compile: %v", err)
	}
	if s.StartBtn.Disabled() || s.Rules.Status.Importance == widget.DangerImportance {
		t.Errorf("with the starter rules Start is disabled (%v) or a mistake shows %q", s.StartBtn.Disabled(), s.Rules.Status.Text)
	}
	if got, want := s.Rules.Status.Text, "untitled: 3 rules, line frames"; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	if got := h.app.Preferences().String(panes.KeyServerMode); got != "rules" {
		t.Errorf("mode saved as %q; want rules", got)
	}
}

func TestRulesEditorValidatesAsYouType(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeRules)
	s.Rules.Entry.SetText(badRules)
	want := `untitled:4:12: rules[1].regex: bad regex: missing closing ): ` + "`(abc`"
	if got := s.Rules.Status.Text; got != want || s.Rules.Status.Importance != widget.DangerImportance {
		t.Errorf("status = %q (importance %v); want %q in red", got, s.Rules.Status.Importance, want)
	}
	if !s.StartBtn.Disabled() {
		t.Error("Start is enabled while the rules have a mistake")
	}
	if got := s.Frame.State.Text; got != "Fix the rules below to start" {
		t.Errorf("state = %q; want the reason Start is off", got)
	}
	// Typing on fixes it; the text is kept as typed all along.
	s.Rules.Entry.CursorRow, s.Rules.Entry.CursorColumn = 3, 16
	test.Type(s.Rules.Entry, ")")
	if !strings.Contains(s.Rules.Entry.Text, `"(abc)"`) {
		t.Fatalf("typed text = %q", s.Rules.Entry.Text)
	}
	if s.Rules.Status.Text != "untitled: 1 rule, line frames" || s.StartBtn.Disabled() {
		t.Errorf("after the fix: status %q, Start disabled %v", s.Rules.Status.Text, s.StartBtn.Disabled())
	}
	if got := h.app.Preferences().String(panes.KeyServerRules); got != s.Rules.Entry.Text {
		t.Errorf("saved text = %q; want the editor's", got)
	}
	// Another mode does not mind the rules.
	s.Rules.Entry.SetText(badRules)
	s.Mode.SetValue(sockets.ModeEcho)
	if s.StartBtn.Disabled() || s.Rules.Section.Visible() {
		t.Error("echo mode is held back by the rules editor")
	}
}

// TestRulesLoadInvalidFile loads a rules file with a mistake: the text
// shows as it is in the file, the mistake names the file, line and
// column, and the server stays stopped, saying why when asked to start.
func TestRulesLoadInvalidFile(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeRules)
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(path, []byte(badRules), 0o644); err != nil {
		t.Fatal(err)
	}

	test.Tap(s.Rules.LoadBtn)
	h.openFile("Open", filepath.Join(dir, "missing.yaml"))
	if !h.dialogOpen("Could not open " + filepath.Join(dir, "missing.yaml") + ": no such file or directory") {
		t.Fatalf("a missing file: dialog says %q", h.dialogText())
	}
	h.openFile("Open", path)
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog stays open: %q", h.dialogText())
	}
	if s.Rules.Entry.Text != badRules {
		t.Errorf("editor = %q; want the file's text", s.Rules.Entry.Text)
	}
	if want := "bad.yaml:4:12: rules[1].regex: bad regex"; !strings.HasPrefix(s.Rules.Status.Text, want) {
		t.Errorf("hint = %q; want it to start %q", s.Rules.Status.Text, want)
	}
	if got, want := h.statusMessage(), "Loaded "+path+": it has a mistake, shown under the editor"; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	if !s.StartBtn.Disabled() {
		t.Error("Start is enabled with a bad rules file")
	}
	// Use my server asks the server to start: it stays stopped and says why.
	if s.OnStart() {
		t.Fatal("the server started with a bad rules file")
	}
	h.waitDialog("Cannot start the server")
	if !h.dialogOpen("bad.yaml:4:12") {
		t.Errorf("the dialog does not say where: %q", h.dialogText())
	}
	if s.State != panes.ServerStopped {
		t.Errorf("server state %v; want stopped", s.State)
	}
	h.closeDialogs()

	// Save writes the editor's text as it is, and the file's name follows.
	out := filepath.Join(dir, "saved.yaml")
	test.Tap(s.Rules.SaveBtn)
	h.openFile("Save", out)
	b, err := os.ReadFile(out)
	if err != nil || string(b) != badRules {
		t.Fatalf("saved %q, %v; want the editor's text", b, err)
	}
	if !strings.HasPrefix(s.Rules.Status.Text, "saved.yaml:4:12:") {
		t.Errorf("hint after Save = %q", s.Rules.Status.Text)
	}
	if got := h.statusMessage(); got != "Saved the rules to "+out {
		t.Errorf("status = %q", got)
	}
}

// TestRulesServerAnswers runs the starter rules: PING gets PONG 1, the log
// shows the rule that fired by name, and an edit applies to the running
// server at once.
func TestRulesServerAnswers(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	s.Mode.SetValue(sockets.ModeRules)
	h.startServer()
	h.connectToOwnServer()
	c.Eol.SetValue(payload.EOLLF)
	h.typeAndSend("PING")
	h.assertExchange("PING\n", "PONG 1\n")
	h.typeAndSend("PING")
	h.waitFor("the second PONG", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("PONG 2\n")) })

	var rule *sockets.Event
	for _, r := range h.mw.log.Rows() {
		if r.Kind == sockets.KindRule {
			rule = &r
			break
		}
	}
	if rule == nil {
		t.Fatalf("no rule event in the log:\n%s", h.logText())
	}
	if rule.Rule != "PING" || rule.Side != sockets.SideServer {
		t.Errorf("rule event names %q on side %v; want PING on the server", rule.Rule, rule.Side)
	}
	if got, want := logview.LogCellContent(rule, false), `"PING": reply 7 B`; got != want {
		t.Errorf("the log row says %q; want %q", got, want)
	}
	if got := logview.LogKindText(rule.Kind); got != "rule" {
		t.Errorf("event column = %q", got)
	}

	// An edit that compiles reaches the running server; one that does not
	// leaves it answering by the last good rules.
	s.Rules.Entry.SetText(strings.Replace(panes.RulesStarter, "PONG {{counter}}", "PANG {{counter}}", 1))
	h.typeAndSend("PING")
	h.waitFor("the edited reply", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("PANG 1\n")) })
	s.Rules.Entry.SetText(badRules)
	if s.State != panes.ServerRunning {
		t.Fatal("a bad edit stopped the server")
	}
	h.typeAndSend("PING")
	h.waitFor("the last good rules' reply", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("PANG 2\n")) })
}

// TestRulesInVietnamese checks the rule event and the editor's texts read
// in Vietnamese.
func TestRulesInVietnamese(t *testing.T) {
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	for _, c := range []struct {
		m    msg.Message
		want string
	}{
		{msg.New("rule", "Rule", `"PING"`, "What", msg.New("ruleReply", "Bytes", 7)), `"PING": trả lời 7 B`},
		{msg.New("rule", "Rule", `"BYE"`, "What", msg.New("ruleReplyAfterClose", "Bytes", 4, "Time", 50*time.Millisecond)), `"BYE": trả lời 4 B sau 50ms, rồi đóng`},
		{msg.New("rule", "Rule", `"x"`, "What", msg.New("ruleDropNoReply")), `"x": bỏ qua (không trả lời)`},
		{msg.New("ruleNoted", "Rule", `"x"`, "What", msg.New("ruleReply", "Bytes", 3), "Note", msg.New("ruleLongLine")), `"x": trả lời 3 B (một phần của dòng dài hơn max_line)`},
		{msg.New("closedByRule", "Rule", `"BYE"`), `đóng theo quy tắc "BYE"`},
		{msg.New("modeRules"), "chế độ theo quy tắc"},
	} {
		if got := i18n.TrMessage(c.m); got != c.want {
			t.Errorf("%s in Vietnamese = %q; want %q", c.m, got, c.want)
		}
	}
	if got := widgets.ModeLabel(sockets.ModeRules); got != "Theo quy tắc" {
		t.Errorf("Rules mode in Vietnamese = %q", got)
	}
}

// TestRulesModeLayout holds the Rules mode to the window sizes: with the
// editor open and a mistake under it, every control fits, side by side at
// the default size and as tabs in the small window, and the log keeps
// rows to show.
func TestRulesModeLayout(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeRules)
	s.Rules.Entry.SetText(badRules)
	content := h.win.Content()
	for _, c := range []struct {
		size    fyne.Size
		narrow  bool
		logRows int
	}{{defaultWindow, false, 8}, {smallWindow, true, 3}} {
		h.win.Resize(c.size)
		if h.mw.deck.Narrow() != c.narrow {
			t.Errorf("at %v the panes are tabs: %v; want %v", c.size, h.mw.deck.Narrow(), c.narrow)
		}
		h.mw.deck.Show(0)
		checkFits(t, content, "content", fyne.NewPos(0, 0), content.Size())
		if n := logRowsShown(h.mw.log); n < c.logRows {
			t.Errorf("at %v with the rules editor the log shows %d rows; want at least %d", c.size, n, c.logRows)
		}
		t.Logf("at %v: %d log rows, server pane %v", c.size, logRowsShown(h.mw.log), s.Frame.Object().Size())
	}

	// The arrow folds the editor away, unless the rules have a mistake; folded,
	// the small window's log has its rows back.
	test.Tap(s.Rules.FoldBtn)
	if !s.Rules.Open {
		t.Error("the editor folded away while the rules have a mistake")
	}
	s.Rules.Entry.SetText(panes.RulesStarter)
	if s.Rules.Open {
		t.Error("the editor stays open after the arrow folded it")
	}
	if got := s.Rules.Status.Text; got != "untitled: 3 rules, line frames" {
		t.Errorf("folded, the status says %q", got)
	}
	content.Refresh()
	h.win.Resize(smallWindow)
	checkFits(t, content, "content", fyne.NewPos(0, 0), content.Size())
	if n := logRowsShown(h.mw.log); n < 5 {
		t.Errorf("at %v with the editor folded the log shows %d rows; want at least 5", smallWindow, n)
	}
	test.Tap(s.Rules.FoldBtn)
	if !s.Rules.Open || !h.app.Preferences().Bool(panes.KeyServerRulesOpen) {
		t.Error("the arrow does not unfold the editor")
	}
}

// TestRulesMistakesTranslated makes the engine find the usual mistakes in
// rules files and checks that the editor shows each in Vietnamese, after
// its file:line:column and key (the YAML parser's own words stay as they
// are).
func TestRulesMistakesTranslated(t *testing.T) {
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	for src, want := range map[string]string{
		"frame: line\nrules:\n  - regex: \"(abc\"\n    reply: x\n":         "r.yaml:3:12: rules[1].regex: biểu thức chính quy sai: missing closing ): `(abc`",
		"frame: line\nfoo: 1\nrules: []\n":                                 `r.yaml:2:1: foo: khóa lạ "foo" (cần một trong: frame, default, max_line or rules)`,
		"frame: line\nrules:\n  - mach: x\n    reply: x\n":                 `có phải ý bạn là "match"?`,
		"frame: line\nrules:\n  - hex: \"zz\"\n    reply: x\n":             `r.yaml:3:11: rules[1].hex: chữ số hex không hợp lệ "z"`,
		"frame: line\nrules:\n  - match: \"\\q\"\n    reply: x\n":          `r.yaml:3:13: cú pháp YAML: found unknown escape character`,
		"frame: line\nrules:\n  - match: x\n    reply: x\n    delay: 5\n":  `thời lượng "5" cần có đơn vị, ví dụ 5ms hoặc 5s`,
		"frame: line\nrules:\n  - regex: \"a(b)\"\n    reply: \"{{2}}\"\n": "{{2}}: biểu thức chính quy có 1 nhóm, nên không có nhóm 2",
		"frame: line\nrules:\n  - match: x\n":                              "quy tắc không làm gì: hãy cho nó reply, drop: true hoặc close: true",
		"":                                                                 "r.yaml:1:1: rules: tệp trống: cần frame, default và rules",
		"frame: word\nrules: []\n":                                         `r.yaml:1:8: frame: frame lạ "word" (cần line hoặc raw)`,
	} {
		_, err := rules.Parse("r.yaml", []byte(src))
		if err == nil {
			t.Fatalf("%q parses", src)
		}
		if got := panes.RulesErrorText(err); !strings.Contains(got, want) {
			t.Errorf("%q: shown as %q; want it to contain %q", src, got, want)
		}
	}
}
