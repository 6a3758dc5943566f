package gui

import (
	"bytes"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
)

// chatConns dials n raw TCP clients to the pane's server on 127.0.0.1 and
// waits until the server lists them all, so a message reaches every one.
func (h *appHarness) chatConns(port, n int) []net.Conn {
	h.t.Helper()
	cs := make([]net.Conn, n)
	for i := range cs {
		cs[i], _ = dialPeer(h.t, port)
	}
	h.waitPeers(n)
	return cs
}

// send writes msg on c.
func send(t *testing.T, c net.Conn, msg string) {
	t.Helper()
	if _, err := io.WriteString(c, msg); err != nil {
		t.Fatal(err)
	}
}

// passedRows returns the log's "passed to N clients" rows, oldest first.
func (h *appHarness) passedRows() []sockets.Event {
	var out []sockets.Event
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideServer && r.Kind == sockets.KindInfo && strings.HasPrefix(r.Msg, "passed to ") {
			out = append(out, r)
		}
	}
	return out
}

// waitPassed waits until the log holds n "passed to" rows.
func (h *appHarness) waitPassed(n int) {
	h.t.Helper()
	h.waitFor(strconv.Itoa(n)+` "passed to" rows`, func() bool { return len(h.passedRows()) >= n })
}

func TestChatModePassesToOthersOnly(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	if s.Chat.Prefix.Visible() {
		t.Fatal("the chat option shows in echo mode")
	}
	s.Mode.SetValue(sockets.ModeChat)
	if !s.Chat.Prefix.Visible() || s.Chat.Prefix.Text != "Put the sender's address in front" || s.Chat.On() {
		t.Fatalf("Chat chosen: option shown %v, %q, ticked %v; want shown, unticked",
			s.Chat.Prefix.Visible(), s.Chat.Prefix.Text, s.Chat.On())
	}
	port := h.startServer()
	c := h.chatConns(port, 3)

	send(t, c[0], "hi\n")
	readExactly(t, c[1], "hi\n")
	readExactly(t, c[2], "hi\n")
	h.waitPassed(1)
	// Had client 1 been sent its own message, it would come before this.
	send(t, c[1], "yo\n")
	readExactly(t, c[0], "yo\n")
	readExactly(t, c[2], "yo\n")
	h.waitPassed(2)

	// Each message once, as received, and one "passed to 2 clients" row:
	// no sent rows.
	want := []wireRow{
		{sockets.SideServer, sockets.KindReceived, "hi\n"},
		{sockets.SideServer, sockets.KindReceived, "yo\n"},
	}
	if got := h.wireRows(); !slices.Equal(got, want) {
		t.Errorf("log's data rows %v; want %v\n%s", got, want, h.logText())
	}
	passed := h.passedRows()
	for i, from := range []net.Conn{c[0], c[1]} {
		if e := passed[i]; e.Remote != from.LocalAddr().String() || logview.LogMessage(&e) != "passed to 2 clients" {
			t.Errorf("passed row %d: from %s, %q; want from %s, %q", i, e.Remote, logview.LogMessage(&e), from.LocalAddr(), "passed to 2 clients")
		}
	}
	if len(passed) != 2 {
		t.Errorf("%d passed rows; want 2\n%s", len(passed), h.logText())
	}
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	if got, want := logview.LogMessage(&passed[0]), "đã chuyển cho 2 máy khách"; got != want {
		t.Errorf("in Vietnamese the row says %q; want %q", got, want)
	}
}

// TestChatModePrefixWhileRunning ticks the option on a running server and
// off again: each applies to the next message.
func TestChatModePrefixWhileRunning(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeChat)
	c := h.chatConns(h.startServer(), 3)

	test.Tap(s.Chat.Prefix)
	if !s.Chat.On() || !h.app.Preferences().Bool(panes.KeyServerChatPrefix) {
		t.Fatalf("after a tap: ticked %v, saved %v", s.Chat.On(), h.app.Preferences().Bool(panes.KeyServerChatPrefix))
	}
	send(t, c[0], "hi")
	want := "[" + c[0].LocalAddr().String() + "] hi"
	if want != "[127.0.0.1:"+strconv.Itoa(c[0].LocalAddr().(*net.TCPAddr).Port)+"] hi" {
		t.Fatalf("client address %s is not 127.0.0.1", c[0].LocalAddr())
	}
	readExactly(t, c[1], want)
	readExactly(t, c[2], want)

	test.Tap(s.Chat.Prefix)
	send(t, c[2], "plain")
	readExactly(t, c[0], "plain")
	readExactly(t, c[1], "plain")
	if h.app.Preferences().Bool(panes.KeyServerChatPrefix) {
		t.Error("the option is still saved on")
	}
	// The log keeps the message as received, without the prefix.
	h.waitPassed(2)
	if !h.hasRow(sockets.SideServer, sockets.KindReceived, []byte("hi")) {
		t.Errorf("no received row of the message as sent\n%s", h.logText())
	}
}

// TestChatModeRestored: Chat and its option come back from the preferences
// and a server started with them puts the sender's address in front from
// the first message.
func TestChatModeRestored(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	h.mw.server.Mode.SetValue(sockets.ModeChat)
	test.Tap(h.mw.server.Chat.Prefix)
	if got := a.Preferences().String(panes.KeyServerMode); got != "chat" {
		t.Fatalf("mode saved as %q; want chat", got)
	}
	h.close()

	h2 := newAppHarnessFor(t, a)
	s := h2.mw.server
	if s.Mode.Value() != sockets.ModeChat || !s.Chat.On() || !s.Chat.Prefix.Visible() {
		t.Fatalf("restored mode %v, option ticked %v", s.Mode.Value(), s.Chat.On())
	}
	c := h2.chatConns(h2.startServer(), 2)
	send(t, c[1], "hello\n")
	readExactly(t, c[0], "["+c[1].LocalAddr().String()+"] hello\n")
	// The listening row says the mode, in the user's language.
	h2.waitFor("the listening row", func() bool {
		for _, r := range h2.mw.log.Rows() {
			if r.Kind == sockets.KindListening && logview.LogMessage(&r) == "mode chat" {
				return true
			}
		}
		return false
	})
}

// TestChatEngineTexts makes the engine say what it says in Chat mode,
// including why it cut off a client that does not read, and checks that
// the window translates every message.
func TestChatEngineTexts(t *testing.T) {
	q := sockets.NewEventQueue(0)
	srv := sockets.NewServer(sockets.ServerConfig{Addr: "127.0.0.1:0", Mode: sockets.ModeChat, Events: q, WriteTimeout: 100 * time.Millisecond})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	var c []net.Conn
	for range 3 {
		conn, err := net.Dial("tcp", srv.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		c = append(c, conn)
	}
	sender, reader, deaf := c[0], c[1], c[2]
	go io.Copy(io.Discard, reader)
	var msgs []string
	var said []sockets.Event
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	// Send until the server gives up on the client that never reads.
	msg := bytes.Repeat([]byte("x"), 32<<10)
	for cut := false; !cut; {
		if _, err := sender.Write(msg); err != nil {
			t.Fatal(err)
		}
		for _, e := range q.Drain(nil, 0) {
			if e.Msg != "" {
				msgs = append(msgs, e.Msg)
				said = append(said, e)
			}
			cut = cut || e.Kind == sockets.KindDisconnected && e.Remote == deaf.LocalAddr().String()
		}
		select {
		case <-deadline.C:
			t.Fatalf("the client that does not read is still connected after %v; messages %q", waitTimeout, msgs)
		default:
		}
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[m] = true
	}
	for _, m := range []string{"mode chat", "passed to 2 clients"} {
		if !seen[m] {
			t.Errorf("the engine did not say %q: %q", m, msgs)
		}
	}
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	for _, e := range said {
		if want, ok := map[string]string{
			"mode chat":           "chế độ trò chuyện",
			"passed to 2 clients": "đã chuyển cho 2 máy khách",
		}[e.Msg]; ok {
			if got := i18n.TrEvent(&e); got != want {
				t.Errorf("%q in Vietnamese = %q; want %q", e.Msg, got, want)
			}
		}
	}
}

// TestChatModeLayout: Chat's option does not widen the server pane, so
// the panes stay side by side where they were (at 1100 pixels in the real
// app, whose fonts are wider than the test driver's), in both languages.
func TestChatModeLayout(t *testing.T) {
	h := newAppHarness(t)
	defer h.mw.setLanguage(i18n.English)
	s := h.mw.server
	h.win.Resize(defaultWindow)
	for _, lang := range []string{i18n.English, i18n.Vietnamese} {
		h.mw.setLanguage(lang)
		s.Mode.SetValue(sockets.ModeEcho)
		echo := s.Object().MinSize().Width
		s.Mode.SetValue(sockets.ModeChat)
		if chat := s.Object().MinSize().Width; chat > echo {
			t.Errorf("%s: the server pane needs %v in Chat mode, %v in Echo mode", lang, chat, echo)
		}
		h.win.Resize(defaultWindow.AddWidthHeight(1, 0)) // lay out again
		h.win.Resize(defaultWindow)
		if h.mw.deck.Narrow() {
			t.Errorf("%s: at %v in Chat mode the panes are tabs; want them side by side", lang, defaultWindow)
		}
		if c := s.Chat.Prefix; !c.Visible() || c.Size().Width < c.MinSize().Width {
			t.Errorf("%s: the option shows %v, %v wide; it needs %v", lang, c.Visible(), c.Size().Width, c.MinSize().Width)
		}
	}
	if got := s.Chat.Prefix.Text; got != "Thêm địa chỉ người gửi vào đầu tin nhắn" {
		t.Errorf("the option in Vietnamese reads %q", got)
	}
}

// TestChatMessageIsNotAReply: with the app's server in Chat mode and two
// client tabs on it, tab 1 sends, then tab 2 does; what tab 1 receives is
// tab 2's message, not an answer to its own send, so its row has no reply
// time and the status bar counts no reply.
func TestChatMessageIsNotAReply(t *testing.T) {
	h := newAppHarness(t)
	h.mw.server.Mode.SetValue(sockets.ModeChat)
	port := h.startServer()
	one := h.mw.client
	h.connectTab(one, port)
	two := h.addTab()
	h.connectTab(two, port)
	h.waitPeers(2)
	h.sendFrom(one, "hi\n")
	h.waitFor("tab 2 to get tab 1's message", func() bool { return slices.Contains(h.namedRows("Client 2", sockets.KindReceived), "hi\n") })
	h.sendFrom(two, "yo\n")
	h.waitFor("tab 1 to get tab 2's message", func() bool { return slices.Contains(h.namedRows("Client 1", sockets.KindReceived), "yo\n") })
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideClient && r.Kind == sockets.KindReceived && r.Reply != 0 {
			t.Errorf("%s received %q with reply time %v; a chat message answers nothing", r.Name, r.Data, r.Reply)
		}
	}
	for _, p := range []*panes.ClientPane{one, two} {
		if sum, _ := p.Replies.Summary(); sum.Replies != 0 {
			t.Errorf("tab %d counts %d replies in a chat room; want 0", p.Id, sum.Replies)
		}
	}
	if _, replies, _ := h.mw.clients.counts(); replies.Replies != 0 {
		t.Errorf("the status bar counts %d replies; want 0", replies.Replies)
	}
}
