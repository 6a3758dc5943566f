package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// JUnit XML, as CI servers read it.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// seconds formats d as JUnit's time: seconds with milliseconds.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }

// WriteJUnit writes results as JUnit XML: a testsuite per file, in the
// order the files first appear, and a testcase per scenario. A failed
// scenario's failure names the step (its number, line and text) and shows
// the difference between what was expected and what arrived.
func WriteJUnit(w io.Writer, results []*Result) error {
	var doc junitSuites
	index := map[string]int{}
	var times []time.Duration // per suite
	var total time.Duration
	for _, res := range results {
		file := res.Scenario.File
		i, ok := index[file]
		if !ok {
			i = len(doc.Suites)
			index[file] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: file})
			times = append(times, 0)
		}
		s := &doc.Suites[i]
		c := junitCase{Name: res.Scenario.Name, Classname: file, Time: seconds(res.Elapsed)}
		if f := res.Failed(); f != nil {
			c.Failure = junitFailureOf(f)
			s.Failures++
			doc.Failures++
		}
		s.Tests++
		doc.Tests++
		s.Cases = append(s.Cases, c)
		total += res.Elapsed
		times[i] += res.Elapsed
		s.Time = seconds(times[i])
	}
	doc.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write JUnit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JUnit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitFailureOf describes a failed step.
func junitFailureOf(f *StepResult) *junitFailure {
	kind, _, _ := strings.Cut(f.Text, " ")
	where := ""
	if f.Index > 0 {
		where = fmt.Sprintf("step %d (line %d) ", f.Index, f.Line)
	}
	return &junitFailure{
		Message: fmt.Sprintf("%s%s: %s", where, f.Text, f.Failure.Msg),
		Type:    kind,
		Text:    f.Failure.Detail(),
	}
}
