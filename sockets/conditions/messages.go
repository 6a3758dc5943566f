package conditions

import "github.com/sockettester/sockettester/sockets/msg"

// Message codes of conditions.
const (
	codeDescLatency   msg.Code = "condDescLatency"
	codeDescBandwidth msg.Code = "condDescBandwidth"
	codeDescDelay     msg.Code = "condDescDelay"
	codeDescHold      msg.Code = "condDescHold"
	codeDescSlicer    msg.Code = "condDescSlicer"
	codeDescLimit     msg.Code = "condDescLimit"
	codeDescDown      msg.Code = "condDescDown"
	codeNegative      msg.Code = "condNegative"
	codeUnknownType   msg.Code = "condUnknownType"
	codeBadDir        msg.Code = "condBadDir"
	codeBadToxicity   msg.Code = "condBadToxicity"
	codeBadRate       msg.Code = "condBadRate"
	codeBadSliceSize  msg.Code = "condBadSliceSize"
	codeBadVariation  msg.Code = "condBadVariation"
	codeBadLimit      msg.Code = "condBadLimit"
	codeInCondition   msg.Code = "condInCondition"
	codeNameTaken     msg.Code = "condNameTaken"
	codeNoSuchName    msg.Code = "condNoSuchName"
	codeAdded         msg.Code = "condAdded"
	codeChanged       msg.Code = "condChanged"
	codeRemoved       msg.Code = "condRemoved"
	codeCut           msg.Code = "condCut"
	codeEmptySpec     msg.Code = "condEmptySpec"
	codeUnknownKey    msg.Code = "condUnknownKey"
	codeKeyTwice      msg.Code = "condKeyTwice"
	codeBadDuration   msg.Code = "condBadDuration"
	codeBadNumber     msg.Code = "condBadNumber"
	codeNoValue       msg.Code = "condNoValue"
	codeWantsValue    msg.Code = "condWantsValue"
	codeDirWord       msg.Code = "condDirWord"
)

var _ = msg.Define(map[msg.Code]string{
	codeDescLatency:   "latency {Latency} ± {Jitter}",
	codeDescBandwidth: "bandwidth {Rate} KB/s",
	codeDescDelay:     "{Type} after {Delay}",
	codeDescHold:      "timeout: hold the data, never close",
	codeDescSlicer:    "slicer {Size} ± {Variation} B, {Delay} apart",
	codeDescLimit:     "limit_data: close after {Bytes} B",
	codeDescDown:      "down: refuse new connections, close open ones",
	codeNegative:      "{Field} cannot be negative ({Value}); use 0 or more, e.g. 200ms",
	codeUnknownType:   "unknown condition type {Type}; want one of {Want}",
	codeBadDir:        "direction {Dir} is not up, down or both",
	codeBadToxicity:   "toxicity {Value} is out of range; want a share from 0 to 1, e.g. 0.5",
	codeBadRate:       "bandwidth must be a positive rate in KB/s, not {Value} (e.g. bandwidth=1000)",
	codeBadSliceSize:  "slicer size must be a positive number of bytes, not {Value} (e.g. slicer=64)",
	codeBadVariation:  "slicer variation {Value} must be at least 0 and less than the size {Size}",
	codeBadLimit:      "limit_data must be 0 or more bytes, not {Value}",
	codeInCondition:   "condition {Name}: {Err}",
	codeNameTaken:     "a condition named {Name} is already set; give this one another name (name=...)",
	codeNoSuchName:    "no condition named {Name}",
	codeAdded:         "condition {Name} on ({Dir}, toxicity {Toxicity}): {What}",
	codeChanged:       "condition {Name} changed ({Dir}, toxicity {Toxicity}): {What}",
	codeRemoved:       "condition {Name} removed",
	codeCut:           "closed by a network condition",
	codeEmptySpec:     "empty condition; want e.g. latency=200ms,jitter=20ms,dir=down",
	codeUnknownKey:    "unknown key {Key} for {Type}; want one of {Want}",
	codeKeyTwice:      "key {Key} given twice",
	codeBadDuration:   "{Key}={Value} is not a duration; want e.g. 200ms, 1.5s or a number of {Unit}",
	codeBadNumber:     "{Key}={Value} is not a number; want e.g. {Example}",
	codeNoValue:       "{Key} needs a value, e.g. {Key}={Example}",
	codeWantsValue:    "{Key} takes no value; write just {Key}",
	codeDirWord:       "dir={Value} is not a direction; want up, down or both (or upstream, downstream)",
})
