package pecheck

import (
	"os"
	"testing"
)

// TestBuiltExe checks the executable named by PECHECK_EXE (set by
// `make package-windows`); without it there is nothing to check.
func TestBuiltExe(t *testing.T) {
	path := os.Getenv("PECHECK_EXE")
	if path == "" {
		t.Skip("PECHECK_EXE not set")
	}
	info, err := Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %+v", path, info)
	if !info.PE32Plus || !info.GUI || !info.Icon || !info.Version {
		t.Fatalf("%s: %+v; want a PE32+ GUI executable with icon and version resources", path, info)
	}
}

func TestRootTypes(t *testing.T) {
	// A root directory with one named entry and two ID entries (14, 16).
	d := make([]byte, 16+3*8)
	d[12], d[14] = 1, 2
	putU32 := func(off int, v uint32) {
		d[off], d[off+1], d[off+2], d[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	putU32(16, 0x80000010) // a name offset, not an ID
	putU32(24, 14)
	putU32(32, 16)
	got, err := rootTypes(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[14] || !got[16] {
		t.Fatalf("types %v; want 14 and 16", got)
	}
	if _, err := rootTypes(d[:20]); err == nil {
		t.Fatal("truncated directory accepted")
	}
}

func TestInspectRejectsNonPE(t *testing.T) {
	if _, err := Inspect("pecheck.go"); err == nil {
		t.Fatal("a Go source file passed as PE")
	}
}
