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
	codeUDPEffect       msg.Code = "udpEffect"
)

var _ = msg.Define(map[msg.Code]string{
	codeUDPRelayClient:  "first datagram; forwarding to {Addr}",
	codeUDPRelayTarget:  "opened a socket to the target for client {Addr}",
	codeUDPRelayClosed:  "socket to the target closed; client → target {In} {In|datagram|datagrams}, {InB} B; target → client {Out} {Out|datagram|datagrams}, {OutB} B",
	codeUDPRelayIdle:    "idle for {Time}",
	codeUDPRelayEvicted: "forgotten to make room: {N} clients at most",
	codeUDPRelayed:      "relayed {Clients} {Clients|client|clients}; client → target {In} {In|datagram|datagrams}, {InB} B; target → client {Out} {Out|datagram|datagrams}, {OutB} B",
	codeUDPBadCondition: "UDP condition: {Err}",
	codeUDPEffect:       "{Note}; {Effect}",
})
