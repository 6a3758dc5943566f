package sockets

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// needPeers names the environment variable that makes a missing interop
// peer a failure rather than a skip: `make test` sets it, as
// scripts/deps.sh installs the peers.
const needPeers = "SOCKETTESTER_NEED_PEERS"

// wsPeer is a WebSocket implementation from a Debian package, run by the
// interop tests.
type wsPeerProg struct {
	name   string
	cmd    string // Debian's own interpreter: its modules load there
	ext    string
	check  []string
	env    []string
	client string // the client's text and binary echo lines for this peer
}

var wsPeers = []wsPeerProg{
	{name: "python", cmd: "/usr/bin/python3", ext: ".py", check: []string{"-c", "import websockets"},
		client: "hello from python"},
	{name: "node", cmd: "/usr/bin/node", ext: ".js", check: []string{"-e", "require('ws')"},
		env: []string{"NODE_PATH=/usr/share/nodejs"}, client: "hello from node"},
}

// need skips (or, with SOCKETTESTER_NEED_PEERS set, fails) when the peer
// is not installed.
func (p wsPeerProg) need(t *testing.T) {
	t.Helper()
	cmd := exec.Command(p.cmd, p.check...)
	cmd.Env = append(os.Environ(), p.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv(needPeers) != "" {
			t.Fatalf("%s's WebSocket library is missing (scripts/deps.sh installs python3-websockets and node-ws; %s is set): %v %s", p.name, needPeers, err, out)
		}
		t.Skipf("%s's WebSocket library is missing (scripts/deps.sh installs python3-websockets and node-ws)", p.name)
	}
}

func (p wsPeerProg) command(ctx context.Context, role string, args ...string) *exec.Cmd {
	script, _ := filepath.Abs(filepath.Join("testdata", "ws", p.name+"_"+role+p.ext))
	cmd := exec.CommandContext(ctx, p.cmd, append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), p.env...)
	return cmd
}

// TestWSInteropPeerClients: Python's and Node's clients against our
// server, ws and wss with our saved certificate.
func TestWSInteropPeerClients(t *testing.T) {
	for _, p := range wsPeers {
		for _, secure := range []bool{false, true} {
			name := p.name + "/ws"
			if secure {
				name = p.name + "/wss"
			}
			t.Run(name, func(t *testing.T) {
				p.need(t)
				sq := NewEventQueue(256)
				cfg := ServerConfig{Events: sq}
				if secure {
					cfg.TLS = &ServerTLS{}
				}
				s, u := startWSServer(t, cfg)
				args := []string{u}
				if secure {
					args = append(args, writeFile(t, t.TempDir(), "server.pem", s.Certificate().PEM))
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				out, err := p.command(ctx, "client", args...).CombinedOutput()
				if err != nil {
					t.Fatalf("%s client: %v\n%s", p.name, err, out)
				}
				want := "subprotocol chat\ntext " + p.client + "\nbinary 0001fe\n"
				if string(out) != want {
					t.Fatalf("%s client printed %q; want %q", p.name, out, want)
				}
				code := map[string]string{"python": "4001", "node": "4002"}[p.name]
				ev := waitEvent(t, sq, kindIs(SideServer, KindDisconnected))
				wantEnd := "closed by the client with code " + code + `: "` + p.name + ` done"`
				if m := ev[len(ev)-1].Message(); m != wantEnd {
					t.Fatalf("server says %q; want %q", m, wantEnd)
				}
				var ops []string
				for _, e := range ev {
					if e.Kind == KindReceived {
						ops = append(ops, e.Opcode)
					}
				}
				if strings.Join(ops, ",") != "text,binary" {
					t.Fatalf("server received opcodes %v; want text, binary", ops)
				}
			})
		}
	}
}

// TestWSInteropPeerServers: our client against Python's and Node's
// servers, ws and wss with a certificate we generated and saved.
func TestWSInteropPeerServers(t *testing.T) {
	for _, p := range wsPeers {
		for _, secure := range []bool{false, true} {
			name := p.name + "/ws"
			if secure {
				name = p.name + "/wss"
			}
			t.Run(name, func(t *testing.T) {
				p.need(t)
				var args []string
				scheme := "ws"
				var ctls *ClientTLS
				if secure {
					c, err := tlsinfo.Generate([]string{"127.0.0.1"}, time.Hour)
					if err != nil {
						t.Fatal(err)
					}
					cert, key := certFiles(t, c)
					args, scheme, ctls = []string{cert, key}, "wss", &ClientTLS{CAFile: cert}
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				cmd := p.command(ctx, "server", args...)
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				cmd.Stderr = os.Stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { cancel(); cmd.Wait() })
				lines := make(chan string, 8)
				go func() {
					sc := bufio.NewScanner(stdout)
					for sc.Scan() {
						lines <- sc.Text()
					}
					close(lines)
				}()
				port := within(t, p.name+" server's port", lines)
				if port == "" {
					t.Fatalf("%s server ended before printing its port", p.name)
				}
				cq := NewEventQueue(256)
				c, got := dialWS(t, WSClientConfig{URL: scheme + "://127.0.0.1:" + port + "/", TLS: ctls, Events: cq})
				c.Send([]byte("hello from go"))
				expectMsg(t, got, wsMsg{OpText, "hello from go"})
				c.SendMessage(true, []byte{0, 1, 0xfe})
				expectMsg(t, got, wsMsg{OpBinary, "\x00\x01\xfe"})
				if err := c.CloseWith(4003, "go done"); err != nil {
					t.Fatalf("CloseWith: %v", err)
				}
				if l := within(t, p.name+" server's close line", lines); l != "closed 4003 go done" {
					t.Fatalf("%s server printed %q; want %q", p.name, l, "closed 4003 go done")
				}
			})
		}
	}
}
