package gui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestLogSaveMatchesCLI runs the real CLI (serve and send with --json) over
// loopback, feeds the events it printed through the app's log, and checks
// that the app saves the very same lines: byte for byte in JSON Lines, and
// each event's Line in the text file and CSVRecord in the CSV file.
func TestLogSaveMatchesCLI(t *testing.T) {
	cli := buildCLI(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()

	serve := exec.CommandContext(ctx, cli, "serve", "--tcp", "127.0.0.1:0", "--json")
	serveOut, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var serveErr bytes.Buffer
	serve.Stderr = &serveErr
	if err := serve.Start(); err != nil {
		t.Fatalf("start %v: %v", serve.Args, err)
	}
	defer serve.Process.Kill() // only if the test fails before it ends
	lines := bufio.NewReader(serveOut)
	first, err := lines.ReadBytes('\n')
	if err != nil {
		t.Fatalf("serve printed no line: %v; stderr: %s", err, serveErr.Bytes())
	}
	listening, err := sockets.DecodeEvent(first)
	if err != nil || listening.Kind != sockets.KindListening || !strings.HasPrefix(listening.Local, "127.0.0.1:") {
		t.Fatalf("serve's first line %s decodes to %+v, %v; want a listening event on 127.0.0.1", first, listening, err)
	}

	send := exec.CommandContext(ctx, cli, "send", "--tcp", listening.Local, "--json", "--max-bytes", "3", `hi\n`)
	var sendErr bytes.Buffer
	send.Stderr = &sendErr
	sendOut, err := send.Output()
	if err != nil {
		t.Fatalf("%v: %v; stderr: %s", send.Args, err, sendErr.Bytes())
	}
	// Interrupted, serve stops its server and prints what is left.
	if err := serve.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(lines)
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Wait(); err != nil {
		t.Fatalf("serve: %v; stderr: %s", err, serveErr.Bytes())
	}
	cliOut := slices.Concat(first, rest, sendOut)

	var events []sockets.Event
	kinds := map[string]bool{}
	for _, line := range bytes.SplitAfter(cliOut, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		e, err := sockets.DecodeEvent(line)
		if err != nil {
			t.Fatalf("CLI line %s: %v", line, err)
		}
		events = append(events, e)
		kinds[e.Side.String()+" "+e.Kind.String()] = true
	}
	for _, want := range []string{"server listening", "server connected", "server received", "server sent", "server stopped",
		"server disconnected", "client connected", "client sent", "client received", "client disconnected"} {
		if !kinds[want] {
			t.Errorf("the CLI printed no %s event:\n%s", want, cliOut)
		}
	}

	l := newTestLogView(t, 64)
	emitAll(l.q, events)
	l.flush()
	if got := len(l.Rows()); got != len(events) {
		t.Fatalf("the log holds %d rows; want the %d events", got, len(events))
	}
	var jsonl, text, csvFile bytes.Buffer
	for f, buf := range map[logview.SaveFormat]*bytes.Buffer{logview.SaveFormatJSONL: &jsonl, logview.SaveFormatText: &text, logview.SaveFormatCSV: &csvFile} {
		if _, err := l.Save(buf, f, false); err != nil {
			t.Fatalf("save as %v: %v", f, err)
		}
	}
	if !bytes.Equal(jsonl.Bytes(), cliOut) {
		t.Errorf("saved JSON Lines differ from the CLI's:\n%s\nCLI:\n%s", jsonl.Bytes(), cliOut)
	}
	textLines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
	records, err := csv.NewReader(&csvFile).ReadAll()
	if err != nil {
		t.Fatalf("saved CSV does not parse: %v", err)
	}
	if len(textLines) != len(events) || len(records) != len(events)+1 {
		t.Fatalf("saved %d text lines and %d CSV records; want %d and a header", len(textLines), len(records)-1, len(events))
	}
	if got, want := strings.Join(records[0], ","), strings.Join(sockets.CSVHeader(), ","); got != want {
		t.Errorf("CSV header %s; want %s", got, want)
	}
	for i, e := range events {
		if want := e.Line(payload.FormatText); textLines[i] != want {
			t.Errorf("text line %d = %q; want %q", i, textLines[i], want)
		}
		if got, want := strings.Join(records[i+1], "|"), strings.Join(e.CSVRecord(), "|"); got != want {
			t.Errorf("CSV record %d = %q; want %q", i, got, want)
		}
	}
}

// buildCLI builds the command-line tool into a temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go") // go test puts its own go first on PATH
	if err != nil {
		t.Fatalf("the go command is needed to build the CLI: %v", err)
	}
	out := filepath.Join(t.TempDir(), "sockettester-cli")
	build := exec.Command(goTool, "build", "-o", out, "github.com/sockettester/sockettester/cmd/sockettester-cli")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", build.Args, err, msg)
	}
	return out
}
