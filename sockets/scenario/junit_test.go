package scenario

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

func TestWriteJUnit(t *testing.T) {
	addr := serve(t, "tcp", sockets.ServerConfig{})
	src := strings.ReplaceAll(`name: passes
connect: tcp://ADDR
steps:
  - send: "hi\n"
  - expect: "hi\n"
---
name: fails
connect: tcp://ADDR
steps:
  - send: "hi\n"
  - expect: "HI\n"
`, "ADDR", addr)
	scs, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	other, err := Parse("b.yaml", []byte(strings.ReplaceAll("connect: tcp://ADDR\nsteps: [{send: x}]\n", "ADDR", addr)))
	if err != nil {
		t.Fatal(err)
	}
	var results []*Result
	for _, sc := range append(scs, other...) {
		results = append(results, Run(context.Background(), sc, Options{}))
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, results); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v in:\n%s", err, buf.String())
	}
	if doc.Tests != 3 || doc.Failures != 1 || len(doc.Suites) != 2 {
		t.Fatalf("tests %d failures %d suites %d; want 3, 1, 2:\n%s", doc.Tests, doc.Failures, len(doc.Suites), buf.String())
	}
	a := doc.Suites[0]
	if a.Name != "a.yaml" || a.Tests != 2 || a.Failures != 1 || len(a.Cases) != 2 || a.Cases[0].Name != "passes" || a.Cases[0].Failure != nil {
		t.Fatalf("suite a: %+v", a)
	}
	f := a.Cases[1].Failure
	if f == nil || f.Message != `step 2 (line 11) expect "HI\n": received different bytes` || f.Type != "expect" {
		t.Fatalf("failure %+v", f)
	}
	for _, want := range []string{`expected: "HI\n"`, "48 49 0a", `received: "hi\n"`, "68 69 0a", "first difference at byte 0"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Text)
		}
	}
	if b := doc.Suites[1]; b.Name != "b.yaml" || b.Tests != 1 || b.Cases[0].Name != "scenario 1" {
		t.Fatalf("suite b: %+v", b)
	}
}
