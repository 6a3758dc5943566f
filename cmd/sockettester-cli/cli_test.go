package main

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/version"
)

// runInProcess runs a command line without the binary.
func runInProcess(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, stdio{strings.NewReader(""), &out, &errOut})
	return out.String(), errOut.String(), code
}

func TestVersion(t *testing.T) {
	want := "sockettester-cli " + version.String() + "\n"
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		out, errOut, code := runInProcess(args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and %q", args, code, out, errOut, want)
		}
	}
	// And from the real binary.
	if r := runCLI(t, "", "--version"); r.code != 0 || r.stdout != want {
		t.Errorf("binary --version: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, errOut, code := runInProcess(args...)
		if code != 0 || !strings.HasPrefix(out, "usage: sockettester-cli ") || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", args, code, out, errOut)
		}
	}
	for _, c := range commands() {
		addrFlag := "--tcp"
		if c.name == "relay" {
			addrFlag = "--to"
		}
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}, {c.name, addrFlag, "127.0.0.1:1", "-help"}} {
			// help, version, run and ifaces take no address flag.
			if (c.name == "help" || c.name == "version" || c.name == "run" || c.name == "ifaces") && len(args) > 2 {
				continue
			}
			out, errOut, code := runInProcess(args...)
			if code != 0 || out != c.usage || errOut != "" {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and %s's help", args, code, out, errOut, c.name)
			}
		}
	}
}

func TestUsageMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "usage: sockettester-cli"},
		{[]string{"frob"}, `sockettester-cli: unknown command "frob"`},
		{[]string{"--frob"}, "sockettester-cli: unknown flag --frob"},
		{[]string{"help", "frob"}, `sockettester-cli: unknown command "frob"`},
		{[]string{"help", "send", "serve"}, "sockettester-cli: too many arguments"},
		{[]string{"version", "x"}, `sockettester-cli: unexpected argument "x"`},
		{[]string{"bench", "--bogus"}, "sockettester-cli: unknown flag --bogus\nRun 'sockettester-cli bench --help'"},
	}
	for _, tt := range tests {
		out, errOut, code := runInProcess(tt.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and stderr starting %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestHelpNamesRealFlags checks every flag the help texts mention exists.
func TestHelpNamesRealFlags(t *testing.T) {
	flagRE := regexp.MustCompile(`(?m)^ +(?:-([a-z]), )?--([a-z-]+)`)
	for _, c := range []command{{name: "serve", usage: serveUsage}, {name: "send", usage: sendUsage}, {name: "bench", usage: benchUsage}, {name: "relay", usage: relayUsage}} {
		found := flagRE.FindAllStringSubmatch(c.usage, -1)
		if len(found) < 5 {
			t.Fatalf("%s: only %d flags found in the help", c.name, len(found))
		}
		for _, m := range found {
			for _, name := range m[1:] {
				if name == "" || name == "help" {
					continue
				}
				_, errOut, _ := runInProcess(c.name, "--"+name)
				if strings.Contains(errOut, "unknown flag") {
					t.Errorf("%s --help mentions --%s, which is not a flag", c.name, name)
				}
			}
		}
	}
}

func TestParseFlagsMixesFlagsAndArguments(t *testing.T) {
	tests := []struct {
		args     []string
		wantPos  []string
		wantWait time.Duration
	}{
		{[]string{"--wait", "1s", "a"}, []string{"a"}, time.Second},
		{[]string{"a", "--wait", "1s"}, []string{"a"}, time.Second},
		{[]string{"a", "--wait", "1s", "b"}, []string{"a", "b"}, time.Second},
		{[]string{"--", "-x", "--wait", "1s"}, []string{"-x", "--wait", "1s"}, 0},
		{[]string{"a", "--", "--wait"}, []string{"a", "--wait"}, 0},
		{[]string{"-"}, []string{"-"}, 0},
	}
	for _, tt := range tests {
		fs := newFlagSet("test")
		wait := fs.Duration("wait", 0, "")
		pos, err := parseFlags(fs, tt.args, "", stdio{})
		if err != nil || !reflect.DeepEqual(pos, tt.wantPos) || *wait != tt.wantWait {
			t.Errorf("parseFlags(%q) = %q, wait %v, %v; want %q, wait %v", tt.args, pos, *wait, err, tt.wantPos, tt.wantWait)
		}
	}
}

// TestFlagMistakesSayWhatIsWrong: a duration without a unit and a
// misspelt flag get one line saying what would be right, and a pointer to
// the help instead of the whole synopsis.
func TestFlagMistakesSayWhatIsWrong(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"send", "--tcp", "127.0.0.1:9", "--wait", "2", "hi"}, `--wait 2 needs a unit: write 2s (seconds) or 2ms (milliseconds)`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--interval=100", "hi"}, `--interval 100 needs a unit: write 100s (seconds) or 100ms (milliseconds)`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--wait", "soon", "hi"}, `--wait wants a duration such as 2s, 500ms or 1m30s, not "soon"`},
		{[]string{"relay", "--to", "127.0.0.1:9", "--timeout", "5"}, `--timeout 5 needs a unit: write 5s (seconds) or 5ms (milliseconds)`},
		{[]string{"bench", "--tcp", "127.0.0.1:9", "-d", "3"}, `-d 3 needs a unit: write 3s (seconds) or 3ms (milliseconds)`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--repeat", "x", "hi"}, `--repeat wants a whole number, not "x"`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tlss", "hi"}, "unknown flag --tlss: did you mean --tls?"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--mdoe", "echo"}, "unknown flag --mdoe: did you mean --mode?"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--zzzzzzzz", "hi"}, "unknown flag --zzzzzzzz"},
		{[]string{"send", "hi", "--tcp"}, "--tcp needs a value"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--hex=maybe", "00"}, `--hex takes true or false, not "maybe"`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--eol", "nl", "hi"}, `--eol: unknown line ending "nl" (want none, lf, cr or crlf)`},
	}
	for _, tt := range tests {
		out, errOut, code := runInProcess(tt.args...)
		want := "sockettester-cli: " + tt.want + "\nRun 'sockettester-cli " + tt.args[0] + " --help' for details.\n"
		if code != 2 || out != "" || errOut != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and stderr %q", tt.args, code, out, errOut, want)
		}
	}
}
