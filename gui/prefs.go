package gui

// Preference keys. Values are stored as the user typed or chose them, even
// when invalid, so that nothing typed is lost across restarts; they are
// validated again when shown.
const (
	keyServerProtocol      = "server.protocol"      // "TCP" or "UDP"
	keyServerBind          = "server.bind"          // bind chooser text
	keyServerPort          = "server.port"          // port text
	keyServerMode          = "server.mode"          // mode label: "Echo", "Reply", "Silent"
	keyServerReply         = "server.reply"         // reply payload text
	keyServerReplyFormat   = "server.replyFormat"   // "Text" or "Hex"
	keyServerPayload       = "server.payload"       // send-to-peers payload text
	keyServerPayloadFormat = "server.payloadFormat" // "Text" or "Hex"

	keyClientProtocol   = "client.protocol"   // "TCP" or "UDP"
	keyClientHost       = "client.host"       // host text
	keyClientPort       = "client.port"       // port text
	keyClientTimeout    = "client.timeout"    // connect timeout text, e.g. "5s"
	keyClientPayload    = "client.payload"    // payload editor text
	keyClientFormat     = "client.format"     // "Text" or "Hex"
	keyClientLineEnding = "client.lineEnding" // "None", "LF" or "CRLF"
	keyClientRepeat     = "client.repeat"     // repeat count text
	keyClientInterval   = "client.interval"   // repeat interval text, e.g. "1s"
	keyClientHistory    = "client.history"    // JSON list of the last payloads sent

	keyLogHex    = "log.hex"    // bool: content column shows hex
	keyLogFollow = "log.follow" // bool: scroll to new rows
	keyLogLimit  = "log.limit"  // int: rows kept (default defaultLogLimit)

	keyPaneSplit    = "window.paneSplit" // float: server/client divider offset
	keyLogSplit     = "window.logSplit"  // float: panes/log divider offset
	keyWindowWidth  = "window.width"     // float: window width at the last close
	keyWindowHeight = "window.height"    // float: window height at the last close
)
