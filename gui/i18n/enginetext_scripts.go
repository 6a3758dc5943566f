package i18n

// scriptEngineTexts are the engine's messages about rules and scenarios
// (issue 10) that the window shows: rule events, closes by a rule, and why
// a scenario's step failed. They are matched like engineTexts.
var scriptEngineTexts = []engineText{
	// Rule events (sockets/rulemode.go ruleMessage): `rule "PING": reply
	// 7 B after 50ms, then close (part of a line longer than max_line)`,
	// translated in parts. The event column says "rule" already, so the
	// message starts with the rule's name: `"PING": reply 7 B`.
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
	// Mistakes in a rules file (sockets/yamlfile, sockets/rules), shown
	// under the rules editor after the file:line:column and the key.
	{`bad regex: (?P<Why>.+)`, "engine.yamlBadRegex"},
	{`unknown key (?P<Key>"[^"]*") \(want (?P<Want>[^)]*)\)`, "engine.yamlUnknownKey"},
	{`unknown key (?P<Key>"[^"]*") \(want (?P<Want>[^)]*)\); did you mean (?P<Hint>"[^"]*")\?`, "engine.yamlUnknownKeyHint"},
	{`invalid hex digit (?P<Char>".*")`, "engine.yamlHexDigit"},
	{`YAML syntax`, "engine.yamlSyntax"},
	{`duration (?P<Value>"[^"]*") needs a unit, e\.g\. 5ms or 5s`, "engine.yamlDurationUnit"},
	{`(?P<Ref>\{\{\d+\}\}): the regex has 1 group, so no group (?P<Group>\d+)`, "engine.yamlNoGroup1"},
	{`(?P<Ref>\{\{\d+\}\}): the regex has (?P<Groups>\d+) groups, so no group (?P<Group>\d+)`, "engine.yamlNoGroup"},
	{`the rule does nothing: give it a reply, drop: true or close: true`, "engine.yamlRuleNothing"},
	{`the file is empty: want frame, default and rules`, "engine.yamlRulesEmpty"},
	{`unknown frame (?P<Frame>"[^"]*") \(want line or raw\)`, "engine.yamlUnknownFrame"},
	// Why a scenario's step failed, and what it expected
	// (sockets/scenario Failure.Msg and Expected).
	{`stopped`, "engine.stepStopped"},
	{`received different bytes`, "engine.stepDifferent"},
	{`timed out after (?P<Time>\S+)`, "engine.stepTimeout"},
	{`the server closed the connection`, "engine.stepServerClosed"},
	{`the connection ended`, "engine.stepEnded"},
	{`the connection is still open after (?P<Time>\S+)`, "engine.stepStillOpen"},
	{`first difference at byte (?P<Offset>\d+)`, "engine.stepFirstDiff"},
	{`a match of (?P<Text>".*")`, "engine.stepMatchOf"},
	{`(?P<Text>".*") anywhere`, "engine.stepAnywhere"},
	{`the server to close the connection`, "engine.stepExpectClose"},
	// Why a session cannot be saved as a scenario (scenario.FromSession).
	{`the session has nothing sent or received to save`, "engine.sessionEmpty"},
	{`(?P<N>\d+) events of the session were not recorded \((?P<Time>[^)]*)\), so it cannot be replayed exactly`, "engine.sessionGap"},
	{`the log kept (?P<Kept>\d+) of the (?P<Bytes>\d+) bytes (?P<Kind>\S+) at (?P<Time>.+): raise the capture size and record the session again`, "engine.sessionTruncated"},
}
