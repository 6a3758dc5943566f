package gui

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// newSavedLogView is a view holding logTestEvents plus a truncated payload,
// with a limit that has dropped the first two rows.
func newSavedLogView(t *testing.T) *logview.LogView {
	t.Helper()
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	v.SetLimit(9)
	emitAll(q, logTestEvents())
	q.Emit(sockets.Event{Time: guitest.EventTime.Add(time.Second), Side: sockets.SideClient, Kind: sockets.KindReceived,
		Network: "udp", Local: "[::1]:6000", Remote: "[::1]:53", Bytes: 70000, Data: []byte("a,\"b\"\n\xff"), Truncated: true})
	emitAll(q, logTestEvents()[:1])
	l.flush()
	if c := v.Model.Counts(); c.Kept != 9 || c.Dropped != 2 {
		t.Fatalf("counts = %+v; want 9 kept, 2 dropped", c)
	}
	return v
}

func TestLogSaveText(t *testing.T) {
	v := newSavedLogView(t)
	kept := v.Rows()
	// The filter narrows the view, not the file: every kept row is saved.
	v.SideSelect.SetSelected("Client")
	if len(v.Rows()) == len(kept) {
		t.Fatal("the filter hides nothing; the test needs it to")
	}
	for _, hex := range []bool{false, true} {
		v.SetHex(hex)
		var buf bytes.Buffer
		if _, err := v.Save(&buf, logview.SaveFormatText, false); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) != len(kept) {
			t.Fatalf("hex=%v: %d lines; want %d", hex, len(lines), len(kept))
		}
		for i, r := range kept {
			if lines[i] != r.Line(logview.LogContentFormat(hex)) {
				t.Errorf("hex=%v line %d = %q; want %q", hex, i, lines[i], r.Line(logview.LogContentFormat(hex)))
			}
		}
	}
	var buf bytes.Buffer
	v.SetHex(false)
	v.Save(&buf, logview.SaveFormatText, false)
	want := "2024-05-06 07:08:09.125 server connected tcp 127.0.0.1:5000\n" +
		"2024-05-06 07:08:09.126 client sent tcp 127.0.0.1:9000 7B \"Hello\\r\\n\"\n"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("text file starts\n%s\nwant\n%s", buf.String()[:min(len(buf.String()), 200)], want)
	}
	if want := "2024-05-06 07:08:10.123 client received udp [::1]:53 70000B \"a,\\\"b\\\"\\n\\xff\"...\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("text file lacks %q:\n%s", want, buf.String())
	}
}

func TestLogSaveCSV(t *testing.T) {
	v := newSavedLogView(t)
	rows := v.Rows()
	v.Search.SetText("hello")
	var buf bytes.Buffer
	if _, err := v.Save(&buf, logview.SaveFormatCSV, false); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("saved CSV does not parse: %v", err)
	}
	if got, want := strings.Join(recs[0], ","), "time,side,kind,network,local,remote,bytes,truncated,text,hex,error,message,skipped,reply_ms,rule,name,held_ms,dropped,group,opcode,system_dropped,appended"; got != want {
		t.Errorf("header = %s; want %s", got, want)
	}
	recs = recs[1:]
	if len(recs) != len(rows) {
		t.Fatalf("%d records; want %d", len(recs), len(rows))
	}
	for i, r := range rows {
		want := []string{r.Time.Format(sockets.EventTimeLayout), r.Side.String(), r.Kind.String(), r.Network, r.Local, r.Remote, "", "", "", "", r.ErrText(), r.Msg, "", "", "", r.Name, "", "", r.Group, "", "", ""}
		if r.Kind == sockets.KindSent || r.Kind == sockets.KindReceived {
			want[6], want[7], want[8], want[9] = strconv.Itoa(r.Bytes), strconv.FormatBool(r.Truncated), payload.RenderText(r.Data), payload.HexString(r.Data)
		}
		if got := recs[i]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("record %d = %q; want %q", i, got, want)
		}
	}
	// Spot checks written out in full.
	wants := map[int][]string{
		4: {rows[4].Time.Format(sockets.EventTimeLayout), "client", "disconnected", "tcp", "127.0.0.1:5000", "127.0.0.1:9000", "", "", "", "", "read: connection reset by peer", "reset by server", "", "", "", "", "", "", "", "", "", ""},
		7: {rows[7].Time.Format(sockets.EventTimeLayout), "client", "received", "udp", "[::1]:6000", "[::1]:53", "70000", "true", `a,"b"\n\xff`, "61 2c 22 62 22 0a ff", "", "", "", "", "", "", "", "", "", "", "", ""},
	}
	for i, want := range wants {
		if got := recs[i]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("record %d = %q; want %q", i, got, want)
		}
	}
}

func TestLogSaveJSONL(t *testing.T) {
	v := newSavedLogView(t)
	rows := v.Rows()
	var buf bytes.Buffer
	if _, err := v.Save(&buf, logview.SaveFormatJSONL, false); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	i := 0
	for ; sc.Scan(); i++ {
		if i >= len(rows) {
			t.Fatalf("more lines than the %d rows", len(rows))
		}
		var got map[string]any
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i, err, sc.Text())
		}
		r := rows[i]
		ts, err := time.Parse(time.RFC3339Nano, got["time"].(string))
		if err != nil || !ts.Equal(r.Time) {
			t.Errorf("line %d time %v (%v); want %v", i, got["time"], err, r.Time)
		}
		want := map[string]any{"time": got["time"], "side": r.Side.String(), "kind": r.Kind.String()}
		for k, s := range map[string]string{"network": r.Network, "local": r.Local, "remote": r.Remote, "message": r.Msg, "error": r.ErrText()} {
			if s != "" {
				want[k] = s
			}
		}
		if r.Kind == sockets.KindSent || r.Kind == sockets.KindReceived {
			want["bytes"] = float64(r.Bytes)
			want["text"] = payload.RenderText(r.Data)
			want["hex"] = payload.HexString(r.Data)
			if r.Truncated {
				want["truncated"] = true
			}
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("line %d = %s; want %s", i, gj, wj)
		}
	}
	if i != len(rows) {
		t.Errorf("%d lines; want %d", i, len(rows))
	}
	var one bytes.Buffer
	logview.WriteLog(&one, rows[7:8], logview.SaveFormatJSONL, false)
	want := `{"time":"` + rows[7].Time.Format(sockets.EventTimeLayout) + `","side":"client","kind":"received","network":"udp","local":"[::1]:6000","remote":"[::1]:53","bytes":70000,"text":"a,\"b\"\\n\\xff","hex":"61 2c 22 62 22 0a ff","truncated":true}` + "\n"
	if one.String() != want {
		t.Errorf("JSON line = %s; want %s", one.String(), want)
	}
}

func TestLogSaveToFile(t *testing.T) {
	v := newSavedLogView(t)
	v.Win.Resize(fyne.NewSize(1100, 800))
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		f    logview.SaveFormat
	}{{"log.txt", logview.SaveFormatText}, {"log.csv", logview.SaveFormatCSV}, {"log.jsonl", logview.SaveFormatJSONL}} {
		v.SaveDialog(nil)
		v.Saving.Dir = dir
		path, msg, err := v.Saving.SaveTo(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		v.Saving.D.Hide()
		if want := fmt.Sprintf("Saved %d rows to %s", len(v.Model.Kept()), filepath.Join(dir, tc.name)); path != filepath.Join(dir, tc.name) || msg != want {
			t.Errorf("saved to %s: %q; want %q", path, msg, want)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		v.Save(&want, tc.f, false)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s holds\n%s\nwant\n%s", tc.name, got, want.Bytes())
		}
	}
	if got, want := fyne.CurrentApp().Preferences().String(logview.KeyLogSaveDir), storage.NewFileURI(dir).String(); got != want {
		t.Errorf("remembered folder %q; want %q", got, want)
	}
}

// TestLogSaveDialogTypedPath types a whole path, in a folder that does not
// exist yet, into the save dialog: the file is written there, the dialog
// closes, and the status says so.
func TestLogSaveDialogTypedPath(t *testing.T) {
	v := newSavedLogView(t)
	v.Win.Resize(fyne.NewSize(1100, 800))
	var msg string
	v.SaveDialog(func(m string) { msg = m })
	sd := v.Saving
	if sd == nil || sd.Rows.Visible() {
		t.Fatal("no save dialog, or it offers a choice of rows without a filter")
	}
	path := filepath.Join(t.TempDir(), "x", "flood.csv")
	retype(sd.Name, path)
	sd.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	if v.Saving != nil {
		t.Fatalf("the dialog stayed open: %q", sd.Problem.Text)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) != 1+len(v.Model.Kept()) {
		t.Fatalf("%s: %d records, %v; want a header and %d rows", path, len(recs), err, len(v.Model.Kept()))
	}
	if want := fmt.Sprintf("Saved %d rows to %s", len(v.Model.Kept()), path); msg != want {
		t.Errorf("status message %q; want %q", msg, want)
	}
}

// TestLogSaveDialogRowsShown saves only the rows the filter shows when
// asked, and all of them when asked.
func TestLogSaveDialogRowsShown(t *testing.T) {
	v := newSavedLogView(t)
	v.Win.Resize(fyne.NewSize(1100, 800))
	v.SideSelect.SetSelected("Client")
	shown, kept := len(v.Rows()), len(v.Model.Kept())
	dir := t.TempDir()
	for i, want := range []int{shown, kept} {
		v.SaveDialog(nil)
		sd := v.Saving
		if !sd.Rows.Visible() || sd.Rows.Selected != sd.Rows.Options[0] {
			t.Fatalf("with a filter the dialog offers %v, chose %q; want the rows shown chosen", sd.Rows.Options, sd.Rows.Selected)
		}
		if want, opt := fmt.Sprintf("Rows shown by the filter (%d)", shown), sd.Rows.Options[0]; opt != want {
			t.Errorf("option %q; want %q", opt, want)
		}
		sd.Rows.SetSelected(sd.Rows.Options[i])
		name := fmt.Sprintf("rows%d.txt", i)
		retype(sd.Name, name)
		sd.Dir = dir
		sd.Save()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(b), "\n"); got != want {
			t.Errorf("option %q saved %d rows; want %d", sd.Rows.Options[i], got, want)
		}
	}
}

// TestLogSaveDialogFailure keeps the dialog open, with what was typed and
// the reason, when the file cannot be written; Escape then closes it.
func TestLogSaveDialogFailure(t *testing.T) {
	v := newSavedLogView(t)
	v.Win.Resize(fyne.NewSize(1100, 800))
	v.SaveDialog(nil)
	sd := v.Saving
	dir := t.TempDir() // a folder, which cannot be written as a file
	retype(sd.Name, dir)
	sd.Save()
	if v.Saving == nil || !sd.Problem.Visible() || !strings.Contains(sd.Problem.Text, "Could not save to "+dir) {
		t.Fatalf("after a failed save: open %v, problem %q", v.Saving != nil, sd.Problem.Text)
	}
	if sd.Name.Text != dir {
		t.Errorf("typed path became %q", sd.Name.Text)
	}
	sd.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.Saving != nil || v.Win.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close the dialog")
	}
	if _, err := v.Save(&failingWriter{}, logview.SaveFormatText, false); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Save to a failing writer: %v; want the write error", err)
	}
}

// failingWriter is a save target whose writes fail.
type failingWriter struct{}

func (w *failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestLogSaveDialogOpens(t *testing.T) {
	v := newSavedLogView(t)
	v.Win.Resize(fyne.NewSize(1100, 800))
	v.SaveButton.OnTapped()
	if v.Win.Canvas().Overlays().Top() == nil {
		t.Error("Save did not open a dialog")
	}
}
