package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

// condFileHeader opens every conditions file the window saves.
const condFileHeader = `# Network conditions for a relay, written by Socket Tester.
# Read by sockettester-cli relay --conditions FILE and the window's Open…;
# toxiproxy's names and units (ms, KB/s, bytes; µs for slicer's delay).
`

// TestConditionsSaveWritesTheRows saves Forward to…'s rows to the exact
// YAML the CLI reads (two rows of one kind get their own names); a wrong
// row refuses saving, naming the row and why, writes nothing and keeps the
// typed text; the buttons are reachable with Tab.
func TestConditionsSaveWritesTheRows(t *testing.T) {
	h := newAppHarness(t)
	h.chooseForward("127.0.0.1:9")
	cp := h.mw.server.Fwd.Cond
	if !cp.OpenBtn.Visible() || cp.SaveBtn.Visible() {
		t.Errorf("Open shown %v, Save shown %v with the switch off; want Open only", cp.OpenBtn.Visible(), cp.SaveBtn.Visible())
	}
	test.Tap(cp.On)
	for _, b := range []fyne.Widget{cp.OpenBtn, cp.SaveBtn} {
		if _, ok := b.(fyne.Focusable); !ok {
			t.Errorf("%T cannot take the focus: Tab would skip it", b)
		}
	}
	test.Tap(cp.AddBtn)
	retype(cp.Rows[0].Params["latency"], "300ms")
	test.Tap(cp.AddBtn)
	cp.Rows[1].Type.SetSelected("bandwidth")
	retype(cp.Rows[1].Params["bandwidth"], "100")
	cp.Rows[1].Dir.SetSelectedIndex(1)
	retype(cp.Rows[1].Toxicity, "0.5")
	test.Tap(cp.AddBtn)
	retype(cp.Rows[2].Params["latency"], "1.5ms")
	retype(cp.Rows[2].Params["jitter"], "20")

	path := filepath.Join(t.TempDir(), "x.yaml")
	if err := cp.SaveTo(path); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := condFileHeader + `conditions:
  - name: latency_down
    type: latency
    stream: downstream
    toxicity: 1
    attributes: {latency: 300, jitter: 0}
  - name: bandwidth_up
    type: bandwidth
    stream: upstream
    toxicity: 0.5
    attributes: {rate: 100}
  - name: latency_down_2
    type: latency
    stream: downstream
    toxicity: 1
    attributes: {latency: 1.5ms, jitter: 20}
`
	if string(got) != want {
		t.Errorf("saved\n%s\nwant\n%s", got, want)
	}

	retype(cp.Rows[1].Toxicity, "1.5")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	err := cp.SaveTo(bad)
	if err == nil || err.Error() != "row 2 (bandwidth): toxicity 1.5 is out of range; want a share from 0 to 1, e.g. 0.5; fix the row or remove it, then save again" {
		t.Errorf("saving a wrong row: %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a file was written for a wrong row: %v", err)
	}
	if cp.OnSave() != nil || !strings.Contains(h.dialogText(), "Cannot save the network conditions") || !strings.Contains(h.dialogText(), "row 2 (bandwidth)") {
		t.Errorf("Save… with a wrong row: dialogs %q; want the refusal naming row 2", h.dialogText())
	}
	if cp.Rows[1].Toxicity.Text != "1.5" {
		t.Errorf("toxicity %q after the refusal; want the typed 1.5 kept", cp.Rows[1].Toxicity.Text)
	}
}

// TestConditionsOpenReplacesTheRows opens conditions files into Forward
// to…: the rows are replaced, the switch turns on, the file's seed seeds the
// next start (shown beside the switch), and a file opened while the relay
// runs is applied at once, the old rows taken out.
func TestConditionsOpenReplacesTheRows(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{})
	h := newAppHarness(t)
	h.chooseForward(echo.Addr().String())
	cp := h.mw.server.Fwd.Cond
	dir := t.TempDir()
	first := filepath.Join(dir, "first.yaml")
	os.WriteFile(first, []byte("seed: 42\nconditions:\n  - type: latency\n    attributes: {latency: 150}\n  - name: bits\n    type: slicer\n    stream: both\n    attributes: {average_size: 64, size_variation: 16, delay: 500}\n"), 0o644)
	if err := cp.LoadFrom(first); err != nil {
		t.Fatal(err)
	}
	if !cp.On.Checked || len(cp.Rows) != 2 || cp.Rows[0].Params["latency"].Text != "150ms" || cp.Rows[0].Params["jitter"].Text != "" ||
		cp.Rows[1].Type.Selected != "slicer" || cp.Rows[1].Dir.SelectedIndex() != 2 ||
		cp.Rows[1].Params["slicer"].Text != "64" || cp.Rows[1].Params["variation"].Text != "16" || cp.Rows[1].Params["delay"].Text != "500µs" {
		t.Fatalf("after opening: on %v, %d rows", cp.On.Checked, len(cp.Rows))
	}
	if !cp.SeedNote.Visible() || cp.SeedNote.Text != "seed 42 (from the file)" {
		t.Errorf("seed note shown %v, %q", cp.SeedNote.Visible(), cp.SeedNote.Text)
	}
	h.startServer()
	h.waitFor("the file's seed and conditions in the log", func() bool {
		return h.condRowsSaying("network conditions: seed 42 ") == 1 &&
			h.condRowsSaying("condition latency_down#1 on (down, toxicity 1): latency 150ms ± 0s") == 1 &&
			h.condRowsSaying("condition slicer_both#2 on (both, toxicity 1): slicer 64 ± 16 B, 500µs apart") == 1
	})

	// While it runs, with the switch off: opened, switched on, applied.
	test.Tap(cp.On)
	second := filepath.Join(dir, "second.yml")
	os.WriteFile(second, []byte("conditions:\n  - type: bandwidth\n    stream: upstream\n    toxicity: 0.5\n    rate: 100\n"), 0o644)
	if err := cp.LoadFrom(second); err != nil {
		t.Fatal(err)
	}
	if !cp.On.Checked || len(cp.Rows) != 1 || cp.Rows[0].Params["bandwidth"].Text != "100" || cp.Rows[0].Toxicity.Text != "0.5" {
		t.Fatalf("after the second file: on %v, %d rows", cp.On.Checked, len(cp.Rows))
	}
	h.waitFor("the second file applied", func() bool {
		return h.condRowsSaying("condition latency_down#1 removed") == 1 &&
			h.condRowsSaying("condition bandwidth_up#3 on (up, toxicity 0.5): bandwidth 100 KB/s") == 1
	})
	if cp.SeedNote.Visible() {
		t.Errorf("seed note %q after a file with no seed; want none", cp.SeedNote.Text)
	}
	if saved := h.app.Preferences().String("server.conditions"); saved != `[{"bandwidth":"100","dir":"up","toxicity":"0.5","type":"bandwidth"}]` {
		t.Errorf("rows kept as %s", saved)
	}
}

// TestConditionsOpenBadFileChangesNothing opens a file with a mistake:
// the dialog says where it is (file:line:column) and the rows, their
// typed text and the seed stay as they were.
func TestConditionsOpenBadFileChangesNothing(t *testing.T) {
	h := newAppHarness(t)
	h.chooseForward("127.0.0.1:9")
	cp := h.mw.server.Fwd.Cond
	test.Tap(cp.On)
	test.Tap(cp.AddBtn)
	retype(cp.Rows[0].Params["latency"], "250m")
	before := h.app.Preferences().String("server.conditions")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("seed: 7\nconditions:\n  - type: latency\n    latency: -200\n"), 0o644)

	err := cp.LoadFrom(bad)
	if want := bad + ":4:14: conditions[1].latency: latency cannot be negative (-200ms)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v\nwant %s...", err, want)
	}
	pd := cp.OnOpen()
	pd.Name.SetText(bad)
	pd.Save()
	if want := "Could not open " + bad + ": " + bad + ":4:14: conditions[1].latency: latency cannot be negative"; !strings.HasPrefix(pd.Problem.Text, want) {
		t.Errorf("the dialog says %q; want %s...", pd.Problem.Text, want)
	}
	if len(cp.Rows) != 1 || cp.Rows[0].Params["latency"].Text != "250m" || cp.SeedNote.Visible() ||
		h.app.Preferences().String("server.conditions") != before {
		t.Errorf("changed by a bad file: %d rows, seed note %q", len(cp.Rows), cp.SeedNote.Text)
	}
}
