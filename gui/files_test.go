package gui

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
)

// writeFile writes b to a new file under t's temporary folder.
func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// randomBytes is n random bytes.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	for i := 0; i < n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// allByteValues is the bytes 0x00 to 0xff, n times over.
func allByteValues(n int) []byte {
	one := make([]byte, 256)
	for v := range one {
		one[v] = byte(v)
	}
	return bytes.Repeat(one, n)
}

// peerListener is a TCP listener on loopback whose one connection the test
// reads and writes by hand.
func peerListener(t *testing.T) (port int, accepted <-chan net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			t.Cleanup(func() { c.Close() })
			ch <- c
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, ch
}

// clientWithPeer starts the app with its client tab connected to a plain
// loopback listener, and returns the peer's end of the connection.
func clientWithPeer(t *testing.T) (*appHarness, *panes.ClientPane, net.Conn) {
	t.Helper()
	h := newAppHarness(t)
	port, accepted := peerListener(t)
	c := h.mw.client
	h.connectTab(c, port)
	return h, c, acceptWithin(t, accepted)
}

// acceptWithin is the listener's connection, failing after waitTimeout.
func acceptWithin(t *testing.T, ch <-chan net.Conn) net.Conn {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(waitTimeout):
		t.Fatal("no connection accepted")
		return nil
	}
}

// readAllOf reads exactly n bytes from c within waitTimeout, in a
// goroutine so the window keeps running meanwhile.
func readAllOf(c net.Conn, n int) <-chan []byte {
	out := make(chan []byte, 1)
	go func() {
		c.SetReadDeadline(time.Now().Add(waitTimeout))
		b := make([]byte, n)
		got, _ := io.ReadFull(c, b)
		out <- b[:got]
	}()
	return out
}

// chooseFile types path into an Open or Save dialog and presses its button.
func chooseFile(t *testing.T, pd interface{ Save() }, name typable, path string) {
	t.Helper()
	retype(name, path)
	pd.Save()
}

// menuItem is the item of m labelled label, failing the test without one.
func menuItem(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	var labels []string
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
		labels = append(labels, it.Label)
	}
	t.Fatalf("no %q in the menu %q", label, labels)
	return nil
}

// fileRow is the log's row saying how a file send ended, if any.
func (h *appHarness) fileRow(code string) (sockets.Event, bool) {
	for _, r := range h.mw.log.Rows() {
		if string(r.Code) == code {
			return r, true
		}
	}
	return sockets.Event{}, false
}

// TestClientSendsAFileExactly: Send file… sends a 1 MiB random file into
// the connection; the peer receives exactly it; the log says all of it
// went; a file that cannot be read is refused in the dialog, its path kept.
func TestClientSendsAFileExactly(t *testing.T) {
	h, c, peer := clientWithPeer(t)
	if c.Files.MenuBtn.Disabled() || menuItem(t, c.FilesMenu(), "Send file…").Disabled {
		t.Fatalf("Files menu off %v, or its Send file… off", c.Files.MenuBtn.Disabled())
	}

	missing := filepath.Join(t.TempDir(), "nothere.bin")
	pd := c.OnSendFile()
	chooseFile(t, pd, pd.Name, missing)
	if !strings.Contains(pd.Problem.Text, "nothere.bin") || pd.Name.Text != missing || c.Files.Send.Sending() {
		t.Fatalf("a missing file: problem %q, name %q, sending %v", pd.Problem.Text, pd.Name.Text, c.Files.Send.Sending())
	}
	pd.D.Hide()

	file := randomBytes(1 << 20)
	path := writeFile(t, "one.bin", file)
	got := readAllOf(peer, len(file))
	pd = c.OnSendFile()
	chooseFile(t, pd, pd.Name, path)
	if pd.Problem.Visible() {
		t.Fatalf("sending %s: %q", path, pd.Problem.Text)
	}
	h.waitFor("the file sent", func() bool { return !c.Files.Send.Sending() })
	var b []byte
	select {
	case b = <-got:
	case <-time.After(waitTimeout):
		t.Fatal("the peer did not read the file")
	}
	if sha256.Sum256(b) != sha256.Sum256(file) {
		t.Fatalf("the peer received %d B that differ from the %d B file", len(b), len(file))
	}
	h.waitFor("the row saying the file went", func() bool { _, ok := h.fileRow("fileDone"); return ok })
	r, _ := h.fileRow("fileDone")
	if r.Message() != "file one.bin: all 1048576 bytes sent" || r.Side != sockets.SideClient {
		t.Errorf("row %v %q", r.Side, r.Message())
	}
	if h.dialogText() != "" {
		t.Errorf("dialogs left: %q", h.dialogText())
	}
}

// TestClientCancelsAFile: Cancel stops a file that is going (the peer reads
// nothing until then, so it cannot all have gone): fewer bytes than the file
// are sent, exactly the file's start, and the log row says how many.
func TestClientCancelsAFile(t *testing.T) {
	h, c, peer := clientWithPeer(t)

	file := allByteValues(64 << 12) // 64 MiB: far more than the sockets' buffers
	path := writeFile(t, "big.bin", file)
	pd := c.OnSendFile()
	chooseFile(t, pd, pd.Name, path)
	h.waitFor("the first pieces sent", func() bool { return c.Files.Send.Sent() > 0 })
	if !c.Files.Send.BarBox.Visible() || c.Conn.Text.Visible() || !c.Files.Send.Cancel.Visible() || c.Files.MenuBtn.Visible() ||
		!strings.Contains(c.Files.Send.Bar.TextFormatter(), "of 64.0 MiB") {
		t.Errorf("progress bar shown %v (over the connection's text: %v), Cancel %v, %q", c.Files.Send.BarBox.Visible(),
			!c.Conn.Text.Visible(), c.Files.Send.Cancel.Visible(), c.Files.Send.Bar.TextFormatter())
	}
	if !c.SendBtn.Disabled() || c.SendReason.Text != "A file is being sent" {
		t.Errorf("Send while a file goes: disabled %v, %q", c.SendBtn.Disabled(), c.SendReason.Text)
	}
	test.Tap(c.Files.Send.Cancel)
	// The piece waiting for room goes once the peer reads; then the send stops.
	var rest bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		peer.SetReadDeadline(time.Now().Add(waitTimeout))
		buf := make([]byte, 1<<20)
		for {
			n, err := peer.Read(buf)
			rest.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	h.waitFor("the row saying the file was cancelled", func() bool { _, ok := h.fileRow("fileCancelled"); return ok })
	r, _ := h.fileRow("fileCancelled")
	sent, _ := r.Args["Sent"].(int64)
	if sent <= 0 || sent >= int64(len(file)) {
		t.Fatalf("cancelled after %d of %d bytes", sent, len(file))
	}
	if r.Message() != "file big.bin: cancelled after "+strconv.FormatInt(sent, 10)+" of 67108864 bytes" {
		t.Errorf("row %q", r.Message())
	}
	if c.Files.Send.Sending() || c.Files.Send.BarBox.Visible() || !c.Conn.Text.Visible() || !c.Files.MenuBtn.Visible() {
		t.Error("the progress bar stayed after the cancel")
	}
	test.Tap(c.ConnectBtn) // disconnect: the reader ends with what came
	h.waitFor("disconnected", func() bool { return c.State == panes.ClientIdle })
	<-done
	if !bytes.Equal(rest.Bytes(), file[:sent]) {
		t.Fatalf("the peer read %d B; want the file's first %d B exactly", rest.Len(), sent)
	}
}

// TestClientFileConnectionEnds: the peer resets the connection while a
// file goes: a dialog says how far it got and the log row says it stopped.
func TestClientFileConnectionEnds(t *testing.T) {
	h, c, peer := clientWithPeer(t)
	path := writeFile(t, "big.bin", allByteValues(64<<12))
	pd := c.OnSendFile()
	chooseFile(t, pd, pd.Name, path)
	h.waitFor("the first pieces sent", func() bool { return c.Files.Send.Sent() > 0 })
	peer.(*net.TCPConn).SetLinger(0)
	peer.Close()
	h.waitFor("the row saying the file stopped", func() bool { _, ok := h.fileRow("fileFailed"); return ok })
	h.waitDialog("Sending big.bin to " + peer.LocalAddr().String() + " stopped after ")
	if c.Files.Send.Sending() {
		t.Error("still sending")
	}
}

// TestServerSendsAFileToOnePeer: with one of two clients chosen, Send file…
// sends to that one only, exactly.
func TestServerSendsAFileToOnePeer(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeSilent)
	port := h.startServer()
	a, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	h.waitPeers(2)
	if !s.SelectPeer(a.LocalAddr().String()) {
		t.Fatal("client a not listed")
	}
	file := randomBytes(300_000)
	path := writeFile(t, "to-a.bin", file)
	got := readAllOf(a, len(file))
	send := menuItem(t, s.FilesMenu(), "Send file…")
	if send.Disabled {
		t.Fatal("Send file… is off")
	}
	pd := s.OnSendFile()
	chooseFile(t, pd, pd.Name, path)
	h.waitFor("the row saying the file went", func() bool { _, ok := h.fileRow("fileDone"); return ok })
	if r, _ := h.fileRow("fileDone"); r.Remote != a.LocalAddr().String() || r.Side != sockets.SideServer {
		t.Errorf("row for %q on %v", r.Remote, r.Side)
	}
	select {
	case back := <-got:
		if !bytes.Equal(back, file) {
			t.Fatalf("client a read %d B that differ from the file", len(back))
		}
	case <-time.After(waitTimeout):
		t.Fatal("client a read nothing")
	}
	// What b has had is in its buffer by now: the file went to a in full.
	b.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, _ := b.Read(make([]byte, 1)); n != 0 {
		t.Fatal("client b got bytes meant for a")
	}
}

// TestClientSavesReceivedRaw: Save received… writes exactly what the peer
// sent (every byte value), shows the path and the count, and once switched
// off writes nothing more.
func TestClientSavesReceivedRaw(t *testing.T) {
	h, c, peer := clientWithPeer(t)

	path := filepath.Join(t.TempDir(), "in", "got.bin")
	pd := c.OnSaveRaw()
	chooseFile(t, pd, pd.Name, path)
	if !c.Files.Save.Saving() {
		t.Fatalf("not saving; problem %q", pd.Problem.Text)
	}
	stop := menuItem(t, c.FilesMenu(), "Stop saving")
	data := allByteValues(400) // 102,400 B
	peer.SetWriteDeadline(time.Now().Add(waitTimeout))
	if _, err := peer.Write(data); err != nil {
		t.Fatal(err)
	}
	h.waitFor("all of it written", func() bool { return c.Files.Save.Written() == int64(len(data)) })
	if want := "100.0 KiB saved to " + path + " · From "; !strings.HasPrefix(c.Conn.Text.Text, want) {
		t.Errorf("connection row %q; want it to start %q", c.Conn.Text.Text, want)
	}
	stop.Action()
	if c.Files.Save.Saving() || menuItem(t, c.FilesMenu(), "Save received…").Disabled || strings.Contains(c.Conn.Text.Text, "saved to") {
		t.Fatal("still saving after Stop saving")
	}
	if _, err := peer.Write([]byte("after")); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the client to receive what came after", func() bool {
		st, _ := c.Stats()
		return st.BytesIn == uint64(len(data))+5
	})
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the file holds %d B (%v); want the %d B sent exactly", len(got), err, len(data))
	}
}

// TestServerSavesEachPeerRaw: with every client chosen, each client's bytes
// go to a file of its own; with one chosen, only its bytes.
func TestServerSavesEachPeerRaw(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeSilent)
	port := h.startServer()
	var conns []net.Conn
	for range 2 {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), waitTimeout)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	h.waitPeers(2)
	dir := t.TempDir()
	pd := s.OnSaveRaw()
	chooseFile(t, pd, pd.Name, filepath.Join(dir, "rx.bin"))
	if !s.Files.Save.Saving() {
		t.Fatalf("not saving: %q", pd.Problem.Text)
	}
	a, b := allByteValues(3), []byte("only b\x00\xff")
	conns[0].Write(a)
	conns[1].Write(b)
	h.waitFor("both written", func() bool { return s.Files.Save.Written() == int64(len(a)+len(b)) })
	stop := menuItem(t, s.FilesMenu(), "Stop saving")
	if want := " · 776 B saved to " + filepath.Join(dir, "rx-<address>.bin"); !strings.HasSuffix(s.Frame.State.Text, want) {
		t.Errorf("title row %q; want it to end %q", s.Frame.State.Text, want)
	}
	stop.Action()
	if s.Files.Save.Saving() || strings.Contains(s.Frame.State.Text, "saved to") {
		t.Fatalf("still saving: %q", s.Frame.State.Text)
	}
	for i, want := range [][]byte{a, b} {
		name := strings.NewReplacer(":", "_").Replace(conns[i].LocalAddr().String())
		got, err := os.ReadFile(filepath.Join(dir, "rx-"+name+".bin"))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("client %d's file: %q (%v); want %q", i, got, err, want)
		}
	}

	if !s.SelectPeer(conns[1].LocalAddr().String()) {
		t.Fatal("client b not listed")
	}
	one := filepath.Join(dir, "b.bin")
	pd = s.OnSaveRaw()
	chooseFile(t, pd, pd.Name, one)
	conns[0].Write([]byte("not this"))
	conns[1].Write([]byte("this"))
	h.waitFor("b's bytes written", func() bool { return s.Files.Save.Written() == 4 })
	menuItem(t, s.FilesMenu(), "Stop saving").Action()
	if got, _ := os.ReadFile(one); string(got) != "this" {
		t.Errorf("the one client's file holds %q", got)
	}
}

// TestSendFileSaysStreamOnlyOverUDP: over UDP Send file is off and says
// why; Save received stays on.
func TestSendFileSaysStreamOnlyOverUDP(t *testing.T) {
	h := newAppHarness(t)
	u, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	c := h.mw.client
	c.Protocol.SetValue("udp")
	retype(c.Host, "127.0.0.1")
	retype(c.Port, strconv.Itoa(u.LocalAddr().(*net.UDPAddr).Port))
	test.Tap(c.ConnectBtn)
	h.waitFor("the UDP socket open", func() bool { return c.State == panes.ClientConnected })
	if !menuItem(t, c.FilesMenu(), "Send file: stream only").Disabled {
		t.Error("Send file is on over UDP")
	}
	if c.Files.MenuBtn.Disabled() || menuItem(t, c.FilesMenu(), "Save received…").Disabled {
		t.Error("Save received is off over UDP")
	}
	if c.OnSendFile() != nil || c.Files.Send.Sending() {
		t.Error("a file started over UDP")
	}

	s := h.mw.server
	s.Protocol.SetValue("udp")
	port := h.startServer()
	peer, err := net.Dial("udp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	peer.Write([]byte("hi"))
	h.waitPeers(1)
	if it := menuItem(t, s.FilesMenu(), "Send file: stream only"); !it.Disabled {
		t.Error("the server's Send file is on over UDP")
	}
	if it := menuItem(t, s.FilesMenu(), "Save received…"); it.Disabled {
		t.Error("the server's Save received is off over UDP")
	}
}

// TestSaveRawStopsWhenTheDiskIsFull: a full disk (/dev/full) stops the
// saving and says so; the connection goes on.
func TestSaveRawStopsWhenTheDiskIsFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	h, c, peer := clientWithPeer(t)
	pd := c.OnSaveRaw()
	chooseFile(t, pd, pd.Name, "/dev/full")
	if !c.Files.Save.Saving() {
		t.Fatalf("not saving: %q", pd.Problem.Text)
	}
	peer.Write([]byte("no room"))
	h.waitFor("the saving to stop", func() bool { return !c.Files.Save.Saving() })
	h.waitDialog("Saving to /dev/full stopped after 0 bytes")
	h.waitDialog("no space left")
	if c.State != panes.ClientConnected || menuItem(t, c.FilesMenu(), "Save received…").Disabled {
		t.Errorf("state %v, or Save received off", c.State)
	}
}
