package rules

import (
	"bytes"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

const issueExample = `frame: line          # line: split at \n, the match sees the line without it; raw: each read or datagram
default: echo        # echo | silent | reply: "text"
rules:
  - match: "PING"              # exact; or prefix:, contains:, regex:, hex:
    reply: "PONG {{counter}}\n"
  - regex: "^GET (\\S+)"
    reply: "you asked for {{1}}\n"
    delay: 50ms
  - contains: "BYE"
    reply: "bye\n"
    close: true
`

func TestParseIssueExample(t *testing.T) {
	set, err := Parse("rules.yaml", []byte(issueExample))
	if err != nil {
		t.Fatal(err)
	}
	if set.Frame != FrameLine || set.Default != DefaultEcho || set.MaxLine != DefaultMaxLine || len(set.Rules) != 3 {
		t.Fatalf("set %+v; want line frames, echo by default, 3 rules", set)
	}
	want := []struct {
		name  string
		kind  MatchKind
		line  int
		delay time.Duration
		close bool
	}{
		{"PING", MatchExact, 4, 0, false},
		{`^GET (\S+)`, MatchRegex, 6, 50 * time.Millisecond, false},
		{"BYE", MatchContains, 9, 0, true},
	}
	for i, w := range want {
		r := set.Rules[i]
		if r.Name != w.name || r.Kind != w.kind || r.Line != w.line || r.Delay != w.delay || r.Close != w.close {
			t.Errorf("rule %d = %+v; want %+v", i+1, r, w)
		}
	}
	if !bytes.Equal(set.Rules[0].Pattern, []byte("PING")) {
		t.Errorf("pattern %q; want PING", set.Rules[0].Pattern)
	}
}

func TestParseNamesAndDefaults(t *testing.T) {
	set, err := Parse("r", []byte(`frame: raw
default: {reply: "? {{data}}"}
max_line: 10
rules:
  - hex: "01 02"
    name: binary
    drop: true
  - prefix: "A"
    close: true
  - match: "A"
    reply: x
  - match: ""
    reply: empty
`))
	if err != nil {
		t.Fatal(err)
	}
	if set.Frame != FrameRaw || set.Default != DefaultReply || set.MaxLine != 10 {
		t.Fatalf("set %+v; want raw frames, a default reply, max_line 10", set)
	}
	names := []string{}
	for _, r := range set.Rules {
		names = append(names, r.Name)
	}
	// A default name that is taken falls back to the rule's number.
	if got, want := names, []string{"binary", "A", "rule 3", "rule 4"}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("names %q; want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"YAML syntax", "rules:\n  - match: \"x\\q\"\n", `r.yaml:2:14: YAML syntax: found unknown escape character`},
		{"unknown key", "rules:\n  - match: x\n    replay: y\n", `r.yaml:3:5: rules[1].replay: unknown key "replay" (want name, match, prefix, contains, regex, hex, reply, append, delay, close or drop); did you mean "reply"?`},
		{"unknown top key", "frames: line\n", `r.yaml:1:1: frames: unknown key "frames" (want frame, default, max_line or rules); did you mean "frame"?`},
		{"bad regex", "rules:\n  - regex: \"a(b\"\n    reply: x\n", "r.yaml:2:12: rules[1].regex: bad regex: missing closing ): `a(b`"},
		{"bad hex", "rules:\n  - hex: \"01 0x\"\n    reply: x\n", `r.yaml:2:14: rules[1].hex: hex prefix without digits "0x"`},
		{"bad escape", "rules:\n  - match: 'ab\\q'\n    reply: x\n", `r.yaml:2:15: rules[1].match: unknown escape "\q" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad escape in reply", "rules:\n  - match: a\n    reply: \"ok\\e\"\n", `r.yaml:3:15: rules[1].reply: unknown escape "\e" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad duration", "rules:\n  - match: a\n    reply: b\n    delay: 50\n", `r.yaml:4:12: rules[1].delay: duration "50" needs a unit, e.g. 50ms or 50s`},
		{"group the regex lacks", "rules:\n  - regex: \"^GET (\\\\S+)\"\n    reply: \"you asked for {{2}}\\n\"\n", `r.yaml:3:27: rules[1].reply: {{2}}: the regex has 1 group, so no group 2`},
		{"group without regex", "rules:\n  - prefix: GET\n    reply: \"{{1}}\"\n", `r.yaml:3:13: rules[1].reply: {{1}}: a regex group, and only a regex rule has groups`},
		{"unknown placeholder", "rules:\n  - match: a\n    reply: \"{{conter}}\"\n", `r.yaml:3:13: rules[1].reply: {{conter}}: unknown placeholder (want counter, data, upper, time, unixtime, random:N, peer or hex:DIGITS)`},
		{"unclosed placeholder", "rules:\n  - match: a\n    reply: \"n {{counter\"\n", `r.yaml:3:15: rules[1].reply: unclosed placeholder (want {{name}}) "{{"`},
		{"two matchers", "rules:\n  - match: a\n    prefix: b\n    reply: c\n", `r.yaml:3:5: rules[1].prefix: give one way to match, not both match and prefix`},
		{"no matcher", "rules:\n  - reply: c\n", `r.yaml:2:5: rules[1]: the rule matches nothing: give it one of match, prefix, contains, regex or hex`},
		{"no action", "rules:\n  - match: a\n", `r.yaml:2:5: rules[1]: the rule does nothing: give it a reply, drop: true or close: true`},
		{"reply and drop", "rules:\n  - match: a\n    reply: b\n    drop: true\n", `r.yaml:4:5: rules[1].drop: drop means no reply, and this rule has one: keep one of reply and drop`},
		{"same name", "rules:\n  - match: a\n    reply: b\n  - match: c\n    name: a\n    reply: d\n", `r.yaml:4:5: rules[2].name: rule 1 is already named "a"; give this one another name`},
		{"bad frame", "frame: lines\n", `r.yaml:1:8: frame: unknown frame "lines" (want line or raw)`},
		{"bad default", "default: echoo\n", `r.yaml:1:10: default: unknown default "echoo" (want echo, silent or reply: "text")`},
		{"default without reply", "default: {}\n", `r.yaml:1:10: default: want reply: "text"`},
		{"bad max_line", "max_line: 0\n", `r.yaml:1:11: max_line: want a whole number of at least 1, not "0"`},
		{"rules not a list", "rules: PING\n", `r.yaml:1:8: rules: want a list (items starting with "- "), not "PING"`},
		{"two documents", "rules: []\n---\nrules: []\n", `r.yaml:3:1: a rules file holds one document; remove the second "---"`},
		{"empty", "# nothing\n", `r.yaml:1:1: rules: the file is empty: want frame, default and rules`},
		{"bool", "rules:\n  - match: a\n    close: yes\n", `r.yaml:3:12: rules[1].close: want true or false, not "yes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("r.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Parse = %v\nwant          %s", err, tc.want)
			}
			if _, ok := yamlfile.Position(err); !ok {
				t.Fatalf("error %T has no position", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(issueExample)
	f.Add("frame: raw\ndefault: {reply: \"{{data}}\"}\nrules:\n  - hex: 0102\n    drop: true\n")
	f.Fuzz(func(t *testing.T, src string) {
		set, err := Parse("f", []byte(src))
		if err != nil {
			if e, ok := yamlfile.Position(err); !ok || e.Line < 1 {
				t.Fatalf("error %v is not placed", err)
			}
			return
		}
		// Whatever compiled answers without failing.
		p := set.NewPeer("127.0.0.1:1")
		p.Feed([]byte("PING\nGET /x\r\nBYE\npartial"), func(a *sockets.RuleAction) bool { return true })
		p.Flush(func(a *sockets.RuleAction) bool { return true })
	})
}
