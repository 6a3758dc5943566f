package packets

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of the mistakes in a packets file.
const (
	codeNameTaken       msg.Code = "yamlPacketNameTaken"
	codeNeedsName       msg.Code = "yamlPacketNeedsName"
	codeUnknownProtocol msg.Code = "yamlUnknownProtocol"
	codeNeedsPayload    msg.Code = "yamlPacketNeedsPayload"

	codePacketErr         msg.Code = "packetErr"
	codeNoSuchPacketAlone msg.Code = "noSuchPacketAlone"
	codeNoSuchPacketEmpty msg.Code = "noSuchPacketEmpty"
	codeNoSuchPacket      msg.Code = "noSuchPacket"
	codeNameInUse         msg.Code = "packetNameInUse"
	codeNotUTF8           msg.Code = "packetNotUTF8"

	codeButtonNeedsPacket msg.Code = "yamlButtonNeedsPacket"
	codeButtonPeriod      msg.Code = "yamlButtonPeriod"
)

var _ = msg.Define(map[msg.Code]string{
	codeNameTaken:       "packet {Packet} is already called {Name}",
	codeNeedsName:       "a packet needs a name",
	codeUnknownProtocol: "unknown protocol {Protocol} (want tcp or udp)",
	codeNeedsPayload:    "a packet needs a payload",

	codePacketErr:         "packet {Name}: {Err}",
	codeNoSuchPacketAlone: "no such packet",
	codeNoSuchPacketEmpty: "no such packet {Name}: the library is empty",
	codeNoSuchPacket:      "no such packet {Name} (have {Have})",
	codeNameInUse:         "a packet is already called {Name}",
	codeNotUTF8:           "packet {Name}: a YAML file holds text only: save a payload that is not UTF-8 as hex",

	codeButtonNeedsPacket: "a button needs the name of a packet to send",
	codeButtonPeriod:      "every {Every} is too short: a button's period is 1ms or more (leave every out to send once per press)",
})
