package sockets

import (
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// Codes of the engine's event messages and of the network errors it
// explains. Each value is the window's translation key without "engine.".
// A quoted argument (Rule, Port, Host) carries its quotes.
const (
	codeListening            msg.Code = "listening"
	codeModeEcho             msg.Code = "modeEcho"
	codeModeReply            msg.Code = "modeReply"
	codeModeSilent           msg.Code = "modeSilent"
	codeModeRulesMsg         msg.Code = "modeRules"
	codeModeChatMsg          msg.Code = "modeChat"
	codeModeWithTLS          msg.Code = "modeWithTLS"
	codeTLSGenerated         msg.Code = "tlsGenerated"
	codeTLSLoaded            msg.Code = "tlsLoaded"
	codeStartFailed          msg.Code = "startFailed"
	codeConnected            msg.Code = "connected"
	codeUDPOpen              msg.Code = "udpOpen"
	codeConnectFailed        msg.Code = "connectFailed"
	codeClosed               msg.Code = "closed"
	codeClosedByServer       msg.Code = "closedByServer"
	codeClosedByPeer         msg.Code = "closedByPeer"
	codeResetByServer        msg.Code = "resetByServer"
	codeResetNoReply         msg.Code = "resetNoReply"
	codeClosedNoReply        msg.Code = "closedNoReply"
	codeResetByPeer          msg.Code = "resetByPeer"
	codeConnError            msg.Code = "connError"
	codeServerStopped        msg.Code = "serverStopped"
	codeDisconnectedByServer msg.Code = "disconnectedByServer"
	codePeerSlow             msg.Code = "peerSlow"
	codeEchoNotRead          msg.Code = "echoNotRead"
	codeFirstDatagram        msg.Code = "firstDatagram"
	codeForgotten            msg.Code = "forgotten"
	codeClientLimit          msg.Code = "clientLimit"
	codeBulkEcho             msg.Code = "bulkEcho"
	codeAcceptRetry          msg.Code = "acceptRetry"
	codeNotShown             msg.Code = "notShown"
	codeServedTCP            msg.Code = "servedTCP"
	codeServedUDP            msg.Code = "servedUDP"
	codeDelayedReplyDropped  msg.Code = "delayedReplyDropped"

	codeEndSent       msg.Code = "endSent"
	codePeerEnded     msg.Code = "peerEnded"
	codePeerEndedEcho msg.Code = "peerEndedEcho"
	codePeerEndedRule msg.Code = "peerEndedRules"

	codeChatPassed     msg.Code = "chatPassed"
	codeChatNotReading msg.Code = "chatNotReading"
	codeChatSlow       msg.Code = "chatSlow"

	codeRuleMatched         msg.Code = "rule"
	codeRuleMatchedNote     msg.Code = "ruleNoted"
	codeRuleReply           msg.Code = "ruleReply"
	codeRuleReplyAfter      msg.Code = "ruleReplyAfter"
	codeRuleReplyClose      msg.Code = "ruleReplyClose"
	codeRuleReplyAfterClose msg.Code = "ruleReplyAfterClose"
	codeRuleDropNoReply     msg.Code = "ruleDropNoReply"
	codeRuleDropClose       msg.Code = "ruleDropClose"
	codeRuleNoReply         msg.Code = "ruleNoReply"
	codeRuleNoReplyClose    msg.Code = "ruleNoReplyClose"
	codeClosedByRule        msg.Code = "closedByRule"
	codeForgottenByRule     msg.Code = "forgottenByRule"
	codeClosedByRuleErr     msg.Code = "closedByRuleErr"
	codeTLSFailed           msg.Code = "tlsFailed"
)

// Codes of network errors, classified once by ExplainNetError and its
// kin. Err is the operating system's text, e.g. "dial tcp
// 127.0.0.1:1: connect: connection refused"; Hint, where there is one, a
// nested message.
const (
	codeRefused              msg.Code = "refused"
	codeRefusedHint          msg.Code = "refusedHint"
	codeReset                msg.Code = "reset"
	codeResetHint            msg.Code = "resetHint"
	codeTimeout              msg.Code = "timeout"
	codeTimeoutHint          msg.Code = "timeoutHint"
	codeInUse                msg.Code = "inUse"
	codeInUseHint            msg.Code = "inUseHint"
	codePermission           msg.Code = "permission"
	codePermissionHint       msg.Code = "permissionHint"
	codeNoAddr               msg.Code = "noAddr"
	codeNoAddrHint           msg.Code = "noAddrHint"
	codeAddrFamily           msg.Code = "addrFamily"
	codeAddrFamilyHint       msg.Code = "addrFamilyHint"
	codeUDPRefused           msg.Code = "udpRefused"
	codeUDPRefusedHint       msg.Code = "udpRefusedHint"
	codeNoSuchHost           msg.Code = "noSuchHost"
	codeLookupFailed         msg.Code = "lookupFailed"
	codeUnreachable          msg.Code = "unreachable"
	codeNoRoute              msg.Code = "noRoute"
	codeBrokenPipe           msg.Code = "brokenPipe"
	codeClosedConn           msg.Code = "closedConn"
	codeWriteClosed          msg.Code = "writeClosed"
	codeSendTo               msg.Code = "sendTo"
	codeSendEndTo            msg.Code = "sendEndTo"
	codeLocalAddr            msg.Code = "localAddr"
	codeEndNeedsTCP          msg.Code = "endNeedsTCP"
	codeServerSpeaksTLSAlone msg.Code = "serverSpeaksTLSAlone"
	codeServerSpeaksTLS      msg.Code = "serverSpeaksTLS"
	codeStopFailed           msg.Code = "stopFailed"
	codeNoSuchPeer           msg.Code = "noSuchPeer"
)

var _ = msg.Define(map[msg.Code]string{
	codeListening:            "listening",
	codeModeEcho:             "mode echo",
	codeModeReply:            "mode reply",
	codeModeSilent:           "mode silent",
	codeModeRulesMsg:         "mode rules",
	codeModeChatMsg:          "mode chat",
	codeModeWithTLS:          "{Mode}; {TLS}",
	codeTLSGenerated:         "TLS, generated certificate sha256 {SHA}",
	codeTLSLoaded:            "TLS, certificate {Subject} sha256 {SHA}",
	codeStartFailed:          "start failed",
	codeConnected:            "connected",
	codeUDPOpen:              "socket open (UDP has no connection)",
	codeConnectFailed:        "connect failed",
	codeClosed:               "closed",
	codeClosedByServer:       "closed by server",
	codeClosedByPeer:         "closed by peer",
	codeResetByServer:        "reset by server",
	codeResetNoReply:         "reset by server before any reply (a TLS server does this to plain text: connect with TLS on)",
	codeClosedNoReply:        "closed by server at once, with no reply (the port may speak TLS: a TLS server does this to plain text; connect with TLS on)",
	codeResetByPeer:          "reset by peer",
	codeConnError:            "connection error",
	codeServerStopped:        "server stopped",
	codeDisconnectedByServer: "disconnected by server",
	codePeerSlow:             "disconnected: peer did not read within {Time}",
	codeEchoNotRead:          "disconnected: it did not read the answers sent to it for {Time}",
	codeFirstDatagram:        "first datagram",
	codeForgotten:            "forgotten by server",
	codeClientLimit:          "refused: client limit {N} reached",
	codeBulkEcho:             "bulk echo in the kernel; content not captured",
	codeAcceptRetry:          "accept failed, retrying in {Time}",
	codeNotShown:             "{N} events not shown",
	codeServedTCP:            "served {Conns} {Conns|connection|connections}; received {In} B; sent {Out} B",
	codeServedUDP:            "received {In} {In|datagram|datagrams}, {InB} B; sent {Out} {Out|datagram|datagrams}, {OutB} B",
	codeDelayedReplyDropped:  "delayed reply dropped: {N} replies are already waiting",

	codeEndSent:       "sent end of stream; still receiving",
	codePeerEnded:     "peer sent end of stream; closing",
	codePeerEndedEcho: "peer sent end of stream; everything echoed, ending ours too",
	codePeerEndedRule: "peer sent end of stream; answering a last line, if any, then closing",

	codeChatPassed:     "passed to {N} {N|client|clients}",
	codeChatNotReading: "disconnected: it does not read ({Msgs} messages, up to {KiB} KiB, were waiting for it)",
	codeChatSlow:       "disconnected: it did not read within {Time}",

	codeRuleMatched:         "rule {Rule}: {What}",
	codeRuleMatchedNote:     "rule {Rule}: {What} ({Note})",
	codeRuleReply:           "reply {Bytes} B",
	codeRuleReplyAfter:      "reply {Bytes} B after {Time}",
	codeRuleReplyClose:      "reply {Bytes} B, then close",
	codeRuleReplyAfterClose: "reply {Bytes} B after {Time}, then close",
	codeRuleDropNoReply:     "drop (no reply)",
	codeRuleDropClose:       "drop (no reply), then close",
	codeRuleNoReply:         "no reply",
	codeRuleNoReplyClose:    "no reply, then close",
	codeClosedByRule:        "closed by rule {Rule}",
	codeForgottenByRule:     "forgotten by rule {Rule}",
	codeClosedByRuleErr:     "closed by rule",
	codeTLSFailed:           "TLS handshake failed",

	codeRefused:              "{Err} ({Hint})",
	codeRefusedHint:          "nothing is listening on that port",
	codeReset:                "{Err} ({Hint})",
	codeResetHint:            "the server reset the connection",
	codeTimeout:              "{Err} ({Hint})",
	codeTimeoutHint:          "no answer in time: host down or port filtered",
	codeInUse:                "{Err} ({Hint})",
	codeInUseHint:            "another program is using this port",
	codePermission:           "{Err} ({Hint})",
	codePermissionHint:       "ports below 1024 need administrator rights",
	codeNoAddr:               "{Err} ({Hint})",
	codeNoAddrHint:           "this computer has no such address",
	codeAddrFamily:           "{Err} ({Hint})",
	codeAddrFamilyHint:       "the local address and the server's must both be IPv4 or both IPv6",
	codeUDPRefused:           "{Err} ({Hint})",
	codeUDPRefusedHint:       "no UDP server answered on that port",
	codeNoSuchHost:           "no such host: {Host}",
	codeLookupFailed:         "cannot look up {Host}: {Why}",
	codeUnreachable:          "{Err}",
	codeNoRoute:              "{Err}",
	codeBrokenPipe:           "{Err}",
	codeClosedConn:           "{Err}",
	codeWriteClosed:          "the sending side is closed (end of stream was sent)",
	codeSendTo:               "send to {Addr}: {Err}",
	codeSendEndTo:            "send end of stream to {Addr}: {Err}",
	codeLocalAddr:            "local address {Addr}: {Err}",
	codeEndNeedsTCP:          "end of stream needs TCP: UDP has no connection to half-close",
	codeServerSpeaksTLSAlone: "the server answered with a TLS alert: it speaks TLS (connect with TLS on)",
	codeServerSpeaksTLS:      "{Addr}: the server answered with a TLS alert: it speaks TLS (connect with TLS on)",
	codeStopFailed:           "stop {Net} server on {Addr}: {Err}",
})

// tlsEvent is e telling of a finished handshake.
func tlsEvent(e Event, info *tlsinfo.Handshake) Event {
	e.TLS = info
	return said(e, info.Message())
}

// modeCodes name each mode in a listening event.
var modeCodes = map[Mode]msg.Code{
	ModeEcho: codeModeEcho, ModeReply: codeModeReply, ModeSilent: codeModeSilent,
	ModeRules: codeModeRulesMsg, ModeChat: codeModeChatMsg,
}

// Codes of the relay (ModeForward).
const (
	codeForwarding           msg.Code = "forwarding"
	codeForwardingTLSClients msg.Code = "forwardingTLSClients"
	codeForwardingTLSTarget  msg.Code = "forwardingTLSTarget"
	codeRelayClient          msg.Code = "relayClient"
	codeRelayTarget          msg.Code = "relayTarget"
	codeRelayUnreachable     msg.Code = "relayUnreachable"
	codeRelayCannotReach     msg.Code = "relayCannotReach"
	codeRelayTargetIs        msg.Code = "relayTargetIs"
	codeRelayUp              msg.Code = "relayUp"
	codeRelayDown            msg.Code = "relayDown"
	codeRelayBulk            msg.Code = "relayBulk"
	codeRelayClientEnded     msg.Code = "relayClientEnded"
	codeRelayTargetEnded     msg.Code = "relayTargetEnded"
	codeRelayClosed          msg.Code = "relayClosed"
	codeRelayClosedBy        msg.Code = "relayClosedBy"
	codeRelayed              msg.Code = "relayed"
	codeRelayStopped         msg.Code = "relayStopped"
	codeRelayDisconnected    msg.Code = "relayDisconnected"
	codeRelayTCPOnly         msg.Code = "relayTCPOnly"
	codeRelayNoTarget        msg.Code = "relayNoTarget"
	codeRelayBadTarget       msg.Code = "relayBadTarget"
	codeStopRelayFailed      msg.Code = "stopRelayFailed"
	codeRelaySideErr         msg.Code = "relaySideErr"
	codeRelayTargetReset     msg.Code = "relayTargetReset"
	codeRelayClientReset     msg.Code = "relayClientReset"
	codeRelaySpliceErr       msg.Code = "relaySpliceErr"
	codeRelayEndErr          msg.Code = "relayEndErr"
)

var _ = msg.Define(map[msg.Code]string{
	codeForwarding:           "forwarding to {Addr}",
	codeForwardingTLSClients: "{Then}; toward clients {TLS}",
	codeForwardingTLSTarget:  "{Then}; TLS to the target",
	codeRelayClient:          "client connected; forwarding to {Addr}",
	codeRelayTarget:          "connected to target for client {Addr}",
	codeRelayUnreachable:     "target unreachable; closing the client",
	codeRelayCannotReach:     "cannot reach target {Addr}: {Err}",
	codeRelayTargetIs:        "target {Addr}: {Err}",
	codeRelayUp:              "client → target {Addr}",
	codeRelayDown:            "target → client {Addr}",
	codeRelayBulk:            "{Note}; bulk copy in the kernel, content not captured",
	codeRelayClientEnded:     "client sent end of stream; passed on to target",
	codeRelayTargetEnded:     "target sent end of stream; passed on to client",
	codeRelayClosed:          "closed; client → target {In} B, target → client {Out} B",
	codeRelayClosedBy:        "{By}; {Closed}",
	codeRelayed:              "relayed {Conns} {Conns|connection|connections}; client → target {In} B; target → client {Out} B",
	codeRelayStopped:         "relay stopped",
	codeRelayDisconnected:    "disconnected by relay",
	codeRelayTCPOnly:         "relay {Net}: only TCP and UDP can be relayed",
	codeRelayNoTarget:        "relay: no target given (want host:port)",
	codeRelayBadTarget:       "target: {Err}",
	codeStopRelayFailed:      "stop relay on {Addr}: {Err}",
	codeRelaySideErr:         "{Side}: {Err}",
	codeRelayTargetReset:     "the target reset the connection: {Err}",
	codeRelayClientReset:     "the client reset the connection: {Err}",
	codeRelaySpliceErr:       "{From} to {To}: {Err}",
	codeRelayEndErr:          "{Side}: end of stream: {Err}",
})

// Codes of the engine's other errors.
const (
	codeConnectTo         msg.Code = "connectTo"
	codePartlySent        msg.Code = "partlySent"
	codeDatagramTooBig    msg.Code = "datagramTooBig"
	codeNoRules           msg.Code = "noRules"
	codeNotRunning        msg.Code = "notRunning"
	codeNoSuchPeerAlone   msg.Code = "noSuchPeerAlone"
	codeAlreadyRunning    msg.Code = "alreadyRunning"
	codeListenNet         msg.Code = "listenNet"
	codeListenAt          msg.Code = "listenAt"
	codeUnknownNetwork    msg.Code = "unknownNetwork"
	codeRelaySendsNothing msg.Code = "relaySendsNothing"
)

var _ = msg.Define(map[msg.Code]string{
	codeConnectTo:         "connect to {Addr}: {Err}",
	codePartlySent:        "only {N} of {Of} bytes sent: {Err}",
	codeDatagramTooBig:    "send to {Addr}: {N} bytes are too many for one UDP datagram (at most {Max} over {Family})",
	codeNoRules:           "mode rules needs a rule set: load a rules file",
	codeNotRunning:        "server is not running",
	codeNoSuchPeerAlone:   "no such peer",
	codeNoSuchPeer:        "no such peer: {Addr}",
	codeAlreadyRunning:    "server is already running",
	codeListenNet:         "listen {Net}: {Err}",
	codeListenAt:          "listen {Net} {Addr}: {Err}",
	codeUnknownNetwork:    "unknown network {Net} (want tcp or udp)",
	codeRelaySendsNothing: "a relay sends nothing of its own",
})

// Codes of the reasons a file cannot be read or written (ExplainFileError).
// Err is the system's text.
const (
	codeIsDir          msg.Code = "isDir"
	codeNotDir         msg.Code = "notDir"
	codeNoFile         msg.Code = "noFile"
	codeReadOnly       msg.Code = "readOnly"
	codeNoSpace        msg.Code = "noSpace"
	codeFilePermission msg.Code = "filePermission"
)

var _ = msg.Define(map[msg.Code]string{
	codeIsDir:          "{Err}",
	codeNotDir:         "{Err}",
	codeNoFile:         "{Err}",
	codeReadOnly:       "{Err}",
	codeNoSpace:        "{Err}",
	codeFilePermission: "{Err}",
})

// Codes of TLS settings the engine checks before a handshake.
const (
	codeNotTLSRecord   msg.Code = "notTLSRecord"
	codeTLSNeedsTCP    msg.Code = "tlsNeedsTCP"
	codeNoDTLS         msg.Code = "noDTLS"
	codeCAFileErr      msg.Code = "caFile"
	codeCertBoth       msg.Code = "certBoth"
	codeCANotPEM       msg.Code = "caNotPEM"
	codeCAPEMEmpty     msg.Code = "caPEMEmpty"
	codeClientCertErr  msg.Code = "clientCert"
	codeClientCertBoth msg.Code = "clientCertBoth"
)

var _ = msg.Define(map[msg.Code]string{
	codeNotTLSRecord:   "the first bytes cannot start a TLS record",
	codeTLSNeedsTCP:    "TLS needs TCP ({Hint})",
	codeNoDTLS:         "DTLS over UDP is not supported",
	codeCAFileErr:      "CA file: {Err}",
	codeCertBoth:       "TLS needs both a certificate file and a key file (or neither, to generate a certificate)",
	codeCANotPEM:       "CA file {File} holds no PEM certificate (want -----BEGIN CERTIFICATE-----)",
	codeCAPEMEmpty:     "the CA certificates given hold no PEM certificate",
	codeClientCertErr:  "client certificate: {Err}",
	codeClientCertBoth: "a client certificate needs both a certificate file and a key file",
})
