package sockets

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of the UDP relay's and its conditions' messages.
const (
	codeUDPRelayClient  msg.Code = "udpRelayClient"
	codeUDPRelayTarget  msg.Code = "udpRelayTarget"
	codeUDPRelayClosed  msg.Code = "udpRelayClosed"
	codeUDPRelayIdle    msg.Code = "udpRelayIdle"
	codeUDPRelayEvicted msg.Code = "udpRelayEvicted"
	codeUDPRelayed      msg.Code = "udpRelayed"
	codeUDPBadCondition msg.Code = "udpBadCondition"
	codeUDPConditionsOn msg.Code = "udpConditionsOn"
	codeUDPEffect       msg.Code = "udpEffect"
	codeUDPLost         msg.Code = "udpLost"
	codeUDPCorrupted    msg.Code = "udpCorrupted"
	codeUDPDuplicated   msg.Code = "udpDuplicated"
	codeUDPHeld         msg.Code = "udpHeld"
	codeUDPDelayed      msg.Code = "udpDelayed"
	codeUDPCondCount    msg.Code = "udpCondCount"
	codeUDPDirUp        msg.Code = "udpDirUp"
	codeUDPDirDown      msg.Code = "udpDirDown"
	codeUDPCountLost    msg.Code = "udpCountLost"
	codeUDPCountDup     msg.Code = "udpCountDup"
	codeUDPCountHeld    msg.Code = "udpCountHeld"
	codeUDPCountCorrupt msg.Code = "udpCountCorrupt"
	codeUDPCountDelayed msg.Code = "udpCountDelayed"
)

var _ = msg.Define(map[msg.Code]string{
	codeUDPRelayClient:  "first datagram; forwarding to {Addr}",
	codeUDPRelayTarget:  "opened a socket to the target for client {Addr}",
	codeUDPRelayClosed:  "socket to the target closed; client → target {In} {In|datagram|datagrams}, {InB} B; target → client {Out} {Out|datagram|datagrams}, {OutB} B",
	codeUDPRelayIdle:    "idle for {Time}",
	codeUDPRelayEvicted: "forgotten to make room: {N} clients at most",
	codeUDPRelayed:      "relayed {Clients} {Clients|client|clients}; client → target {In} {In|datagram|datagrams}, {InB} B; target → client {Out} {Out|datagram|datagrams}, {OutB} B",
	codeUDPBadCondition: "UDP condition: {Err}",
	codeUDPConditionsOn: "{Then}; UDP conditions {List}; seed {Seed}",
	codeUDPEffect:       "{Note}; {Effect}",
	codeUDPLost:         "lost (loss)",
	codeUDPCorrupted:    "bit {Bit} flipped (corrupt)",
	codeUDPDuplicated:   "duplicated (duplicate)",
	codeUDPHeld:         "held back until {N} later {N|datagram passes|datagrams pass} (reorder)",
	codeUDPDelayed:      "delayed {Time} (latency)",
	codeUDPCondCount:    "{Condition}, {Dir}: {Did}",
	codeUDPDirUp:        "client → target",
	codeUDPDirDown:      "target → client",
	codeUDPCountLost:    "{N} {N|datagram|datagrams} lost",
	codeUDPCountDup:     "{N} {N|datagram|datagrams} duplicated",
	codeUDPCountHeld:    "{N} {N|datagram|datagrams} held back",
	codeUDPCountCorrupt: "{N} {N|datagram|datagrams} corrupted",
	codeUDPCountDelayed: "{N} {N|datagram|datagrams} delayed",
})
