package conditions

import "github.com/sockettester/sockettester/sockets/msg"

// Message codes of conditions.
const (
	codeDescLatency    msg.Code = "condDescLatency"
	codeDescBandwidth  msg.Code = "condDescBandwidth"
	codeDescDelay      msg.Code = "condDescDelay"
	codeDescHold       msg.Code = "condDescHold"
	codeDescSlicer     msg.Code = "condDescSlicer"
	codeDescLimit      msg.Code = "condDescLimit"
	codeDescDown       msg.Code = "condDescDown"
	codeNegative       msg.Code = "condNegative"
	codeUnknownType    msg.Code = "condUnknownType"
	codeBadDir         msg.Code = "condBadDir"
	codeBadToxicity    msg.Code = "condBadToxicity"
	codeBadRate        msg.Code = "condBadRate"
	codeBadSliceSize   msg.Code = "condBadSliceSize"
	codeBadVariation   msg.Code = "condBadVariation"
	codeBadLimit       msg.Code = "condBadLimit"
	codeInCondition    msg.Code = "condInCondition"
	codeNameTaken      msg.Code = "condNameTaken"
	codeNoSuchName     msg.Code = "condNoSuchName"
	codeAdded          msg.Code = "condAdded"
	codeChanged        msg.Code = "condChanged"
	codeRemoved        msg.Code = "condRemoved"
	codeCut            msg.Code = "condCut"
	codeEmptySpec      msg.Code = "condEmptySpec"
	codeUnknownKey     msg.Code = "condUnknownKey"
	codeKeyTwice       msg.Code = "condKeyTwice"
	codeBadDuration    msg.Code = "condBadDuration"
	codeBadNumber      msg.Code = "condBadNumber"
	codeNoValue        msg.Code = "condNoValue"
	codeWantsValue     msg.Code = "condWantsValue"
	codeDirWord        msg.Code = "condDirWord"
	codeDescLoss       msg.Code = "condDescLoss"
	codeDescShare      msg.Code = "condDescShare"
	codeDescReorder    msg.Code = "condDescReorder"
	codeBadShare       msg.Code = "condBadShare"
	codeBadWindow      msg.Code = "condBadWindow"
	codeCorrelationOne msg.Code = "condCorrelationOne"
	codeCorrelationLow msg.Code = "condCorrelationLow"
	codeNotForUDP      msg.Code = "condNotForUDP"
	codeNotForTCP      msg.Code = "condNotForTCP"
	codeLost           msg.Code = "condLost"
	codeCorrupted      msg.Code = "condCorrupted"
	codeDuplicated     msg.Code = "condDuplicated"
	codeHeld           msg.Code = "condHeld"
	codeDelayed        msg.Code = "condDelayed"
	codeCountLost      msg.Code = "condCountLost"
	codeCountDup       msg.Code = "condCountDup"
	codeCountHeld      msg.Code = "condCountHeld"
	codeCountCorrupt   msg.Code = "condCountCorrupt"
	codeCountDelayed   msg.Code = "condCountDelayed"
)

var _ = msg.Define(map[msg.Code]string{
	codeDescLatency:    "latency {Latency} ± {Jitter}",
	codeDescBandwidth:  "bandwidth {Rate} KB/s",
	codeDescDelay:      "{Type} after {Delay}",
	codeDescHold:       "timeout: hold the data, never close",
	codeDescSlicer:     "slicer {Size} ± {Variation} B, {Delay} apart",
	codeDescLimit:      "limit_data: close after {Bytes} B",
	codeDescDown:       "down: refuse new connections, close open ones",
	codeNegative:       "{Field} cannot be negative ({Value}); use 0 or more, e.g. 200ms",
	codeUnknownType:    "unknown condition type {Type}; want one of {Want}",
	codeBadDir:         "direction {Dir} is not up, down or both",
	codeBadToxicity:    "toxicity {Value} is out of range; want a share from 0 to 1, e.g. 0.5",
	codeBadRate:        "bandwidth must be a positive rate in KB/s, not {Value} (e.g. bandwidth=1000)",
	codeBadSliceSize:   "slicer size must be a positive number of bytes, not {Value} (e.g. slicer=64)",
	codeBadVariation:   "slicer variation {Value} must be at least 0 and less than the size {Size}",
	codeBadLimit:       "limit_data must be 0 or more bytes, not {Value}",
	codeInCondition:    "condition {Name}: {Err}",
	codeNameTaken:      "a condition named {Name} is already set; give this one another name (name=...)",
	codeNoSuchName:     "no condition named {Name}",
	codeAdded:          "condition {Name} on ({Dir}, toxicity {Toxicity}): {What}",
	codeChanged:        "condition {Name} changed ({Dir}, toxicity {Toxicity}): {What}",
	codeRemoved:        "condition {Name} removed",
	codeCut:            "closed by a network condition",
	codeEmptySpec:      "empty condition; want e.g. latency=200ms,jitter=20ms,dir=down",
	codeUnknownKey:     "unknown key {Key} for {Type}; want one of {Want}",
	codeKeyTwice:       "key {Key} given twice",
	codeBadDuration:    "{Key}={Value} is not a duration; want e.g. 200ms, 1.5s or a number of {Unit}",
	codeBadNumber:      "{Key}={Value} is not a number; want e.g. {Example}",
	codeNoValue:        "{Key} needs a value, e.g. {Key}={Example}",
	codeWantsValue:     "{Key} takes no value; write just {Key}",
	codeDirWord:        "dir={Value} is not a direction; want up, down or both (or upstream, downstream)",
	codeDescLoss:       "loss {P} (correlation {Correlation})",
	codeDescShare:      "{Type} {P}",
	codeDescReorder:    "reorder {P}, held for {Window} later datagrams",
	codeBadShare:       "{Key} {Value} is not a share; use 0 to 1, e.g. 0.1 (or a percentage, 10%)",
	codeBadWindow:      "reorder window {Value} is not a number of datagrams; use 1 or more, e.g. window=3",
	codeCorrelationOne: "loss correlation 1 would lose every datagram after the first; use below 1, e.g. 0.25",
	codeCorrelationLow: "loss {P} with correlation {Correlation} cannot be: losses that rare after a loss need more than every other datagram lost; use correlation at least {Min}",
	codeNotForUDP:      "{Type} applies to TCP relays; on UDP use {Want} or {Last}",
	codeNotForTCP:      "{Type} applies to UDP relays; on TCP use {Want} or {Last}",
	codeLost:           "lost (loss)",
	codeCorrupted:      "bit {Bit} flipped (corrupt)",
	codeDuplicated:     "duplicated (duplicate)",
	codeHeld:           "held back until {N} later {N|datagram passes|datagrams pass} (reorder)",
	codeDelayed:        "delayed {Time} (latency)",
	codeCountLost:      "condition {Name} ({Dir}): {N} {N|datagram|datagrams} lost",
	codeCountDup:       "condition {Name} ({Dir}): {N} {N|datagram|datagrams} duplicated",
	codeCountHeld:      "condition {Name} ({Dir}): {N} {N|datagram|datagrams} held back",
	codeCountCorrupt:   "condition {Name} ({Dir}): {N} {N|datagram|datagrams} corrupted",
	codeCountDelayed:   "condition {Name} ({Dir}): {N} {N|datagram|datagrams} delayed",
})
