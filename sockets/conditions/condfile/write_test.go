package condfile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

// samples has a condition of every type, with values that are not the
// defaults, some finer than the file's unit.
var samples = map[conditions.Type]conditions.Condition{
	conditions.Latency:   {Name: "slow", Type: conditions.Latency, Dir: conditions.DownDir, Toxicity: 1, Latency: 300 * time.Millisecond, Jitter: 1500 * time.Microsecond},
	conditions.Bandwidth: {Name: "thin: pipe", Type: conditions.Bandwidth, Dir: conditions.Up, Toxicity: 0.25, Rate: 100},
	conditions.SlowClose: {Name: "slow_close_both", Type: conditions.SlowClose, Dir: conditions.Both, Toxicity: 1, Delay: 2 * time.Second},
	conditions.Timeout:   {Name: "hold", Type: conditions.Timeout, Dir: conditions.DownDir, Toxicity: 0, Delay: 0},
	conditions.ResetPeer: {Name: "reset", Type: conditions.ResetPeer, Dir: conditions.Up, Toxicity: 0.5, Delay: 750 * time.Millisecond},
	conditions.Slicer:    {Name: "pieces", Type: conditions.Slicer, Dir: conditions.Both, Toxicity: 1, AverageSize: 64, SizeVariation: 16, Delay: 500 * time.Microsecond},
	conditions.LimitData: {Name: "cap", Type: conditions.LimitData, Dir: conditions.DownDir, Toxicity: 1, Bytes: 1 << 20},
	conditions.Down:      {Name: "off", Type: conditions.Down, Dir: conditions.DownDir, Toxicity: 1},
	conditions.Loss:      {Name: "lossy", Type: conditions.Loss, Dir: conditions.Both, Toxicity: 1, Probability: 0.1, Correlation: 0.25},
	conditions.Duplicate: {Name: "twice", Type: conditions.Duplicate, Dir: conditions.Up, Toxicity: 0.5, Probability: 0.05},
	conditions.Reorder:   {Name: "shuffle", Type: conditions.Reorder, Dir: conditions.DownDir, Toxicity: 1, Probability: 0.2, Window: 4},
	conditions.Corrupt:   {Name: "flip", Type: conditions.Corrupt, Dir: conditions.DownDir, Toxicity: 1, Probability: 0.001},
}

// TestWriteReadsBack writes a condition of every type, with a seed, and
// reads the file back to the same conditions; a type with no sample here
// fails, so a new type gets its case in Attributes and a line above.
func TestWriteReadsBack(t *testing.T) {
	f := &File{Seed: 42, HasSeed: true}
	for _, typ := range conditions.Types {
		c, ok := samples[typ]
		if !ok {
			t.Fatalf("no sample of type %s: add one above and its case in conditions' Attributes", typ)
		}
		f.Conditions = append(f.Conditions, c)
	}
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := Write(path, f); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		src, _ := os.ReadFile(path)
		t.Fatalf("%v reading back:\n%s", err, src)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, f)
	}
	noSeed := &File{Conditions: f.Conditions[:1]}
	if got, err := Parse("c.yaml", Marshal(noSeed)); err != nil || !reflect.DeepEqual(got, noSeed) {
		t.Errorf("without a seed: %+v, %v", got, err)
	}
}

// TestWriteShape pins the bytes: toxiproxy's names, a header saying who
// wrote it, attributes in flow style.
func TestWriteShape(t *testing.T) {
	f := &File{Seed: 7, HasSeed: true, Conditions: []conditions.Condition{
		{Type: conditions.Latency, Dir: conditions.DownDir, Toxicity: 1, Latency: 300 * time.Millisecond},
		{Name: "thin", Type: conditions.Bandwidth, Dir: conditions.Up, Toxicity: 0.5, Rate: 100},
		{Type: conditions.Down, Dir: conditions.Both, Toxicity: 1},
	}}
	want := `# Network conditions for a relay, written by Socket Tester.
# Read by sockettester-cli relay --conditions FILE and the window's Open…;
# toxiproxy's names and units (ms, KB/s, bytes; µs for slicer's delay).
seed: 7
conditions:
  - name: latency_down
    type: latency
    stream: downstream
    toxicity: 1
    attributes: {latency: 300, jitter: 0}
  - name: thin
    type: bandwidth
    stream: upstream
    toxicity: 0.5
    attributes: {rate: 100}
  - name: down_both
    type: down
    stream: both
    toxicity: 1
`
	if got := string(Marshal(f)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWriteFailsClearly names the file's problem.
func TestWriteFailsClearly(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "no", "such", "c.yaml"), &File{})
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write the conditions file: open ") {
		t.Errorf("got %v", err)
	}
}
