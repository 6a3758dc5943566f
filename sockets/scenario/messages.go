package scenario

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of mistakes in a scenario file, of why a step failed and what it
// expected, and of why a session cannot become a scenario. A quoted
// argument (URL, Name, Text) carries its quotes.
const (
	codeNoScenario        msg.Code = "yamlNoScenario"
	codeReadScenarios     msg.Code = "readScenarios"
	codeTimeoutZeroAll    msg.Code = "yamlTimeoutZeroAll"
	codeNoSteps           msg.Code = "yamlNoSteps"
	codeNoConnect         msg.Code = "yamlNoConnect"
	codeWSNoHalfClose     msg.Code = "yamlWSNoHalfClose"
	codeBadConnect        msg.Code = "yamlBadConnect"
	codeTLSNeedsTLS       msg.Code = "yamlTLSNeedsTLS"
	codeCertAndKey        msg.Code = "yamlCertAndKey"
	codeTLSNoFile         msg.Code = "yamlTLSNoFile"
	codeTLSNoFileRel      msg.Code = "yamlTLSNoFileRel"
	codeTLSFileErr        msg.Code = "yamlTLSFileErr"
	codeTLSFileDir        msg.Code = "yamlTLSFileDir"
	codeWantALPN          msg.Code = "yamlWantALPN"
	codeStepNothing       msg.Code = "yamlStepNothing"
	codeOneThing          msg.Code = "yamlOneThing"
	codeSaveWithRegex     msg.Code = "yamlSaveWithRegex"
	codeTimeoutWithExpect msg.Code = "yamlTimeoutWithExpect"
	codeTimeoutZero       msg.Code = "yamlTimeoutZero"
	codeWantTrue          msg.Code = "yamlWantTrue"
	codeNeedsStream       msg.Code = "yamlNeedsStream"
	codeNotSaved          msg.Code = "yamlNotSaved"
	codeSaveName          msg.Code = "yamlSaveName"
	codeSaveNoGroup       msg.Code = "yamlSaveNoGroup"

	codeStopped      msg.Code = "stepStopped"
	codeDifferent    msg.Code = "stepDifferent"
	codeNoMatch      msg.Code = "stepNoMatch"
	codeTimedOut     msg.Code = "stepTimeout"
	codeServerClosed msg.Code = "stepServerClosed"
	codeEnded        msg.Code = "stepEnded"
	codeStillOpen    msg.Code = "stepStillOpen"
	codeFirstDiff    msg.Code = "stepFirstDiff"
	codeMatchOf      msg.Code = "stepMatchOf"
	codeAnywhere     msg.Code = "stepAnywhere"
	codeExpectClose  msg.Code = "stepExpectClose"
	codeUnknownStep  msg.Code = "stepUnknown"

	codeSessionEmpty     msg.Code = "sessionEmpty"
	codeSessionGap       msg.Code = "sessionGap"
	codeSessionTruncated msg.Code = "sessionTruncated"
)

var _ = msg.Define(map[msg.Code]string{
	codeNoScenario:        "no scenario in the file: want name, connect and steps",
	codeReadScenarios:     "read scenarios: {Err}",
	codeTimeoutZeroAll:    "a timeout of 0 would fail every expect; give e.g. 2s",
	codeNoSteps:           `missing steps: want a list, e.g. steps: [{{send: "hi\n"}}, {{expect: "hi\n"}}]`,
	codeNoConnect:         "missing connect: where to connect, e.g. connect: tcp://127.0.0.1:9000",
	codeBadConnect:        "want tcp://, udp://, tls://, ws:// or wss:// and host:port, e.g. tcp://127.0.0.1:9000, or unix:// or unixgram:// and a path, e.g. unix:///tmp/app.sock, not {URL}",
	codeWSNoHalfClose:     "{Key} needs a TCP or TLS connection; a WebSocket has no half-close (expect_close waits for the server's close)",
	codeTLSNeedsTLS:       "tls settings need connect: tls://host:port or wss://host:port/path, or a starttls step on tcp://",
	codeCertAndKey:        "a client certificate needs both cert and key",
	codeTLSNoFile:         "file {File} does not exist",
	codeTLSNoFileRel:      "file {File} does not exist (a relative path starts from the scenario's folder)",
	codeTLSFileErr:        "file {File}: {Err}",
	codeTLSFileDir:        "{File} is a folder: want a PEM file",
	codeWantALPN:          "want protocol names, e.g. [h2, http/1.1]",
	codeStepNothing:       "the step does nothing: give one of {Keys}",
	codeOneThing:          "one thing per step: {First} and {Second} go in two steps",
	codeSaveWithRegex:     "save goes with expect_regex, whose group 1 it saves",
	codeTimeoutWithExpect: "timeout goes with expect steps",
	codeTimeoutZero:       "a timeout of 0 would always fail; give e.g. 2s",
	codeWantTrue:          "want {Key}: true, or leave the step out",
	codeNeedsStream:       "{Key} needs a TCP or TLS connection; UDP has none to close",
	codeNotSaved:          "{Ref}: no earlier step saves {Name} (save: {Save} after an expect_regex)",
	codeSaveName:          "want a name of letters, digits and _ (not starting with a digit), not {Name}",
	codeSaveNoGroup:       "save keeps the regex's group 1, and it has no group: put ( ) around the part to save",

	codeStopped:      "stopped",
	codeDifferent:    "received different bytes",
	codeNoMatch:      "no match in the {N} {N|byte|bytes} that arrived; {Why}",
	codeTimedOut:     "timed out after {Time}",
	codeServerClosed: "the server closed the connection",
	codeEnded:        "the connection ended: {Err}",
	codeStillOpen:    "the connection is still open after {Time}",
	codeFirstDiff:    "first difference at byte {Offset}",
	codeMatchOf:      "a match of {Text}",
	codeAnywhere:     "{Text} anywhere",
	codeExpectClose:  "the server to close the connection",
	codeUnknownStep:  "unknown step {Kind}",

	codeSessionEmpty:     "the session has nothing sent or received to save",
	codeSessionGap:       "{N} events of the session were not recorded ({Time}), so it cannot be replayed exactly",
	codeSessionTruncated: "the log kept {Kept} of the {Bytes} bytes {Kind} at {Time}: raise the capture size and record the session again",
})
