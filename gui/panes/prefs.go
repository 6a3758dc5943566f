package panes

// Preference keys.
const (
	KeyServerProtocol      = "server.protocol"      // network: "tcp", "udp", "unix", "unixgram" or "ws"
	keyServerBind          = "server.bind"          // bind choice: "loopback", "all", "all6", or the address typed
	keyServerPort          = "server.port"          // port text
	KeyServerMode          = "server.mode"          // mode: "echo", "reply" or "silent"
	keyServerReply         = "server.reply"         // reply payload text
	KeyServerReplyFormat   = "server.replyFormat"   // payload format: "text" or "hex"
	keyServerPayload       = "server.payload"       // send-to-peers payload text
	KeyServerPayloadFormat = "server.payloadFormat" // payload format: "text" or "hex"

	KeyClientProtocol   = "client.protocol"   // network: "tcp", "udp", "unix", "unixgram" or "ws"
	keyClientHost       = "client.host"       // host text
	KeyClientPort       = "client.port"       // port text
	keyClientTimeout    = "client.timeout"    // connect timeout text, e.g. "5s"
	keyClientPayload    = "client.payload"    // payload editor text
	KeyClientFormat     = "client.format"     // payload format: "text" or "hex"
	KeyClientLineEnding = "client.lineEnding" // line ending: "none", "lf", "cr" or "crlf"
	keyClientRepeat     = "client.repeat"     // repeat count text
	keyClientInterval   = "client.interval"   // repeat interval text, e.g. "1s"
	KeyClientHistory    = "client.history"    // JSON list of the last payloads sent

	// TLS, the local address and the relay (issue 8).
	keyClientTLS         = "client.tls"         // bool: connect with TLS (TCP only)
	keyClientTLSCAFile   = "client.tlsCAFile"   // CA file path text; empty: the system's roots
	keyClientTLSInsecure = "client.tlsInsecure" // bool: skip verifying the server's certificate
	keyClientTLSTrustOwn = "client.tlsTrustOwn" // bool: also trust this app's server certificate (Use my server)
	keyClientTLSName     = "client.tlsName"     // server name (SNI) text; empty: the host
	keyClientTLSCertFile = "client.tlsCertFile" // client certificate path text; empty: none
	keyClientTLSKeyFile  = "client.tlsKeyFile"  // its key's path text
	keyClientTLSStartTLS = "client.tlsStartTLS" // "" (TLS from the start) or smtp, imap, pop3, ftp: upgrade with STARTTLS
	keyClientLocalHost   = "client.localHost"   // local address text; empty: any
	keyClientLocalPort   = "client.localPort"   // local port text; empty: any
	keyServerTLS         = "server.tls"         // bool: serve TLS (TCP only)
	keyServerTLSSource   = "server.tlsSource"   // certificate: "generate" or "load"
	keyServerTLSCert     = "server.tlsCert"     // certificate file path text
	keyServerTLSKey      = "server.tlsKey"      // key file path text
	keyServerTLSName     = "server.tlsName"     // server name text the certificate is for
	keyServerTLSClientCA = "server.tlsClientCA" // client CA file path text: require client certificates it issued
	keyServerForwardTo   = "server.forwardTo"   // Forward to…: the target's host:port text
	keyServerForwardTLS  = "server.forwardTLS"  // bool: TLS to the target
	keyServerForwardSkip = "server.forwardSkip" // bool: skip verifying the target's certificate
)
