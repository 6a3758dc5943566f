package addr

// IsUnix reports whether network is a Unix domain socket: "unix" (stream) or
// "unixgram" (datagrams). Its address is a file system path.
func IsUnix(network string) bool { return network == "unix" || network == "unixgram" }

// IsStream reports whether network carries a byte stream: TCP or "unix".
func IsStream(network string) bool { return IsTCP(network) || network == "unix" }

// IsDatagram reports whether network carries datagrams: UDP or "unixgram".
func IsDatagram(network string) bool { return IsUDP(network) || network == "unixgram" }
