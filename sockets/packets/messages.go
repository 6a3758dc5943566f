package packets

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of the mistakes in a packets file.
const (
	codeNameTaken       msg.Code = "yamlPacketNameTaken"
	codeNeedsName       msg.Code = "yamlPacketNeedsName"
	codeUnknownProtocol msg.Code = "yamlUnknownProtocol"
	codeNeedsPayload    msg.Code = "yamlPacketNeedsPayload"
)

var _ = msg.Define(map[msg.Code]string{
	codeNameTaken:       "packet {Packet} is already called {Name}",
	codeNeedsName:       "a packet needs a name",
	codeUnknownProtocol: "unknown protocol {Protocol} (want tcp or udp)",
	codeNeedsPayload:    "a packet needs a payload",
})
