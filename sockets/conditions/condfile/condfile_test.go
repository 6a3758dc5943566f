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
