package sockets

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/coder/websocket"

	"github.com/sockettester/sockettester/sockets/msg"
)

// NetworkWS is the Network of a WebSocket server or client (ws:// or, with
// TLS, wss://). Each WebSocket message is one event.
const NetworkWS = "ws"

// IsWS reports whether network is NetworkWS.
func IsWS(network string) bool { return network == NetworkWS }

// Opcodes an Event carries for a WebSocket message (Event.Opcode).
const (
	OpText   = "text"
	OpBinary = "binary"
)

// wsMaxMessage bounds one message read; coder/websocket's default (32 KiB)
// is smaller than what people test with.
const wsMaxMessage = 16 << 20

// WebSocket message codes.
const (
	codeWSClientClosed  msg.Code = "wsClientClosed"
	codeWSClientReason  msg.Code = "wsClientClosedReason"
	codeWSServerClosed  msg.Code = "wsServerClosed"
	codeWSServerReason  msg.Code = "wsServerClosedReason"
	codeWSPing          msg.Code = "wsPing"
	codeWSPong          msg.Code = "wsPong"
	codeWSRefused       msg.Code = "wsRefused"
	codeWSHandshake     msg.Code = "wsHandshake"
	codeWSBadURL        msg.Code = "wsBadURL"
	codeWSConnected     msg.Code = "wsConnected"
	codeWSNoForward     msg.Code = "wsNoForward"
	codeWSNotHandshake  msg.Code = "wsNotHandshake"
	codeWSAccepted      msg.Code = "wsAccepted"
	codeWSAcceptedProto msg.Code = "wsAcceptedProto"
	codeWSBadHeader     msg.Code = "wsBadHeader"
)

var _ = msg.Define(map[msg.Code]string{
	codeWSClientClosed:  "closed by the client with code {Code}",
	codeWSClientReason:  "closed by the client with code {Code}: {Reason}",
	codeWSServerClosed:  "closed by the server with code {Code}",
	codeWSServerReason:  "closed by the server with code {Code}: {Reason}",
	codeWSPing:          "ping received ({Bytes} {Bytes|byte|bytes})",
	codeWSPong:          "pong received ({Bytes} {Bytes|byte|bytes})",
	codeWSRefused:       "the server refused the WebSocket handshake: {Status}; check the path and Origin",
	codeWSHandshake:     "WebSocket handshake with {URL}",
	codeWSBadURL:        "{URL} is not a WebSocket address: write ws://HOST:PORT/PATH or wss://HOST:PORT/PATH",
	codeWSConnected:     "connected to {URL}, subprotocol {Proto}",
	codeWSNoForward:     "a WebSocket server cannot forward; choose echo, reply, silent, rules or chat",
	codeWSNotHandshake:  "not a WebSocket handshake; answered with an HTTP error",
	codeWSAccepted:      "WebSocket on {Path}",
	codeWSBadHeader:     "header {Line}: write one Name: value a line, e.g. Authorization: Bearer abc",
	codeWSAcceptedProto: "WebSocket on {Path}, subprotocol {Proto}",
})

func opcodeOf(t websocket.MessageType) string {
	if t == websocket.MessageBinary {
		return OpBinary
	}
	return OpText
}

// wsClosed says who closed a WebSocket connection and with which code and
// reason, or is false when err carries no close frame.
func wsClosed(err error, byServer bool) (msg.Message, bool) {
	var ce websocket.CloseError
	if !errors.As(err, &ce) {
		return msg.Message{}, false
	}
	code := strconv.Itoa(int(ce.Code))
	plain, reason := codeWSClientClosed, codeWSClientReason
	if byServer {
		plain, reason = codeWSServerClosed, codeWSServerReason
	}
	if ce.Reason == "" {
		return msg.New(plain, "Code", code), true
	}
	return msg.New(reason, "Code", code, "Reason", strconv.Quote(ce.Reason)), true
}

// ParseHeaderLines reads extra request headers, one "Name: value" a line
// (blank lines skipped), for a WebSocket client's handshake.
func ParseHeaderLines(text string) (http.Header, error) {
	h := http.Header{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, msg.NewError(codeWSBadHeader, "Line", strconv.Quote(line))
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}
