package scenario

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Status is how a step ended.
type Status int

// Statuses.
const (
	Passed  Status = iota // the step did what it says
	Failed                // it did not; Failure says why
	Skipped               // an earlier step failed, or the run stopped
)

var statusNames = []string{Passed: "passed", Failed: "failed", Skipped: "skipped"}

// String returns "passed", "failed" or "skipped".
func (s Status) String() string { return statusNames[s] }

// Mark returns ✓, ✗ or -.
func (s Status) Mark() string { return [...]string{"✓", "✗", "-"}[s] }

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// StepResult is how one step went. The connection counts as step 0.
type StepResult struct {
	File     string        `json:"file"`
	Scenario string        `json:"scenario"`
	Index    int           `json:"step"` // 1 for the first step; 0 for the connection
	Line     int           `json:"line"` // where the step is in the file
	Text     string        `json:"text"` // the step as written, e.g. `expect "HELLO\n"`
	Status   Status        `json:"status"`
	Elapsed  time.Duration `json:"-"`
	Failure  *Failure      `json:"failure,omitempty"`
}

// MarshalJSON writes the result with its time in milliseconds ("ms").
func (r StepResult) MarshalJSON() ([]byte, error) {
	type plain StepResult
	return json.Marshal(struct {
		plain
		MS float64 `json:"ms"`
	}{plain(r), float64(r.Elapsed) / float64(time.Millisecond)})
}

// Failure says why a step failed and, for an expect, what it expected next to
// what had arrived.
type Failure struct {
	Msg          string      `json:"message"`            // e.g. "timed out after 2s"
	Expected     string      `json:"expected,omitempty"` // what the step expected, as written
	Want         []byte      `json:"-"`                  // the exact bytes expected (expect, expect_hex, expect_contains)
	Received     []byte      `json:"-"`                  // the bytes in the buffer when it failed
	Diff         int         `json:"-"`                  // offset of the first byte that differs from Want, or -1
	Why          msg.Message `json:"-"`                  // Msg as a message
	ExpectedSaid msg.Message `json:"-"`                  // Expected as a message when it has words
}

func failure(why msg.Message) *Failure {
	return &Failure{Msg: why.String(), Why: why, Diff: -1}
}

// expect sets what the step expected, in words.
func (f *Failure) expect(m msg.Message) { f.Expected, f.ExpectedSaid = m.String(), m }

// Said returns Msg as a code and arguments.
func (f *Failure) Said() msg.Message { return f.Why }

// maxShown bounds the received bytes a failure shows.
const maxShown = 1024

// MarshalJSON adds the received bytes as text and hex.
func (f *Failure) MarshalJSON() ([]byte, error) {
	type plain Failure
	shown, _ := capped(f.Received)
	return json.Marshal(struct {
		*plain
		ReceivedText string `json:"received_text"`
		ReceivedHex  string `json:"received_hex"`
		Bytes        int    `json:"received_bytes"`
	}{(*plain)(f), payload.RenderText(shown), payload.HexString(shown), len(f.Received)})
}

func capped(b []byte) ([]byte, string) {
	if len(b) <= maxShown {
		return b, ""
	}
	return b[:maxShown], fmt.Sprintf(" ... (%d more bytes)", len(b)-maxShown)
}

func (f *Failure) Error() string { return f.Msg }

// Detail shows the failure in lines: the reason, what was expected and what
// arrived (as text and hex), and where they first differ.
func (f *Failure) Detail() string {
	var b strings.Builder
	b.WriteString(f.Msg)
	if f.Expected == "" {
		return b.String()
	}
	fmt.Fprintf(&b, "\nexpected: %s", f.Expected)
	if f.Want != nil {
		fmt.Fprintf(&b, "\n          %s", hexOrNone(f.Want))
	}
	shown, more := capped(f.Received)
	fmt.Fprintf(&b, "\nreceived: \"%s\"%s", payload.QuoteText(shown), more)
	fmt.Fprintf(&b, "\n          %s", hexOrNone(shown))
	if f.Diff >= 0 {
		b.WriteString("\n" + msg.New(codeFirstDiff, "Offset", f.Diff).String())
	}
	return b.String()
}

func hexOrNone(b []byte) string {
	if len(b) == 0 {
		return "(nothing)"
	}
	return payload.HexString(b)
}

// firstDiff returns the offset of the first byte where got and want
// differ, or -1 when got is a prefix of want.
func firstDiff(got, want []byte) int {
	n := min(len(got), len(want))
	for i := range n {
		if got[i] != want[i] {
			return i
		}
	}
	if len(got) > len(want) {
		return len(want)
	}
	return -1
}

// Result is how one scenario went.
type Result struct {
	Scenario *Scenario
	Steps    []StepResult // the connection first, then every step
	Elapsed  time.Duration
}

// Passed reports whether every step passed.
func (r *Result) Passed() bool {
	for _, s := range r.Steps {
		if s.Status != Passed {
			return false
		}
	}
	return len(r.Steps) > 0
}

// Failed returns the step that failed, or nil.
func (r *Result) Failed() *StepResult {
	for i := range r.Steps {
		if r.Steps[i].Status == Failed {
			return &r.Steps[i]
		}
	}
	return nil
}

func quoted(b []byte) string { return `"` + payload.QuoteText(b) + `"` }
