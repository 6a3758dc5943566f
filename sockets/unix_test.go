package sockets

import (
	"bufio"
	"context"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// unixPath is a socket path in a fresh temporary directory.
func unixPath(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(t.TempDir(), name)
}

func isSocket(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&fs.ModeSocket != 0
}

func TestUnixStreamEchoNamesPathsAndRemovesFile(t *testing.T) {
	path := unixPath(t, "s.sock")
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Network: "unix", Addr: path, Events: q})
	if got := s.Addr().String(); got != path {
		t.Fatalf("Addr = %q; want %q", got, path)
	}
	c, err := net.DialTimeout("unix", path, testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	roundTrip(t, c, []byte("hello\x00\xff"), []byte("hello\x00\xff"))
	seen := waitEvent(t, q, kindIs(SideServer, KindConnected))
	e := seen[len(seen)-1]
	if e.Local != path || e.Remote != "unnamed-1" || e.Network != "unix" {
		t.Fatalf("connected event %+v; want local %q, remote unnamed-1", e, path)
	}
	c.Close()
	stopWithin(t, s)
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("socket file still there after Stop: %v", err)
	}
}

func TestUnixRefusesFileThatIsNotASocket(t *testing.T) {
	path := unixPath(t, "notes.txt")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := NewServer(ServerConfig{Network: "unix", Addr: path}).Start()
	if err == nil || !strings.Contains(err.Error(), "exists and is not a socket") {
		t.Fatalf("Start = %v; want a refusal naming a file that is not a socket", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("the file was changed: %q", b)
	}
}

func TestUnixReplacesStaleSocketAndSaysSo(t *testing.T) {
	path := unixPath(t, "s.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if !isSocket(path) {
		t.Fatal("no stale socket to test with")
	}
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Network: "unix", Addr: path, Events: q})
	seen := waitEvent(t, q, kindIs(SideServer, KindListening))
	if len(seen) < 2 || seen[0].Kind != KindInfo || !strings.Contains(seen[0].Msg, "replaced stale socket "+path) {
		t.Fatalf("events %v; want the stale socket's replacement said before listening", seen)
	}
	c := dial(t, "unix", s)
	roundTrip(t, c, []byte("x"), []byte("x"))
}

func TestUnixRefusesSocketInUse(t *testing.T) {
	path := unixPath(t, "s.sock")
	s := startServer(t, ServerConfig{Network: "unix", Addr: path})
	err := NewServer(ServerConfig{Network: "unix", Addr: path}).Start()
	if err == nil || !strings.Contains(err.Error(), "is in use") {
		t.Fatalf("second Start = %v; want in use", err)
	}
	roundTrip(t, dial(t, "unix", s), []byte("still"), []byte("still"))
}

func TestUnixEmptyAndLongPaths(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"", "enter the socket's path"},
		{"/tmp/" + strings.Repeat("a", 200), "choose a shorter path"},
	} {
		err := NewServer(ServerConfig{Network: "unix", Addr: tc.path}).Start()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Start(%q) = %v; want %q", tc.path, err, tc.want)
		}
		_, err = Dial(context.Background(), ClientConfig{Network: "unixgram", Addr: tc.path})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Dial(%q) = %v; want %q", tc.path, err, tc.want)
		}
	}
}

func TestUnixStreamClientReplyMode(t *testing.T) {
	path := unixPath(t, "s.sock")
	s := startServer(t, ServerConfig{Network: "unix", Addr: path, Mode: ModeReply, Reply: []byte("OK\n")})
	q := NewEventQueue(64)
	got := make(chunks, 16)
	c, err := Dial(context.Background(), ClientConfig{Network: "unix", Addr: path, Events: q, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seen := waitEvent(t, q, kindIs(SideClient, KindConnected))
	// On Linux the client names itself (an abstract name such as @0001f),
	// so the server and the diagram can tell it from other clients.
	wantLocal := regexp.MustCompile(`^unnamed$`)
	if runtime.GOOS == "linux" {
		wantLocal = regexp.MustCompile(`^@[0-9a-f]+$`)
	}
	if e := seen[len(seen)-1]; !wantLocal.MatchString(e.Local) || e.Remote != path {
		t.Fatalf("client connected event %+v; want local %v, remote %q", e, wantLocal, path)
	}
	if runtime.GOOS == "linux" {
		local := seen[len(seen)-1].Local
		eventually(t, "the server lists the client by its name", func() bool {
			return slices.ContainsFunc(s.Peers(), func(p PeerInfo) bool { return p.Addr == local })
		})
	}
	if err := c.Send([]byte("anything")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "OK\n")
}

func TestUnixgramEchoAndTempPathRemoved(t *testing.T) {
	path := unixPath(t, "g.sock")
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Network: "unixgram", Addr: path, Events: q})
	got := make(chunks, 16)
	c, err := Dial(context.Background(), ClientConfig{Network: "unixgram", Addr: path, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	own := c.LocalAddr().String()
	if !isSocket(own) {
		t.Fatalf("client's own path %q is not a socket", own)
	}
	for _, m := range []string{"one", "", "three\x00"} {
		if err := c.Send([]byte(m)); err != nil {
			t.Fatal(err)
		}
		if m != "" {
			got.waitBytes(t, m)
		} else if b := within(t, "empty datagram", (<-chan []byte)(got)); len(b) != 0 {
			t.Fatalf("got %q; want an empty datagram", b)
		}
	}
	seen := waitEvent(t, q, kindIs(SideServer, KindConnected))
	if e := seen[len(seen)-1]; e.Remote != own || e.Local != path {
		t.Fatalf("server's first-datagram event %+v; want remote %q", e, own)
	}
	if p := s.Peers(); len(p) != 1 || p[0].Addr != own || p[0].MsgsIn != 3 {
		t.Fatalf("Peers = %+v", p)
	}
	c.Close()
	if _, err := os.Lstat(own); !os.IsNotExist(err) {
		t.Fatalf("client's own path still there after Close: %v", err)
	}
	stopWithin(t, s)
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("server's socket file still there after Stop: %v", err)
	}
}

func TestUnixgramUnnamedSenderIsHeardNotAnswered(t *testing.T) {
	path := unixPath(t, "g.sock")
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Network: "unixgram", Addr: path, Events: q})
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	seen := waitEvent(t, q, kindIs(SideServer, KindInfo))
	if e := seen[len(seen)-1]; e.Remote != "unnamed" || !strings.Contains(e.Msg, "no path of its own") {
		t.Fatalf("event %+v", e)
	}
	if st := s.Stats(); st.MsgsIn != 1 || st.BytesIn != 2 {
		t.Fatalf("Stats = %+v", st)
	}
}

func TestUnixgramRulesAndDisconnect(t *testing.T) {
	path := unixPath(t, "g.sock")
	rules := mustRules(t, "ping", "pong")
	s := startServer(t, ServerConfig{Network: "unixgram", Addr: path, Mode: ModeRules, Rules: rules})
	got := make(chunks, 16)
	c, err := Dial(context.Background(), ClientConfig{Network: "unixgram", Addr: path, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send([]byte("ping"))
	got.waitBytes(t, "pong")
	if err := s.SendTo(c.LocalAddr().String(), []byte("push")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "push")
	if err := s.Disconnect(c.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	if p := s.Peers(); len(p) != 0 {
		t.Fatalf("Peers after Disconnect = %+v", p)
	}
}

// socat runs socat with args and returns its standard output once it ends.
func socat(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, lookPeer(t, "socat"), args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("socat %v: %v (stdout %q)", args, err, out)
	}
	return string(out)
}

// startSocat starts socat as a server and returns once it listens.
func startSocat(t *testing.T, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, lookPeer(t, "socat"), append([]string{"-d", "-d"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	listening := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		said := false
		for sc.Scan() {
			if !said && (strings.Contains(sc.Text(), "listening on") || strings.Contains(sc.Text(), "receiving on")) {
				said = true
				listening <- true
			}
		}
		if !said {
			listening <- false
		}
	}()
	if !within(t, "socat listening", listening) {
		t.Fatal("socat ended without listening")
	}
}

func TestUnixSocatConnectsToOurServer(t *testing.T) {
	path := unixPath(t, "s.sock")
	startServer(t, ServerConfig{Network: "unix", Addr: path})
	if got := socat(t, "hello socat\n", "-t", "5", "-", "UNIX-CONNECT:"+path); got != "hello socat\n" {
		t.Fatalf("socat got %q", got)
	}
}

func TestUnixOurClientConnectsToSocat(t *testing.T) {
	path := unixPath(t, "s.sock")
	startSocat(t, "UNIX-LISTEN:"+path, "PIPE")
	got := make(chunks, 16)
	c, err := Dial(context.Background(), ClientConfig{Network: "unix", Addr: path, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send([]byte("via socat\x00\x01"))
	got.waitBytes(t, "via socat\x00\x01")
}

func TestUnixgramSocatSendsToOurServer(t *testing.T) {
	dir := t.TempDir()
	path, own := filepath.Join(dir, "g.sock"), filepath.Join(dir, "c.sock")
	startServer(t, ServerConfig{Network: "unixgram", Addr: path})
	if got := socat(t, "datagram\n", "-t", "5", "-", "UNIX-SENDTO:"+path+",bind="+own); got != "datagram\n" {
		t.Fatalf("socat got %q", got)
	}
}

func TestUnixgramOurClientSendsToSocat(t *testing.T) {
	path := unixPath(t, "g.sock")
	startSocat(t, "UNIX-RECVFROM:"+path, "PIPE")
	got := make(chunks, 16)
	c, err := Dial(context.Background(), ClientConfig{Network: "unixgram", Addr: path, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send([]byte("dgram"))
	got.waitBytes(t, "dgram")
}

// fixedRules answers frame In with Out, under the rule name "fixed".
type fixedRules struct{ in, out string }

func (r fixedRules) NewPeer(string) RulePeer { return r }
func (r fixedRules) Feed(b []byte, act func(*RuleAction) bool) {
	if string(b) == r.in {
		act(&RuleAction{Rule: "fixed", Reply: []byte(r.out)})
	}
}
func (r fixedRules) Flush(func(*RuleAction) bool) {}

func mustRules(t *testing.T, in, out string) RuleSet { return fixedRules{in, out} }

func TestUnixDialFailuresSpeakOfPaths(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	dgram := filepath.Join(dir, "g.sock")
	startServer(t, ServerConfig{Network: "unixgram", Addr: dgram})
	for _, tc := range []struct{ network, path, want string }{
		{"unix", filepath.Join(dir, "none.sock"), "(no socket at that path: start the server, or check the path)"},
		{"unix", stale, "(a socket file is there but nothing listens on it: the server has stopped)"},
		{"unix", dgram, "(the socket there is of the other kind: unix is for a stream, unixgram for datagrams)"},
	} {
		_, err := Dial(context.Background(), ClientConfig{Network: tc.network, Addr: tc.path})
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) || strings.Contains(err.Error(), "port") {
			t.Errorf("Dial %s %s = %v; want it to end %q", tc.network, tc.path, err, tc.want)
		}
	}
}
