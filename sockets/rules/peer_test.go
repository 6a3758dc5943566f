package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// answered is what one frame got: the rule's name and the reply.
type answered struct {
	rule, reply string
	note        string
}

// feed runs chunks through a fresh peer of the rules in src, then flushes,
// and returns what each frame got.
func feed(t *testing.T, src string, chunks ...string) []answered {
	t.Helper()
	set, err := Parse("r.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := set.NewPeer("127.0.0.1:5555")
	var got []answered
	act := func(a *sockets.RuleAction) bool {
		got = append(got, answered{a.Rule, string(a.Reply), a.Note.String()})
		return !a.Close
	}
	for _, c := range chunks {
		p.Feed([]byte(c), act)
	}
	p.Flush(act)
	return got
}

func checkAnswers(t *testing.T, got, want []answered) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d answers %q; want %d: %q", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d = %q; want %q", i+1, got[i], want[i])
		}
	}
}

func TestIssueExampleAnswers(t *testing.T) {
	got := feed(t, issueExample, "PING\nPI", "NG\r\nGET /index.html HTTP/1.0\nhello\nPING\n", "so BYE now\nPING\n")
	checkAnswers(t, got, []answered{
		{"PING", "PONG 1\n", ""},
		{"PING", "PONG 2\n", ""}, // split across reads, ended by \r\n
		{`^GET (\S+)`, "you asked for /index.html\n", ""},
		{"", "hello\n", ""}, // echo by default, line ending and all
		{"PING", "PONG 3\n", ""},
		{"BYE", "bye\n", ""}, // closes: nothing after it is answered
	})
}

func TestPlaceholders(t *testing.T) {
	got := feed(t, `rules:
  - regex: "^(?P<verb>[A-Z]+) (\\w+)"
    reply: "{{verb}}|{{2}}|{{0}}|{{data}}|{{upper}}|{{peer}}|{{hex:0d0a}}"
  - prefix: "t"
    reply: "{{time}}"
`, "SET key=1\n", "t\n")
	if len(got) != 2 {
		t.Fatalf("answers %q; want 2", got)
	}
	if want := "SET|key|SET key|SET key=1|SET KEY=1|127.0.0.1:5555|\r\n"; got[0].reply != want {
		t.Errorf("reply %q; want %q", got[0].reply, want)
	}
	if _, err := time.Parse(time.RFC3339, got[1].reply); err != nil {
		t.Errorf("{{time}} gave %q: %v", got[1].reply, err)
	}
}

func TestUpperKeepsBinaryBytes(t *testing.T) {
	got := feed(t, "default: {reply: \"{{upper}}\\n\"}\n", "h\xc3\xa9llo \x01\x02\xff\n")
	if want := "H\xc3\x89LLO \x01\x02\xff\n"; len(got) != 1 || got[0].reply != want {
		t.Fatalf("got %q; want %q", got, want)
	}
}

func TestCountersArePerRuleAndPeer(t *testing.T) {
	src := "default: {reply: \"d{{counter}} \"}\nrules:\n  - match: a\n    reply: \"a{{counter}} \"\n  - match: b\n    reply: \"b{{counter}} \"\n"
	got := feed(t, src, "a\nb\na\nz\nb\nz\n")
	var replies []string
	for _, a := range got {
		replies = append(replies, a.reply)
	}
	if s := strings.Join(replies, ""); s != "a1 b1 a2 d1 b2 d2 " {
		t.Fatalf("replies %q; want a1 b1 a2 d1 b2 d2", s)
	}
	// Another peer starts from 1.
	if again := feed(t, src, "a\n"); again[0].reply != "a1 " {
		t.Fatalf("a new peer's first reply is %q; want a1", again[0].reply)
	}
}

func TestLongLinesAreAnsweredInPieces(t *testing.T) {
	got := feed(t, "max_line: 4\n", "abcdefghij\nxy", "z\n12", "34", "\n")
	checkAnswers(t, got, []answered{
		{"", "abcd", noteLong.String()},
		{"", "efgh", noteLong.String()},
		{"", "ij\n", ""},
		{"", "xyz\n", ""},
		{"", "1234\n", ""}, // exactly max_line bytes before the ending is whole
	})
}

func TestFlushAnswersALineWithoutItsEnd(t *testing.T) {
	got := feed(t, "rules:\n  - match: PING\n    reply: PONG\n", "PI", "NG")
	checkAnswers(t, got, []answered{{"PING", "PONG", ""}})
}

func TestRawFramesAndDefaults(t *testing.T) {
	got := feed(t, "frame: raw\ndefault: silent\nrules:\n  - hex: \"01 02 0a\"\n    reply: ok\n  - contains: \"\\n\"\n    drop: true\n", "\x01\x02\n", "x\ny", "zz")
	checkAnswers(t, got, []answered{{"01 02 0a", "ok", ""}, {`\n`, "", ""}})
}

func TestSilentDefaultAsksNothing(t *testing.T) {
	if got := feed(t, "default: silent\n", "a\nb\n"); len(got) != 0 {
		t.Fatalf("silent default answered %q", got)
	}
}
