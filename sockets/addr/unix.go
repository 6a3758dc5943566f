package addr

import (
	"runtime"

	"github.com/sockettester/sockettester/sockets/msg"
)

// IsUnix reports whether network is a Unix domain socket: "unix" (stream) or
// "unixgram" (datagrams). Its address is a file system path.
func IsUnix(network string) bool { return network == "unix" || network == "unixgram" }

// IsStream reports whether network carries a byte stream: TCP or "unix".
func IsStream(network string) bool { return IsTCP(network) || network == "unix" }

// IsDatagram reports whether network carries datagrams: UDP or "unixgram".
func IsDatagram(network string) bool { return IsUDP(network) || network == "unixgram" }

// Codes of the mistakes in a socket path.
const (
	codeUnixNoPath  msg.Code = "unixNoPath"
	codeUnixTooLong msg.Code = "unixTooLong"
)

var _ = msg.Define(map[msg.Code]string{
	codeUnixNoPath:  "enter the socket's path, e.g. /tmp/app.sock",
	codeUnixTooLong: "socket path {Path} is {N} bytes; this system allows at most {Max}: choose a shorter path",
})

// MaxUnixPath is the longest socket path the system takes (sun_path less
// its terminating zero).
func MaxUnixPath() int {
	switch runtime.GOOS {
	case "linux", "android", "windows":
		return 107
	}
	return 103 // macOS and the BSDs
}

// CheckUnixPath checks that path can be a Unix socket's path: not empty,
// and no longer than the system allows.
func CheckUnixPath(path string) error {
	switch {
	case path == "":
		return msg.NewError(codeUnixNoPath)
	case len(path) > MaxUnixPath():
		return msg.NewError(codeUnixTooLong, "Path", path, "N", len(path), "Max", MaxUnixPath())
	}
	return nil
}
