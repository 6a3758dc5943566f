package yamlfile

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// parseMapping parses src and checks its top level against allowed.
func parseMapping(t *testing.T, src string, allowed ...string) (*Mapping, error) {
	t.Helper()
	s, docs, err := Parse("f.yaml", []byte(src))
	if err != nil {
		return nil, err
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents; want 1", len(docs))
	}
	return s.Mapping(docs[0], "", allowed...)
}

func TestSyntaxErrorsArePlaced(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string
	}{
		{"bad escape on line 1", `a: "x\q"` + "\n", `f.yaml:1:6: YAML syntax: found unknown escape character`},
		{"bad escape later", "a: 1\nb: \"ok\\n\\q\"\n", `f.yaml:2:9: YAML syntax: found unknown escape character`},
		{"second mapping value", "a: b: c\n", `f.yaml:1:5: YAML syntax: mapping values are not allowed in this context`},
		{"tab indent", "a:\n\t- x\n", `f.yaml:2:1: YAML syntax: found character that cannot start any token`},
		{"unclosed flow list", "x: 1\ny: [1, 2\nz: 3\n", `f.yaml:2:4: YAML syntax: did not find expected ',' or ']'`},
		{"short \\x", `p: "ab\x4"`, `f.yaml:1:7: YAML syntax: did not find expected hexdecimal number`},
		{"reserved character", "- a: 1\n  b: @x\n", `f.yaml:2:6: YAML syntax: found character that cannot start any token`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse("f.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Parse(%q) = %v; want %s", tc.src, err, tc.want)
			}
			if _, ok := Position(err); !ok {
				t.Fatalf("%T is not an *Error", err)
			}
		})
	}
}

func TestMappingKeys(t *testing.T) {
	for _, tc := range []struct {
		src, want string
	}{
		{"name: x\nmach: y\n", `f.yaml:2:1: mach: unknown key "mach" (want name or match); did you mean "match"?`},
		{"name: x\nzzzzzz: y\n", `f.yaml:2:1: zzzzzz: unknown key "zzzzzz" (want name or match)`},
		{"name: x\nname: y\n", `f.yaml:2:1: name: key given twice (first on line 1)`},
		{"- a\n- b\n", `f.yaml:1:1: want keys and values (key: value), not a list`},
	} {
		_, err := parseMapping(t, tc.src, "name", "match")
		if err == nil || err.Error() != tc.want {
			t.Errorf("Mapping(%q) = %v; want %s", tc.src, err, tc.want)
		}
	}
}

func TestTypedValues(t *testing.T) {
	m, err := parseMapping(t, "d: 150ms\nb: true\nn: 12\ns: hi\nl: [1, 2]\n", "d", "b", "n", "s", "l", "x")
	if err != nil {
		t.Fatal(err)
	}
	if d, ok, err := m.Duration("d"); d != 150*time.Millisecond || !ok || err != nil {
		t.Errorf("Duration = %v %v %v", d, ok, err)
	}
	if b, ok, err := m.Bool("b"); !b || !ok || err != nil {
		t.Errorf("Bool = %v %v %v", b, ok, err)
	}
	if n, ok, err := m.Int("n", 1); n != 12 || !ok || err != nil {
		t.Errorf("Int = %v %v %v", n, ok, err)
	}
	if l, ok, err := m.List("l"); len(l) != 2 || !ok || err != nil {
		t.Errorf("List = %v %v %v", l, ok, err)
	}
	if _, ok, err := m.String("x"); ok || err != nil {
		t.Errorf("String(missing) = %v %v; want not given, no error", ok, err)
	}
	for _, tc := range []struct {
		get  func() error
		want string
	}{
		{func() error { _, _, err := m.Duration("n"); return err }, `f.yaml:3:4: n: duration "12" needs a unit, e.g. 12ms or 12s`},
		{func() error { _, _, err := m.Duration("s"); return err }, `f.yaml:4:4: s: bad duration "hi" (want e.g. 500ms, 2s or 1m30s)`},
		{func() error { _, _, err := m.Bool("s"); return err }, `f.yaml:4:4: s: want true or false, not "hi"`},
		{func() error { _, _, err := m.Int("s", 0); return err }, `f.yaml:4:4: s: want a whole number of at least 0, not "hi"`},
		{func() error { _, _, err := m.String("l"); return err }, `f.yaml:5:4: l: want a string, not a list`},
		{func() error { _, _, err := m.List("s"); return err }, `f.yaml:4:4: s: want a list (items starting with "- "), not "hi"`},
	} {
		if err := tc.get(); err == nil || err.Error() != tc.want {
			t.Errorf("got %v; want %s", err, tc.want)
		}
	}
}

func TestTextReadsPayloadSyntax(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []byte
	}{
		{"double quoted bytes stay bytes", `p: "\xff\x00A\n"`, []byte{0xff, 0, 'A', '\n'}},
		{"double quoted quote", `p: "say \"hi\""`, []byte(`say "hi"`)},
		{"single quoted escapes", `p: 'a\tb''c'`, []byte("a\tb'c")},
		{"plain", `p: hello\r\n`, []byte("hello\r\n")},
		{"block", "p: |\n  line1\n  x\\x41\n", []byte("line1\nxA\n")},
		{"utf-8", `p: "é\x41"`, []byte("éA")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseMapping(t, tc.src+"\n", "p")
			if err != nil {
				t.Fatal(err)
			}
			txt, _, err := m.Text("p")
			if err != nil {
				t.Fatal(err)
			}
			got, err := txt.Bytes()
			if err != nil || !bytes.Equal(got, tc.want) {
				t.Fatalf("Bytes() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestTextErrorsArePlaced(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		hex       bool
		want      string
	}{
		{"escape YAML knows but payloads do not", `p: "ab\u0041"`, false, `f.yaml:1:7: p: unknown escape "\u" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad escape single quoted", `p: 'a''b\q'`, false, `f.yaml:1:9: p: unknown escape "\q" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad escape plain", `p: abc\q`, false, `f.yaml:1:7: p: unknown escape "\q" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad escape after utf-8", `p: "éé\e"`, false, `f.yaml:1:7: p: unknown escape "\e" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"short \\x", `p: 'ab\x4'`, false, `f.yaml:1:10: p: incomplete escape "\x4" (end of text)`},
		{"bad hex digit", `p: "01 0g"`, true, `f.yaml:1:9: p: invalid hex digit "g"`},
		{"odd hex", `p: 01 2`, true, `f.yaml:1:7: p: odd number of hex digits, unpaired digit "2"`},
		{"in a block", "p: |\n  ok\n  bad\\q\n", false, `f.yaml:3:6: p: unknown escape "\q" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"multi-line double quoted", "p: \"ab\n  cd\"\n", false, `f.yaml:1:4: p: keep a double-quoted payload on one line (write \n for a line break), or use a block (|)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseMapping(t, tc.src+"\n", "p")
			if err != nil {
				t.Fatal(err)
			}
			txt, _, err := m.Text("p")
			if err == nil {
				if tc.hex {
					_, err = txt.Hex()
				} else {
					_, err = txt.Bytes()
				}
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v; want %s", err, tc.want)
			}
		})
	}
}

func TestQuoted(t *testing.T) {
	for src, want := range map[string]string{
		`p: "a\n\"b"`: `"a\n\"b"`,
		`p: 'a\n"b'`:  `"a\n\"b"`,
		"p: |\n  a\n": `"a\n"`,
	} {
		m, err := parseMapping(t, src+"\n", "p")
		if err != nil {
			t.Fatal(err)
		}
		txt, _, _ := m.Text("p")
		if got := txt.Quoted(); got != want {
			t.Errorf("Quoted(%q) = %s; want %s", src, got, want)
		}
	}
}

func TestParseSeveralDocuments(t *testing.T) {
	_, docs, err := Parse("f", []byte("a: 1\n---\n# only a comment\n---\nb: 2\n"))
	if err != nil || len(docs) != 2 || docs[1].Line != 5 {
		t.Fatalf("docs %d, err %v; want 2 documents, the second on line 5", len(docs), err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("a: \"x\\q\"\n")
	f.Add("rules:\n  - match: 'x'\n    reply: \"\\xff\"\n")
	f.Add("a:\n\t- x\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, docs, err := Parse("f", []byte(src))
		if err != nil {
			e, ok := Position(err)
			if !ok || e.Line < 1 || e.Column < 1 || !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error %v is not placed", err)
			}
			return
		}
		for _, d := range docs {
			m, err := s.Mapping(d, "", "p")
			if err != nil {
				continue
			}
			if txt, ok, err := m.Text("p"); ok && err == nil {
				if _, err := txt.Bytes(); err != nil {
					if e, ok := Position(err); !ok || e.Line < 1 {
						t.Fatalf("text error %v is not placed", err)
					}
				}
			}
		}
	})
}
