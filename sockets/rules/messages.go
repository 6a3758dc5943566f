package rules

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of what the rules say: notes on a rule event, and mistakes in a
// rules file.
const (
	codeLongLine                msg.Code = "ruleLongLine"
	codeReadRules               msg.Code = "readRules"
	codeRulesEmpty              msg.Code = "yamlRulesEmpty"
	codeNameTaken               msg.Code = "yamlRuleNameTaken"
	codeUnknownFrame            msg.Code = "yamlUnknownFrame"
	codeUnknownDefault          msg.Code = "yamlUnknownDefault"
	codeWantReply               msg.Code = "yamlWantReply"
	codeDropAndReply            msg.Code = "yamlDropAndReply"
	codeRuleNothing             msg.Code = "yamlRuleNothing"
	codeMatchesNothing          msg.Code = "yamlMatchesNothing"
	codeTwoMatches              msg.Code = "yamlTwoMatches"
	codeNameEmpty               msg.Code = "yamlNameEmpty"
	codePlaceholder             msg.Code = "yamlPlaceholder"
	codeAppendNoReply           msg.Code = "yamlAppendNoReply"
	codeGroupNoRegex            msg.Code = "yamlGroupNoRegex"
	codeUnknownPlaceholder      msg.Code = "yamlUnknownPlaceholder"
	codeNoGroup                 msg.Code = "yamlNoGroup"
	codeUnknownPlaceholderGroup msg.Code = "yamlUnknownPlaceholderGroup"
)

var _ = msg.Define(map[msg.Code]string{
	codeLongLine:                "part of a line longer than max_line",
	codeReadRules:               "read rules: {Err}",
	codeRulesEmpty:              "the file is empty: want frame, default and rules",
	codeNameTaken:               "rule {Rule} is already named {Name}; give this one another name",
	codeUnknownFrame:            "unknown frame {Frame} (want line or raw)",
	codeUnknownDefault:          `unknown default {Default} (want echo, silent or reply: "text")`,
	codeWantReply:               `want reply: "text"`,
	codeDropAndReply:            "drop means no reply, and this rule has one: keep one of reply and drop",
	codeRuleNothing:             "the rule does nothing: give it a reply, drop: true or close: true",
	codeMatchesNothing:          "the rule matches nothing: give it one of match, prefix, contains, regex or hex",
	codeTwoMatches:              "give one way to match, not both {First} and {Second}",
	codeNameEmpty:               "a name cannot be empty",
	codePlaceholder:             "{Ref}: {Why}",
	codeAppendNoReply:           "append adds a checksum to a reply: give the rule a reply too, or leave append out",
	codeGroupNoRegex:            "a regex group, and only a regex rule has groups",
	codeUnknownPlaceholder:      "unknown placeholder (want counter, data, upper, time, unixtime, random:N, peer or hex:DIGITS)",
	codeNoGroup:                 "the regex has {Groups} {Groups|group|groups}, so no group {Group}",
	codeUnknownPlaceholderGroup: "unknown placeholder (want counter, data, upper, time, unixtime, random:N, peer, hex:DIGITS or a group of the regex: 1 to {Groups} or its name)",
})
