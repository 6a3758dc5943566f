package sockets

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of multicast and broadcast messages: joining, leaving, and the
// mistakes a group, source, interface or target can have.
const (
	codeGroupJoined       msg.Code = "groupJoined"
	codeGroupLeft         msg.Code = "groupLeft"
	codeGroupJoinFailed   msg.Code = "groupJoinFailed"
	codeGroupLeaveFailed  msg.Code = "groupLeaveFailed"
	codeGroupWithSource   msg.Code = "groupWithSource"
	codeIfaceDefault      msg.Code = "ifaceDefault"
	codeGroupNotMulticast msg.Code = "groupNotMulticast"
	codeGroupSourceBad    msg.Code = "groupSourceBad"
	codeGroupSourceFamily msg.Code = "groupSourceFamily"
	codeNoSuchIface       msg.Code = "noSuchIface"
	codeGroupV6OnV4       msg.Code = "groupV6OnV4"
	codeGroupV4OnV6       msg.Code = "groupV4OnV6"
	codeGroupBoundTo      msg.Code = "groupBoundTo"
	codeGroupNeedsUDP     msg.Code = "groupNeedsUDP"
	codeGroupAlready      msg.Code = "groupAlready"
	codeGroupNotJoined    msg.Code = "groupNotJoined"
	codeGroupSendSetup    msg.Code = "groupSendSetup"
	codeNeedsBroadcast    msg.Code = "needsBroadcast"
	codeSendOptsNeedGroup msg.Code = "sendOptsNeedGroup"
	codeBadTTL            msg.Code = "badTTL"
)

var _ = msg.Define(map[msg.Code]string{
	codeGroupJoined:       "joined group {Group} on {Iface}",
	codeGroupLeft:         "left group {Group} on {Iface}",
	codeGroupJoinFailed:   "join group {Group} on {Iface}: {Err}",
	codeGroupLeaveFailed:  "leave group {Group} on {Iface}: {Err}",
	codeGroupWithSource:   "{Group} from source {Source}",
	codeIfaceDefault:      "the interface the system chooses",
	codeGroupNotMulticast: "{Addr} is not a multicast group; use an address in 224.0.0.0/4 or ff00::/8, e.g. 239.1.2.3 or ff12::1234",
	codeGroupSourceBad:    "source {Source} is not a unicast IP address; give the sender's address, e.g. 192.0.2.1",
	codeGroupSourceFamily: "source {Source} and group {Group} must both be IPv4 or both IPv6",
	codeNoSuchIface:       "no interface named {Name}; this machine has: {List}",
	codeGroupV6OnV4:       "group {Group} is IPv6 but the server listens on {Addr}, IPv4 only; listen on [::]:{Port} instead",
	codeGroupV4OnV6:       "group {Group} is IPv4 but the server listens on {Addr}, IPv6 only; listen on 0.0.0.0:{Port} instead",
	codeGroupBoundTo:      "the server listens on {Addr}, where no group datagram arrives; listen on 0.0.0.0:{Port} (or [::]:{Port} for IPv6) to join {Group}",
	codeGroupNeedsUDP:     "joining a multicast group needs a UDP server, not {Net}",
	codeGroupAlready:      "already joined group {Group} on {Iface}",
	codeGroupNotJoined:    "not a member of group {Group} on {Iface}; joined: {List}",
	codeGroupSendSetup:    "set up sending to group {Group}: {Err}",
	codeNeedsBroadcast:    "{Addr} is a broadcast address; sending to it needs broadcast turned on (--broadcast in the CLI)",
	codeSendOptsNeedGroup: "an interface and a TTL apply only to multicast targets (224.0.0.0/4, ff00::/8), and an interface to broadcast ones; {Addr} is neither",
	codeBadTTL:            "TTL {TTL} is out of range; use 1 to 255 (0: the system's default, 1 for multicast)",
})

// Codes of sending to a broadcast address.
const (
	codeNoV6Broadcast  msg.Code = "noV6Broadcast"
	codeBroadcastSetup msg.Code = "broadcastSetup"
)

var _ = msg.Define(map[msg.Code]string{
	codeNoV6Broadcast:  "IPv6 has no broadcast ({Addr}); send to the all-nodes group ff02::1 instead",
	codeBroadcastSetup: "set up broadcasting to {Addr}: {Err}",
})
