package tmpl

import (
	"errors"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/payload"
)

// TestSenderAdvancesCounter: each Next is the next count; Peek shows it
// without taking it; time, unixtime and random fill in as the docs say;
// the line ending goes after.
func TestSenderAdvancesCounter(t *testing.T) {
	s, err := NewSender(`id={{counter}} r={{random:10}} t={{unixtime}} at {{time}}{{hex:21}}`, payload.EOLLF)
	if err != nil {
		t.Fatal(err)
	}
	if s.Static() {
		t.Fatal("a template with placeholders is static")
	}
	shape := regexp.MustCompile(`^id=(\d+) r=(\d) t=(\d+) at (\S+)!\n$`)
	if got := string(s.Peek(nil)); !shape.MatchString(got) || shape.FindStringSubmatch(got)[1] != "1" {
		t.Fatalf("Peek = %q; want id=1", got)
	}
	for want := 1; want <= 3; want++ {
		before := time.Now().Unix()
		m := shape.FindStringSubmatch(string(s.Next(nil)))
		if m == nil || m[1] != strconv.Itoa(want) {
			t.Fatalf("send %d: %q", want, m)
		}
		ts, _ := strconv.ParseInt(m[3], 10, 64)
		at, err := time.Parse(time.RFC3339, m[4])
		if ts < before || ts > time.Now().Unix() || err != nil || at.Unix() != ts {
			t.Fatalf("send %d: unixtime %s, time %s (%v); want now, and the same second", want, m[3], m[4], err)
		}
	}
	if got := string(s.Peek([]byte("> "))); !regexp.MustCompile(`^> id=4 `).MatchString(got) {
		t.Fatalf("Peek after 3 sends = %q; want id=4 next", got)
	}
}

func TestSenderRandomStaysInRange(t *testing.T) {
	s, err := NewSender(`{{random:3}}`, payload.EOLNone)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 300 {
		seen[string(s.Next(nil))] = true
	}
	if len(seen) != 3 || !seen["0"] || !seen["1"] || !seen["2"] {
		t.Fatalf("values %v; want 0, 1 and 2", seen)
	}
}

func TestSenderStatic(t *testing.T) {
	s, err := NewSender(`plain\x00{{hex:0d0a}}`, payload.EOLCRLF)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Static() || string(s.Next(nil)) != "plain\x00\r\n\r\n" || string(s.Next(nil)) != "plain\x00\r\n\r\n" {
		t.Fatalf("static %v, send %q", s.Static(), s.Next(nil))
	}
}

func TestSenderRefuses(t *testing.T) {
	for raw, want := range map[string]string{
		`a {{peer}}`:      `unknown placeholder {{peer}} (want counter, time, unixtime, random:N or hex:DIGITS; write \x7b\x7b for a literal {{)`,
		`{{random:1}}`:    `random:N needs a whole number N from 2 up, e.g. random:100 for 0 to 99, not "1"`,
		`x{{random:ten}}`: `random:N needs a whole number N from 2 up, e.g. random:100 for 0 to 99, not "ten"`,
		`{{counter`:       "unclosed placeholder (want {{name}})",
	} {
		_, err := NewSender(raw, payload.EOLNone)
		var se *payload.SyntaxError
		if !errors.As(err, &se) || se.Msg != want {
			t.Errorf("NewSender(%q) = %v; want %q", raw, err, want)
		}
	}
	_, err := NewSender(`ab{{nope}}`, payload.EOLNone)
	if se := (*payload.SyntaxError)(nil); !errors.As(err, &se) || se.Pos != 2 {
		t.Errorf("error %v; want it placed at byte 2", err)
	}
}
