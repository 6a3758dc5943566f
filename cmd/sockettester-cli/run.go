package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/pcapng"
	"github.com/sockettester/sockettester/sockets/scenario"
)

const runUsage = `usage: sockettester-cli run [--junit FILE] [--json] [--pcap FILE] SCENARIO-FILE...

Run the send/expect scenarios of each file, in order, and print one line per
step as it ends: ✓ or ✗ (- when skipped), the step as written, and its time
in ms. A failed step shows what it expected next to what had arrived, as
text and hex; the steps after it are skipped. The format is in the README
("Scenarios"); an example:

  name: upper-case echo
  connect: tcp://127.0.0.1:9000
  steps:
    - send: "hello\n"
    - expect: "HELLO\n"

Every file is checked before anything runs; a mistake names
file:line:column and the key.

Flags:
  --junit FILE   also write the results as JUnit XML: a testsuite per file,
                 a testcase per scenario
  --json         print one JSON object per step instead of text
  --pcap FILE    also write the scenarios' traffic as a pcapng capture
  -h, --help     show this help

Exit status: 0 when every scenario passes, 1 when one fails, 2 when a file
is invalid (or for a command-line mistake).

Examples:
  sockettester-cli run docs/examples/scenario.yaml
  sockettester-cli run --junit report.xml tests/*.yaml
`

// runOptions are the run command's flags and files.
type runOptions struct {
	files []string
	junit string
	json  bool
	pcap  string
}

func parseRun(args []string, std stdio) (runOptions, error) {
	var o runOptions
	fs := newFlagSet("run")
	fs.StringVar(&o.junit, "junit", "", "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.StringVar(&o.pcap, "pcap", "", "")
	rest, err := parseFlags(fs, args, runUsage, std)
	if err != nil {
		return o, err
	}
	if len(rest) == 0 {
		return o, usageErrorf("run", "missing SCENARIO-FILE (e.g. sockettester-cli run checks.yaml)")
	}
	o.files = rest
	return o, nil
}

// runRun checks every file, runs their scenarios and reports.
func runRun(ctx context.Context, args []string, std stdio) error {
	o, err := parseRun(args, std)
	if err != nil {
		return helpOK(err)
	}
	var all []*scenario.Scenario
	var invalid []string
	for _, f := range o.files {
		scs, err := scenario.Load(f)
		if err != nil {
			invalid = append(invalid, err.Error())
			continue
		}
		all = append(all, scs...)
	}
	if len(invalid) > 0 {
		return &usageError{err: errors.New(strings.Join(invalid, "\n"+progName+": "))}
	}
	ctx, stop := interruptible(ctx)
	defer stop()

	rec, err := startRecording(o.pcap)
	if err != nil {
		return err
	}
	p := &stepPrinter{w: bufio.NewWriter(std.out), json: o.json}
	var results []*scenario.Result
	for _, sc := range all {
		p.scenario(sc)
		res := scenario.Run(ctx, sc, scenario.Options{OnStep: p.step, Events: rec.queue(), CaptureBytes: pcapCapture})
		results = append(results, res)
		if ctx.Err() != nil {
			break
		}
	}
	p.summary(results)
	err = errors.Join(p.flush(), rec.finish(std.err), writeJUnit(o.junit, results))
	if err != nil {
		return err
	}
	for _, r := range results {
		if !r.Passed() {
			return errQuiet
		}
	}
	if len(results) < len(all) {
		return errors.New("interrupted")
	}
	return nil
}

func writeJUnit(path string, results []*scenario.Result) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	err = scenario.WriteJUnit(f, results)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write JUnit report: %w", cerr)
	}
	return err
}

type stepPrinter struct {
	mu   sync.Mutex // steps come from the runner's goroutines, one at a time
	w    *bufio.Writer
	json bool
	err  error
}

// scenario prints a scenario's heading (text only).
func (p *stepPrinter) scenario(sc *scenario.Scenario) {
	if !p.json {
		fmt.Fprintf(p.w, "%s (%s)\n", sc.Name, sc.File)
	}
}

// step prints one step's line, and a failure's details under it.
func (p *stepPrinter) step(r scenario.StepResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.json {
		b, err := json.Marshal(r)
		if err == nil {
			p.w.Write(append(b, '\n'))
		}
	} else if r.Status == scenario.Skipped {
		fmt.Fprintf(p.w, "  - %s (skipped)\n", r.Text)
	} else {
		fmt.Fprintf(p.w, "  %s %s (%.3f ms)\n", r.Status.Mark(), r.Text, float64(r.Elapsed.Microseconds())/1000)
		if r.Failure != nil {
			for _, line := range strings.Split(r.Failure.Detail(), "\n") {
				fmt.Fprintf(p.w, "      %s\n", line)
			}
		}
	}
	if err := p.w.Flush(); err != nil && p.err == nil {
		p.err = err
	}
}

// summary prints how many scenarios passed (text only).
func (p *stepPrinter) summary(results []*scenario.Result) {
	if p.json {
		return
	}
	passed := 0
	for _, r := range results {
		if r.Passed() {
			passed++
		}
	}
	noun := "scenarios"
	if len(results) == 1 {
		noun = "scenario"
	}
	fmt.Fprintf(p.w, "%d %s: %d passed, %d failed\n", len(results), noun, passed, len(results)-passed)
}

func (p *stepPrinter) flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.w.Flush(); err != nil && p.err == nil {
		p.err = err
	}
	if p.err != nil {
		return fmt.Errorf("write output: %w", p.err)
	}
	return nil
}

// pcapCapture is how much of each payload a recording keeps.
const pcapCapture = 64 * 1024

// recording writes client events to a pcapng file as they come; a nil one
// records nothing.
type recording struct {
	q    *sockets.EventQueue
	f    *os.File
	w    *pcapng.Writer
	stop chan struct{} // closed once every scenario has ended
	done chan struct{} // closed once every event is written
	err  error
}

// startRecording opens path for a capture, or does nothing for "".
func startRecording(path string) (*recording, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("write capture: %w", err)
	}
	w, err := pcapng.NewWriter(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	r := &recording{q: sockets.NewEventQueue(64 * 1024), f: f, w: w, stop: make(chan struct{}), done: make(chan struct{})}
	r.q.SetDataRate(0)
	go r.loop()
	return r, nil
}

// queue is where the scenarios' events go.
func (r *recording) queue() *sockets.EventQueue {
	if r == nil {
		return nil
	}
	return r.q
}

func (r *recording) loop() {
	defer close(r.done)
	for {
		select {
		case e := <-r.q.Events():
			r.write(e)
		case <-r.stop:
			for _, e := range r.q.Drain(nil, 0) {
				r.write(e)
			}
			return
		}
	}
}

func (r *recording) write(e sockets.Event) {
	if r.err == nil {
		r.err = r.w.Write(e)
	}
}

// finish warns on errOut about events the recording missed.
func (r *recording) finish(errOut io.Writer) error {
	if r == nil {
		return nil
	}
	close(r.stop)
	<-r.done
	if n := r.q.Dropped(); n > 0 {
		fmt.Fprintf(errOut, "%s: warning: %d events were not recorded in the capture\n", progName, n)
	}
	if err := errors.Join(r.err, r.w.Flush(), r.f.Close()); err != nil {
		return fmt.Errorf("write capture: %w", err)
	}
	return nil
}
