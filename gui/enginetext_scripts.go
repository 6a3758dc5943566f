package gui

// scriptEngineTexts are the engine's messages about rules and scenarios
// (issue 10) that the window shows: rule events, closes by a rule, and why
// a scenario's step failed. They are matched like engineTexts.
var scriptEngineTexts = []engineText{
	// Rule events (sockets/rulemode.go ruleMessage): `rule "PING": reply
	// 7 B after 50ms, then close (part of a line longer than max_line)`,
	// translated in parts.
	{`mode rules`, "engine.modeRules"},
	{`rule (?P<Rule>".*")`, "engine.rule"},
	{`reply (?P<Bytes>\d+) B`, "engine.ruleReply"},
	{`reply (?P<Bytes>\d+) B after (?P<Time>\S+)`, "engine.ruleReplyAfter"},
	{`reply (?P<Bytes>\d+) B, then close`, "engine.ruleReplyClose"},
	{`reply (?P<Bytes>\d+) B after (?P<Time>\S+), then close`, "engine.ruleReplyAfterClose"},
	{`drop`, "engine.ruleDrop"},
	{`no reply`, "engine.ruleNoReply"},
	{`no reply, then close`, "engine.ruleNoReplyClose"},
	{`drop \(no reply\), then close`, "engine.ruleDropClose"},
	{`part of a line longer than max_line`, "engine.ruleLongLine"},
	{`closed by rule (?P<Rule>".*")`, "engine.closedByRule"},
	{`forgotten by rule (?P<Rule>".*")`, "engine.forgottenByRule"},
	{`closed by rule`, "engine.closedByRuleErr"},
	{`peer sent end of stream; answering a last line, if any, then closing`, "engine.rulesHalfClose"},
	// The other modes' half-close events (issue 8's engine), which
	// TestEngineTextsCoverTheEngine meets when the echo server sees the
	// client's end before the test stops collecting.
	{`peer sent end of stream; everything echoed, ending ours too`, "engine.halfCloseEchoed"},
	{`peer sent end of stream; closing`, "engine.halfCloseClosing"},
	{`sent end of stream; still receiving`, "engine.halfCloseSent"},
}
