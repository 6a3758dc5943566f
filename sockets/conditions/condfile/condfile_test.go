package condfile

import (
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

func TestParseToxiproxyFields(t *testing.T) {
	f, err := Parse("c.yaml", []byte(`seed: 12
conditions:
  - type: latency
    latency: 200
    jitter: 20
    stream: downstream
    toxicity: 1
  - name: thin
    type: bandwidth
    stream: upstream
    attributes: {rate: 1000}
  - type: slicer
    dir: both
    attributes: {average_size: 64, size_variation: 16, delay: 500}
  - type: timeout
    attributes: {timeout: 0}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := f.Conditions
	if !f.HasSeed || f.Seed != 12 || len(c) != 4 ||
		c[0].Name != "latency_down" || c[0].Latency != 200*time.Millisecond || c[0].Jitter != 20*time.Millisecond ||
		c[1].Name != "thin" || c[1].Dir != conditions.Up || c[1].Rate != 1000 ||
		c[2].Dir != conditions.Both || c[2].AverageSize != 64 || c[2].SizeVariation != 16 || c[2].Delay != 500*time.Microsecond ||
		c[3].Type != conditions.Timeout || c[3].Delay != 0 {
		t.Errorf("got %+v", f)
	}
}

func TestMistakesArePlaced(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"conditions:\n  - type: latncy\n", "c.yaml:2:11: conditions[1].type: unknown condition type latncy; want one of latency"},
		{"conditions:\n  - type: latency\n    latency: -200\n", "c.yaml:3:14: conditions[1].latency: latency cannot be negative (-200ms)"},
		{"conditions:\n  - type: latency\n    toxicity: 1.5\n", "c.yaml:3:15: conditions[1].toxicity: toxicity 1.5 is out of range"},
		{"conditions:\n  - type: latency\n    rate: 5\n", "c.yaml:3:11: conditions[1].rate: unknown key rate for latency"},
		{"conditions:\n  - type: latency\n    speed: 5\n", "c.yaml:3:5: conditions[1].speed: unknown key"},
		{"conditions:\n  - latency: 5\n", "c.yaml:2:5: conditions[1]: a condition needs a type"},
		{"conditions:\n  - type: latency\n    stream: sideways\n", "c.yaml:3:13: conditions[1].stream: dir=sideways is not a direction"},
		{"conditions:\n  - type: latency\n  - type: latency\n", "c.yaml:3:5: conditions[2]: condition name \"latency_down\" is used twice"},
		{"seed: -1\nconditions:\n  - type: down\n", "c.yaml:1:7: seed: seed \"-1\" is not a whole number"},
		{"conditions: []\n", "c.yaml:1:13: conditions: the file has no conditions"},
	} {
		_, err := Parse("c.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s...", tc.src, err, tc.want)
		}
	}
}

// UDP types read with their own attribute names, rate standing for
// probability; their mistakes are placed like any other.
func TestUDPTypes(t *testing.T) {
	f, err := Parse("u.yaml", []byte(`seed: 42
conditions:
  - type: loss
    stream: both
    attributes: {probability: 0.1, correlation: 0.25}
  - type: reorder
    attributes: {rate: 0.2, window: 4}
  - type: duplicate
    probability: 5%
  - type: corrupt
    stream: upstream
    attributes: {probability: 0.01}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := f.Conditions
	if len(c) != 4 || c[0].Type != conditions.Loss || c[0].Dir != conditions.Both || c[0].Probability != 0.1 || c[0].Correlation != 0.25 ||
		c[1].Name != "reorder_down" || c[1].Probability != 0.2 || c[1].Window != 4 ||
		c[2].Probability != 0.05 || c[3].Name != "corrupt_up" || c[3].Probability != 0.01 {
		t.Errorf("got %+v", c)
	}
	for _, tc := range []struct{ src, want string }{
		{"conditions:\n  - type: loss\n    attributes: {probability: 1.5}\n", "u.yaml:3:31: conditions[1].attributes.probability: probability 1.5 is not a share; use 0 to 1, e.g. 0.1"},
		{"conditions:\n  - type: reorder\n    window: 0\n    probability: 0.1\n", "u.yaml:3:13: conditions[1].window: reorder window 0 is not a number of datagrams; use 1 or more"},
		{"conditions:\n  - type: loss\n    window: 3\n", "u.yaml:3:13: conditions[1].window: unknown key window for loss; want one of loss, correlation"},
		{"conditions:\n  - type: loss\n    rate: 0.5\n    correlation: 1\n", "u.yaml:2:5: conditions[1]: loss correlation 1 would lose every datagram after the first"},
	} {
		_, err := Parse("u.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s...", tc.src, err, tc.want)
		}
	}
}
