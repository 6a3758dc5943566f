package gui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
)

// TestUnixSocketInWindow: choosing Unix puts a path where host (listen on)
// and port were; the server starts on the path, Use my server fills it in
// the client, the echo comes back, the choices and paths stay in the
// preferences, and the host and port typed for TCP are kept.
func TestUnixSocketInWindow(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	retype(c.Host, "192.0.2.7")
	retype(c.Port, "8080")
	path := filepath.Join(t.TempDir(), "w.sock")

	s.Protocol.SetValue("unix")
	h.pump()
	if s.Protocol.Selected != "Unix" {
		t.Fatalf("server protocol shows %q; want Unix", s.Protocol.Selected)
	}
	if !s.Path.Field.Visible() || s.Bind.Visible() || s.Port.Visible() {
		t.Fatalf("Unix server: path shown %v, listen on shown %v, port shown %v; want only the path",
			s.Path.Field.Visible(), s.Bind.Visible(), s.Port.Visible())
	}
	// A path to start with, in the user's runtime or temporary directory.
	if def := s.Path.Field.Text; !filepath.IsAbs(def) || !strings.HasSuffix(def, ".sock") || s.StartBtn.Disabled() {
		t.Fatalf("default path %q (Start disabled %v); want an absolute .sock path and Start on", def, s.StartBtn.Disabled())
	}
	retype(s.Path.Field, "")
	if !s.StartBtn.Disabled() {
		t.Fatal("Start is on with no socket path")
	}
	retype(s.Path.Field, path)
	if got := h.startUnixServer(); got != path {
		t.Fatalf("server listens on %q; want %q", got, path)
	}
	h.connectToOwnServer()
	if c.Protocol.Value() != "unix" || c.Path.Field.Text != path || c.Host.Visible() {
		t.Fatalf("Use my server: protocol %q path %q host shown %v", c.Protocol.Value(), c.Path.Field.Text, c.Host.Visible())
	}
	h.typeAndSend(`over a socket file\n`)
	h.assertExchange("over a socket file\n", "over a socket file\n")

	prefs := h.app.Preferences()
	for key, want := range map[string]string{
		panes.KeyServerProtocol: "unix", "server.unixPath": path,
		panes.KeyClientProtocol: "unix", "client.unixPath": path,
	} {
		if got := prefs.String(key); got != want {
			t.Errorf("preference %s = %q; want %q", key, got, want)
		}
	}
	if c.Host.Text != "192.0.2.7" || c.Port.Text != "8080" {
		t.Errorf("the host and port typed for TCP became %q %q", c.Host.Text, c.Port.Text)
	}
}

// startUnixServer taps Start and returns the socket path it listens on.
func (h *appHarness) startUnixServer() string {
	h.t.Helper()
	s := h.mw.server
	if s.StartBtn.Disabled() {
		h.t.Fatalf("Start is disabled; path hint %q", s.Path.Field.Hint.Text)
	}
	test.Tap(s.StartBtn)
	if s.State != panes.ServerRunning {
		h.t.Fatalf("server not running after Start; dialogs: %q", h.dialogText())
	}
	_, path, _, ok := s.ListenAddr()
	if !ok {
		h.t.Fatal("ListenAddr not ok")
	}
	return path
}
