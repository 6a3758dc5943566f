package gui

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
)

// startIn returns a window built on a fresh test app with code as the
// chosen language, as a restart in that language would build it.
func startIn(t *testing.T, code string) *appHarness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(i18n.KeyLanguage, code)
	i18n.SetupLanguage(a.Preferences())
	h := newAppHarnessFor(t, a)
	h.win.Resize(defaultWindow)
	return h
}

// exchange starts the window's server, connects its client to it and sends
// two pings, so the log and the sequence diagram show rows and markers.
func (h *appHarness) exchange() {
	h.t.Helper()
	h.startServer()
	h.connectToOwnServer()
	h.sendPings(2)
	h.flushLog()
	h.mw.seq.Refresh()
	h.mw.refreshStatus()
}

// numbers matches what differs between two runs of the same exchange:
// ports, times, counts.
var numbers = regexp.MustCompile(`[0-9]+`)

// shownAfterExchange is every text the window shows, with numbers masked.
func shownAfterExchange(h *appHarness) []string {
	var out []string
	for _, s := range shownTexts(h) {
		out = append(out, numbers.ReplaceAllString(s, "#"))
	}
	sort.Strings(out)
	return out
}

// layoutOf lists every visible object of the window with its type, place
// and size, in tree order: two windows that show the same thing the same
// way give the same list.
func layoutOf(h *appHarness) []string {
	var out []string
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		p := at.Add(o.Position())
		line := fmt.Sprintf("%T %v %v", o, p, o.Size())
		var texts []string
		collectShownText(o, &texts)
		if len(texts) == 1 {
			line += " " + texts[0]
		}
		out = append(out, line)
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, p)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, p)
			}
		}
	}
	walk(h.win.Content(), fyne.Position{})
	return out
}

// countDiff lists what a shows more often than b, with the surplus.
func countDiff(a, b []string) string {
	n := map[string]int{}
	for _, s := range a {
		n[s]++
	}
	for _, s := range b {
		n[s]--
	}
	var out []string
	for s, c := range n {
		if c > 0 {
			out = append(out, fmt.Sprintf("%dx %q", c, s))
		}
	}
	return strings.Join(out, "\n")
}

// sameAsFresh fails when a switched window's texts or layout differ from a
// fresh start's; diff lists what one shows that the other does not.
func sameAsFresh(t *testing.T, after string, switched, fresh, switchedLayout, freshLayout []string, diff func(a, b []string) string) {
	t.Helper()
	if strings.Join(switched, "\n") != strings.Join(fresh, "\n") {
		t.Errorf("%s the window shows:\n%s\n\nwhere a fresh start shows:\n%s", after, diff(switched, fresh), diff(fresh, switched))
	}
	if strings.Join(switchedLayout, "\n") != strings.Join(freshLayout, "\n") {
		t.Errorf("%s the layout differs from a fresh start's at %s", after, firstDiff(switchedLayout, freshLayout))
	}
}

// firstDiff describes the first line where a and b differ.
func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}

// TestLanguageRoundTrip switches a window from one language to the other
// and back, and compares what it shows (every text, the log's and the
// diagram's included) and where (every object's place and size) with a
// window started in that language.
func TestLanguageRoundTrip(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	for _, route := range [][]string{
		{i18n.English, i18n.Vietnamese, i18n.English},
		{i18n.Vietnamese, i18n.English, i18n.Vietnamese},
		{i18n.English, i18n.Vietnamese},
		{i18n.Vietnamese, i18n.English},
	} {
		t.Run(strings.Join(route, "-"), func(t *testing.T) {
			last := route[len(route)-1]

			// Stopped windows: the same texts in the same places.
			h := startIn(t, route[0])
			for _, code := range route[1:] {
				h.mw.setLanguage(code)
			}
			switched, switchedLayout := shownTexts(h), layoutOf(h)
			h.close()
			f := startIn(t, last)
			fresh, freshLayout := shownTexts(f), layoutOf(f)
			f.close()
			sameAsFresh(t, fmt.Sprintf("after %v", route), switched, fresh, switchedLayout, freshLayout, diffLines)

			// Running windows with an exchange in the log and the diagram,
			// switched after the exchange.
			h = startIn(t, route[0])
			h.exchange()
			for _, code := range route[1:] {
				h.mw.setLanguage(code)
			}
			switched = shownAfterExchange(h)
			h.close()
			f = startIn(t, last)
			f.exchange()
			fresh = shownAfterExchange(f)
			f.close()
			if strings.Join(switched, "\n") != strings.Join(fresh, "\n") {
				t.Errorf("after an exchange and %v the window shows:\n%s\n\nwhere a fresh start shows:\n%s\n(first difference at %s)", route, countDiff(switched, fresh), countDiff(fresh, switched), firstDiff(switched, fresh))
			}
		})
	}
}

// TestZoomRoundTrip zooms a window to 200% and back, and to 200% alone, and
// compares texts, places and sizes with a window started at that zoom.
func TestZoomRoundTrip(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	for _, route := range [][]float32{{1, 2, 1}, {1, 2}, {2, 1}} {
		t.Run(fmt.Sprint(route), func(t *testing.T) {
			h := startIn(t, i18n.English)
			h.mw.setZoom(route[0])
			for _, z := range route[1:] {
				h.mw.setZoom(z)
			}
			// The zoom's message in the status bar is the one thing meant
			// to differ; the test driver's window, unlike the desktop's,
			// does not lay its content out again on a theme change.
			h.mw.status.ShowMessage("")
			h.win.Resize(defaultWindow.AddWidthHeight(1, 0))
			h.win.Resize(defaultWindow)
			switched, switchedLayout := shownTexts(h), layoutOf(h)
			h.close()

			a := test.NewTempApp(t)
			a.Preferences().SetString(i18n.KeyLanguage, i18n.English)
			a.Preferences().SetFloat(keyZoom, float64(route[len(route)-1]))
			i18n.SetupLanguage(a.Preferences())
			f := newAppHarnessFor(t, a)
			f.win.Resize(defaultWindow)
			fresh, freshLayout := shownTexts(f), layoutOf(f)
			f.close()
			sameAsFresh(t, fmt.Sprintf("after zooming %v", route), switched, fresh, switchedLayout, freshLayout, countDiff)
		})
	}
}
