package main

import (
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeWSAndSendWS(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--ws", "127.0.0.1:0")
	a := s.addrs["ws"]
	r := runCLI(t, "", "send", "--ws", "ws://"+a+"/chat", "--subprotocol", "chat", "--origin", "http://127.0.0.1",
		"--header", "X-Test: 1", "--wait", "20s", "--max-bytes", "5", "hello")
	if r.code != 0 || r.stdout != "hello" {
		t.Fatalf("send --ws: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "--- subprotocol chat\n") {
		t.Errorf("stderr %q; want the subprotocol first", r.stderr)
	}
	r = runCLI(t, "", "send", "--ws", "ws://"+a+"/", "--binary", "--hex", "--out", "hex", "--wait", "20s", "--max-bytes", "3", "00 01 ff")
	if r.code != 0 || r.stdout != "00 01 ff\n" {
		t.Fatalf("send --ws --binary: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	code, out := s.stop()
	for _, want := range []string{
		` server received ws `, ` text 5B "hello"`, ` server sent ws `, ` binary 3B "\0\x01\xff"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("serve printed %q; want it to contain %q", out, want)
		}
	}
	if code != 0 {
		t.Errorf("serve exit %d", code)
	}
}

func TestServeWSSAndSendWSS(t *testing.T) {
	t.Parallel()
	pem := filepath.Join(t.TempDir(), "server.pem")
	s := startServe(t, "--ws", "127.0.0.1:0", "--tls", "--save-cert", pem, "--mode", "reply", "--reply", "OK")
	a := s.addrs["ws"]
	if f := strings.Fields(s.first[0]); len(f) != 6 || f[3] != "tls" {
		t.Fatalf("listening line %q; want the certificate's fingerprint", s.first[0])
	}
	r := runCLI(t, "", "send", "--ws", "wss://"+a+"/", "--ca", pem, "--repeat", "2", "--wait", "20s", "--max-bytes", "4", "x")
	if r.code != 0 || r.stdout != "OKOK" {
		t.Fatalf("send --ws wss: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestSendWSRefused403(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	r := runCLI(t, "", "send", "--ws", "ws://"+ln.Addr().String()+"/nope", "hi")
	want := "sockettester-cli: the server refused the WebSocket handshake: 403 Forbidden; check the path and Origin\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
}

func TestSendWSFlagMistakes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--ws", "http://127.0.0.1:1/", "hi"}, "--ws: http://127.0.0.1:1/ is not a WebSocket address: write ws://HOST:PORT/PATH or wss://HOST:PORT/PATH"},
		{[]string{"--ws", "ws://127.0.0.1:1/", "--tcp", "127.0.0.1:1", "hi"}, "give --ws or --tcp, not both"},
		{[]string{"--ws", "ws://127.0.0.1:1/a", "--tls", "hi"}, "--tls with a ws:// URL: write wss://127.0.0.1:1/a for WebSocket over TLS"},
		{[]string{"--ws", "ws://127.0.0.1:1/", "--ca", "x.pem", "hi"}, "--ca, --insecure, --cert and --key need a wss:// URL"},
		{[]string{"--ws", "ws://127.0.0.1:1/", "--header", "nocolon", "hi"}, `--header "nocolon": write Name: value, e.g. --header 'Authorization: Bearer abc'`},
		{[]string{"--tcp", "127.0.0.1:1", "--binary", "hi"}, "--binary needs --ws URL"},
	} {
		r := runCLI(t, "", append([]string{"send"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("send %q: exit %d, stderr %q; want exit 2 and one line with %q", c.args, r.code, r.stderr, c.want)
		}
	}
}
