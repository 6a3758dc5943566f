package version

import (
	"bufio"
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

var versionKey = regexp.MustCompile(`^Version\s*=\s*"([^"]*)"\s*(#.*)?$`)

// fyneAppVersion returns Version from the [Details] table of a FyneApp.toml.
// A line scan is enough for this one key and spares a TOML dependency.
func fyneAppVersion(t *testing.T, data []byte) string {
	t.Helper()
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[] ")
			continue
		}
		if table != "Details" {
			continue
		}
		if m := versionKey.FindStringSubmatch(line); m != nil {
			return m[1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan FyneApp.toml: %v", err)
	}
	t.Fatal("FyneApp.toml: no Version in [Details]")
	return ""
}

func TestVersionMatchesFyneApp(t *testing.T) {
	data, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	if got := fyneAppVersion(t, data); got != Version {
		t.Fatalf("FyneApp.toml [Details] Version = %q, version.Version = %q; keep them equal", got, Version)
	}
}

func TestString(t *testing.T) {
	got := String()
	if got != Version {
		t.Fatalf("String() = %q; want %q", got, Version)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(got) {
		t.Fatalf("String() = %q; want a bare semantic version like 0.1.0", got)
	}
}
