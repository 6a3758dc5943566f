package yamlfile

import (
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Codes of the mistakes yamlfile finds in any file. A quoted argument
// (Key, Value, Hint) carries its quotes; Got is a quoted value or a nested
// message (codeAList...).
const (
	codeAt               msg.Code = "yamlAt"
	codeText             msg.Code = "yamlText"
	codeSyntax           msg.Code = "yamlSyntax"
	codeOneDocument      msg.Code = "yamlOneDocument"
	codeWantMapping      msg.Code = "yamlWantMapping"
	codeWantKeyName      msg.Code = "yamlWantKeyName"
	codeUnknownKey       msg.Code = "yamlUnknownKey"
	codeUnknownKeyHint   msg.Code = "yamlUnknownKeyHint"
	codeKeyTwice         msg.Code = "yamlKeyTwice"
	codeWant             msg.Code = "yamlWant"
	codeWantBool         msg.Code = "yamlWantBool"
	codeWantWhole        msg.Code = "yamlWantWhole"
	codeWantList         msg.Code = "yamlWantList"
	codeDurationUnit     msg.Code = "yamlDurationUnit"
	codeBadDuration      msg.Code = "yamlBadDuration"
	codeNegativeDuration msg.Code = "yamlNegativeDuration"
	codeNothing          msg.Code = "yamlNothing"
	codeAList            msg.Code = "yamlAList"
	codeKeysValues       msg.Code = "yamlKeysValues"
	codeEmptyValue       msg.Code = "yamlEmptyValue"
	codeQuotedNotFound   msg.Code = "yamlQuotedNotFound"
	codeQuotedMultiline  msg.Code = "yamlQuotedMultiline"
	codeSyntaxChar       msg.Code = "yamlSyntaxChar"
	codeSyntaxEnd        msg.Code = "yamlSyntaxEnd"
	codeSyntaxEscape     msg.Code = "yamlSyntaxEscape"
	codeBadRegex         msg.Code = "yamlBadRegex"
)

// RegexProblem is the problem of a regular expression that does not
// compile: "bad regex: missing closing )".
func RegexProblem(err error) msg.Message {
	return msg.New(codeBadRegex, "Why", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
}

var _ = msg.Define(map[msg.Code]string{
	codeAt:               "{Where}{Problem}",
	codeText:             "{Text}",
	codeSyntax:           "YAML syntax: {Why}",
	codeOneDocument:      `a {What} file holds one document; remove the second "---"`,
	codeWantMapping:      "want keys and values (key: value), not {Got}",
	codeWantKeyName:      "want a key name, not {Got}",
	codeUnknownKey:       "unknown key {Key} (want {Want})",
	codeUnknownKeyHint:   "unknown key {Key} (want {Want}); did you mean {Hint}?",
	codeKeyTwice:         "key given twice (first on line {Line})",
	codeWant:             "want {Want}, not {Got}",
	codeWantBool:         "want true or false, not {Value}",
	codeWantWhole:        "want a whole number of at least {Min}, not {Value}",
	codeWantList:         `want a list (items starting with "- "), not {Got}`,
	codeDurationUnit:     "duration {Value} needs a unit, e.g. {N}ms or {N}s",
	codeBadDuration:      "bad duration {Value} (want e.g. 500ms, 2s or 1m30s)",
	codeNegativeDuration: "duration {Value} must not be negative",
	codeNothing:          "nothing",
	codeAList:            "a list",
	codeKeysValues:       "keys and values",
	codeEmptyValue:       "an empty value",
	codeQuotedNotFound:   "cannot find this double-quoted text in the file; use single quotes",
	codeQuotedMultiline:  `keep a double-quoted payload on one line (write \n for a line break), or use a block (|)`,
	codeSyntaxChar:       "{Problem} {Char}",
	codeSyntaxEnd:        "{Problem} (end of text)",
	codeBadRegex:         "bad regex: {Why}",
	codeSyntaxEscape:     `{Problem} {Char} (escapes are \n \r \t \0 \\ \" \xHH)`,
})
