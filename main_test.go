package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// noDisplayChild, set in the environment, has the test binary act as the
// app started without a display (see TestNoDisplayIsAPlainMessage).
const noDisplayChild = "SOCKETTESTER_TEST_NO_DISPLAY"

func TestMain(m *testing.M) {
	if os.Getenv(noDisplayChild) == "1" {
		// As main does, on the main goroutine (GLFW wants the main thread).
		os.Exit(runWindow(app.NewWithID(appID), os.Stderr))
	}
	os.Exit(m.Run())
}

// The app started where there is no display (ssh, a container, a CI job
// without Xvfb) says so in a sentence and exits 1, instead of a panic and
// its stack.
func TestNoDisplayIsAPlainMessage(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, noDisplayChild+"=1", "HOME="+home, "XDG_CONFIG_HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("want exit status 1, got %v; stderr:\n%s", err, stderr.String())
	}
	out := stderr.String()
	if strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") {
		t.Errorf("stderr has a panic:\n%s", out)
	}
	// GLFW's own line says why, then ours says what it means.
	why := strings.Index(out, "PlatformError: X11: The DISPLAY environment variable is missing")
	ours := strings.Index(out, noWindowMessage)
	if why < 0 || ours < why {
		t.Errorf("want GLFW's reason, then %q; stderr:\n%s", noWindowMessage, out)
	}
}

// Only GLFW's "not initialized" becomes the message; any other panic, a bug
// of ours or another GLFW error, keeps its stack.
func TestRunWindowPassesOtherPanics(t *testing.T) {
	saved := run
	t.Cleanup(func() { run = saved })
	for _, value := range []any{
		"a bug",
		&glfw.Error{Code: glfw.APIUnavailable, Desc: "WGL: The driver does not appear to support OpenGL"},
	} {
		run = func(fyne.App) int { panic(value) }
		var stderr bytes.Buffer
		got := func() (r any) {
			defer func() { r = recover() }()
			runWindow(nil, &stderr)
			return nil
		}()
		if got != value {
			t.Errorf("panic %v: recovered %v, want it passed on", value, got)
		}
		if stderr.Len() != 0 {
			t.Errorf("panic %v: printed %q", value, stderr.String())
		}
	}

	notInitialized := &glfw.Error{Code: glfw.ErrorCode(0x00010001), Desc: "The GLFW library is not initialized"}
	run = func(fyne.App) int { panic(notInitialized) }
	var stderr bytes.Buffer
	if status := runWindow(nil, &stderr); status != 1 || stderr.String() != noWindowMessage+"\n" {
		t.Errorf("not initialized: status %d, printed %q", status, stderr.String())
	}
}
