package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every wrong condition is refused with what is wrong and what would be
// right, exit 2, before anything listens.
func TestRelayConditionMistakes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("conditions:\n  - type: latency\n    latency: -5\n"), 0o600)
	unknown := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknown, []byte("conditions:\n  - type: latency\n    stream: downstream\n    lag: 5\n"), 0o600)
	for _, tc := range []struct{ args, want string }{
		{"--condition latency=-5ms", "--condition latency=-5ms: latency cannot be negative (-5ms); use 0 or more"},
		{"--condition lag=5", "--condition lag=5: unknown condition type lag; want one of latency, bandwidth"},
		{"--condition latency=5,toxicity=1.5", "toxicity 1.5 is out of range; want a share from 0 to 1"},
		{"--condition latency=5,speed=3", "unknown key speed for latency; want one of latency, jitter, dir, toxicity, name"},
		{"--condition latency=5,dir=sideways", "dir=sideways is not a direction; want up, down or both"},
		{"--seed 3", "--seed needs --condition or --conditions"},
		{"--conditions " + bad, bad + ":3:14: conditions[1].latency: latency cannot be negative"},
		{"--conditions " + unknown, unknown + ":4:5: conditions[1].lag: unknown key"},
	} {
		args := append([]string{"relay", "--to", "127.0.0.1:9"}, strings.Fields(tc.args)...)
		out, errOut, code := runInProcess(args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("relay %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

// A file in toxiproxy's field names gives the same conditions as the flag.
func TestRelayConditionsFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(f, []byte("seed: 7\nconditions: [{type: latency, stream: upstream, toxicity: 0.5, attributes: {latency: 200, jitter: 20}}]\n"), 0o600)
	o, err := parseRelay([]string{"--to", "127.0.0.1:9", "--conditions", f, "--condition", "bandwidth=1000,name=bw"}, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	l := o.cfg.Conditions.List()
	if o.cfg.Conditions.Seed() != 7 || len(l) != 2 || l[0].Name != "latency_up" || l[0].Latency.Milliseconds() != 200 ||
		l[0].Jitter.Milliseconds() != 20 || l[0].Toxicity != 0.5 || l[1].Name != "bw" || l[1].Rate != 1000 {
		t.Errorf("seed %d, conditions %+v", o.cfg.Conditions.Seed(), l)
	}
}

// A UDP relay reads its conditions from a file too, in the file's own
// names; a mistake in one is placed at file:line:column, exit 2, and so is
// a TCP-only type.
func TestRelayUDPConditionsFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "udp.yaml")
	os.WriteFile(f, []byte("seed: 42\nconditions:\n  - type: loss\n    stream: both\n    attributes: {probability: 0.1, correlation: 0.25}\n  - type: reorder\n    attributes: {rate: 0.2, window: 4}\n"), 0o600)
	o, err := parseRelay([]string{"--udp", "--to", "127.0.0.1:9", "--conditions", f, "--condition", "corrupt=0.01,dir=up"}, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	l := o.cfg.Conditions.List()
	if o.cfg.Conditions.Seed() != 42 || len(l) != 3 || l[0].Name != "loss_both" || l[0].Probability != 0.1 || l[0].Correlation != 0.25 ||
		l[1].Name != "reorder_down" || l[1].Probability != 0.2 || l[1].Window != 4 || l[2].Name != "corrupt_up" || l[2].Probability != 0.01 {
		t.Errorf("seed %d, conditions %+v", o.cfg.Conditions.Seed(), l)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("conditions:\n  - type: loss\n    attributes: {probability: 1.5}\n"), 0o600)
	tcp := filepath.Join(dir, "tcp.yaml")
	os.WriteFile(tcp, []byte("conditions:\n  - type: bandwidth\n    rate: 100\n"), 0o600)
	for _, tc := range []struct{ args, want string }{
		{"--udp --conditions " + bad, bad + ":3:31: conditions[1].attributes.probability: probability 1.5 is not a share; use 0 to 1, e.g. 0.1"},
		{"--udp --conditions " + tcp, "condition bandwidth_down: bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt"},
	} {
		args := append([]string{"relay", "--to", "127.0.0.1:9"}, strings.Fields(tc.args)...)
		out, errOut, code := runInProcess(args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("relay %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}
