package tmpl

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sockettester/sockettester/sockets/payload"
)

func TestParse(t *testing.T) {
	tp, err := Parse(`PONG {{counter}}\n{{ 1 }}{{hex:0d 0a}}\xff\x7b\x7b`)
	if err != nil {
		t.Fatal(err)
	}
	names := tp.Placeholders()
	if len(names) != 2 || names[0].Name != "counter" || names[0].Off != 5 || names[1].Name != "1" || names[1].Off != 18 {
		t.Fatalf("placeholders %+v; want counter at 5 and 1 at 18", names)
	}
	got := tp.Append(nil, func(dst []byte, name string) []byte { return append(dst, "<"+name+">"...) })
	want := []byte("PONG <counter>\n<1>\r\n\xff{{")
	if !bytes.Equal(got, want) {
		t.Fatalf("Append = %q; want %q", got, want)
	}
	if _, ok := tp.Static(); ok {
		t.Fatal("Static reports a template with placeholders as static")
	}
}

func TestStatic(t *testing.T) {
	for raw, want := range map[string]string{"": "", `a\n`: "a\n", `{{hex:41}}b`: "Ab"} {
		tp, err := Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := tp.Static(); !ok || string(got) != want {
			t.Errorf("Static(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		pos     int
		message string
	}{
		{`ab {{counter`, 3, `unclosed placeholder (want {{name}}) "{{" at position 3`},
		{`ab{{ }}`, 2, `empty placeholder "{{ }}" at position 2`},
		{`ab{{hex:0g}}`, 9, `invalid hex digit "g" at position 9`},
		{`ab{{x}}\q`, 7, `unknown escape "\q" at position 7`},
		{`{{ hex:1 }}`, 7, `odd number of hex digits, unpaired digit "1" at position 7`},
	} {
		_, err := Parse(tc.raw)
		var se *payload.SyntaxError
		if !errors.As(err, &se) || se.Pos != tc.pos || err.Error() != tc.message {
			t.Errorf("Parse(%q) = %v; want %s", tc.raw, err, tc.message)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`PONG {{counter}}\n`)
	f.Add(`{{hex:0d0a}}{{1}}`)
	f.Fuzz(func(t *testing.T, raw string) {
		tp, err := Parse(raw)
		if err != nil {
			var se *payload.SyntaxError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(raw) {
				t.Fatalf("Parse(%q) error %v has no position in the text", raw, err)
			}
			return
		}
		for _, p := range tp.Placeholders() {
			if p.Off < 0 || p.Off+2 > len(raw) || raw[p.Off:p.Off+2] != "{{" {
				t.Fatalf("placeholder %q at %d is not at a {{", p.Name, p.Off)
			}
		}
	})
}
