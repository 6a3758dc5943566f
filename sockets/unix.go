package sockets

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Unix domain sockets. A stream server ("unix") is the TCP server on a Unix
// listener; a datagram server ("unixgram") is unixgramServer below. Peers
// and clients without a path of their own are "unnamed"; a server numbers
// them ("unnamed-1") so each can still be sent to and disconnected.

// Codes of the Unix socket messages.
const (
	codeUnixNotSocket   msg.Code = "unixNotSocket"
	codeUnixInUse       msg.Code = "unixInUse"
	codeUnixStale       msg.Code = "unixStale"
	codeUnixgramNotHere msg.Code = "unixgramNotHere"
	codeUnixgramOpen    msg.Code = "unixgramOpen"
	codeUnixgramUnnamed msg.Code = "unixgramUnnamed"
	codeUnixDial        msg.Code = "unixDial"
	codeUnixMissingHint msg.Code = "unixMissingHint"
	codeUnixRefusedHint msg.Code = "unixRefusedHint"
	codeUnixKindHint    msg.Code = "unixKindHint"
)

var _ = msg.Define(map[msg.Code]string{
	codeUnixNotSocket:   "{Path} exists and is not a socket: choose another path, or remove that file yourself if it is not needed",
	codeUnixInUse:       "{Path} is in use: a program is listening on it; stop that program or choose another path",
	codeUnixStale:       "replaced stale socket {Path} (nobody was listening on it)",
	codeUnixgramNotHere: "Unix datagram sockets (unixgram) are not available on {OS}; use unix (stream)",
	codeUnixgramOpen:    "socket open (datagrams); replies come to {Path}, removed on close",
	codeUnixgramUnnamed: "the sender has no path of its own, so nothing can be sent back to it (bind the sender to a path)",
	codeUnixDial:        "{Err} ({Hint})",
	codeUnixMissingHint: "no socket at that path: start the server, or check the path",
	codeUnixRefusedHint: "a socket file is there but nothing listens on it: the server has stopped",
	codeUnixKindHint:    "the socket there is of the other kind: unix is for a stream, unixgram for datagrams",
})

// unnamed is the name of a Unix socket bound to no path.
const unnamed = "unnamed"

// unixAddr names a Unix socket end: a path, or unnamed.
type unixAddr struct{ net, name string }

func (a unixAddr) Network() string { return a.net }
func (a unixAddr) String() string  { return a.name }

// unixConn is a Unix socket whose ends have names for the log; Close removes
// the path the socket was bound to, if it bound one.
type unixConn struct {
	*net.UnixConn
	local, remote net.Addr
	unlink        string
	once          sync.Once
}

func (c *unixConn) LocalAddr() net.Addr  { return c.local }
func (c *unixConn) RemoteAddr() net.Addr { return c.remote }

func (c *unixConn) Close() error {
	err := c.UnixConn.Close()
	if c.unlink != "" {
		c.once.Do(func() { os.Remove(c.unlink) })
	}
	return err
}

// unixListener names each accepted peer by its path, or numbers it when it
// has none.
type unixListener struct {
	*net.UnixListener
	n atomic.Uint64
}

func (l *unixListener) Accept() (net.Conn, error) {
	c, err := l.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return &unixConn{UnixConn: c, local: l.Addr(), remote: unixAddr{"unix", l.peerName(c.RemoteAddr())}}, nil
}

func (l *unixListener) peerName(a net.Addr) string {
	if name := unixName(a); name != unnamed {
		return name
	}
	return fmt.Sprintf("%s-%d", unnamed, l.n.Add(1))
}

// unixName is the path a it is bound to, or unnamed. Linux shows a socket
// bound to nothing as "@".
func unixName(a net.Addr) string {
	if ua, ok := a.(*net.UnixAddr); ok && ua != nil && ua.Name != "" && ua.Name != "@" {
		return ua.Name
	}
	return unnamed
}

// prepareUnixPath makes path free to bind: nothing there, or a stale socket
// nobody listens on, which it removes and reports with stale. A file that
// is not a socket, or a socket in use, is left alone and refused.
func prepareUnixPath(network, path string) (stale bool, err error) {
	if err := addr.CheckUnixPath(path); err != nil {
		return false, err
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case fi.Mode()&fs.ModeSocket == 0:
		return false, msg.NewError(codeUnixNotSocket, "Path", path)
	}
	c, err := net.DialTimeout(network, path, time.Second)
	if err == nil {
		c.Close()
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		// Answered, or something of another kind (stream or datagram) is bound there.
		return false, msg.NewError(codeUnixInUse, "Path", path)
	}
	if err := os.Remove(path); err != nil {
		return false, err
	}
	return true, nil
}

func unixgramHere() error {
	if runtime.GOOS == "windows" {
		return msg.NewError(codeUnixgramNotHere, "OS", "Windows")
	}
	return nil
}

// startUnix serves on the socket path in Addr.
func startUnix(s *Server) (serverImpl, error) {
	if s.cfg.Network == "unixgram" {
		if err := unixgramHere(); err != nil {
			return nil, err
		}
	}
	side, err := s.prepareTLS()
	if err != nil {
		return nil, err
	}
	if side != nil && s.cfg.Network == "unixgram" {
		return nil, errNoTLSOverUDP
	}
	stale, err := prepareUnixPath(s.cfg.Network, s.cfg.Addr)
	if err != nil {
		return nil, err
	}
	if stale {
		s.emit(said(Event{Kind: KindInfo, Local: s.cfg.Addr}, msg.New(codeUnixStale, "Path", s.cfg.Addr)))
	}
	if s.cfg.Network == "unixgram" {
		return startUnixgram(s)
	}
	ln, err := s.cfg.Listen("unix", s.cfg.Addr)
	if err != nil {
		return nil, err
	}
	if ul, ok := ln.(*net.UnixListener); ok {
		// Stop removes the socket file: the listener created it.
		ul.SetUnlinkOnClose(true)
		ln = &unixListener{UnixListener: ul}
	}
	return startStream(s, ln, side), nil
}

// tempSeq numbers the paths datagram clients bind for their replies.
var tempSeq atomic.Uint64

// dialUnix connects to the socket at cfg.Addr. A datagram client binds a
// path of its own, so that the server can answer: cfg.LocalAddr, or a new
// path in the temporary directory; either is removed on Close.
func dialUnix(ctx context.Context, d *net.Dialer, cfg ClientConfig) (net.Conn, error) {
	if err := addr.CheckUnixPath(cfg.Addr); err != nil {
		return nil, err
	}
	remote := unixAddr{cfg.Network, cfg.Addr}
	if cfg.Network == "unix" {
		c, err := unixAutobind(d).DialContext(ctx, "unix", cfg.Addr)
		if err != nil {
			return nil, err
		}
		return &unixConn{UnixConn: c.(*net.UnixConn), local: unixAddr{"unix", unixName(c.LocalAddr())}, remote: remote}, nil
	}
	if err := unixgramHere(); err != nil {
		return nil, err
	}
	local := cfg.LocalAddr
	if local == "" {
		local = filepath.Join(os.TempDir(), fmt.Sprintf("sockettester-%d-%d.sock", os.Getpid(), tempSeq.Add(1)))
	}
	if _, err := prepareUnixPath("unixgram", local); err != nil {
		return nil, msg.Wrap(err, codeLocalAddr, "Addr", local)
	}
	c, err := net.DialUnix("unixgram", &net.UnixAddr{Name: local, Net: "unixgram"}, &net.UnixAddr{Name: cfg.Addr, Net: "unixgram"})
	if err != nil {
		// The bind may have worked before the connect failed.
		if _, serr := os.Lstat(local); serr == nil {
			os.Remove(local)
		}
		return nil, err
	}
	return &unixConn{UnixConn: c, local: unixAddr{"unixgram", local}, remote: remote, unlink: local}, nil
}

// explainUnixError gives a failed connect to a socket path the hint that
// fits paths, not ports.
func explainUnixError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return hinted(err, codeUnixDial, codeUnixMissingHint)
	case errors.Is(err, syscall.ECONNREFUSED):
		return hinted(err, codeUnixDial, codeUnixRefusedHint)
	case errors.Is(err, syscall.EPROTOTYPE):
		return hinted(err, codeUnixDial, codeUnixKindHint)
	}
	return ExplainNetError(err)
}
