package gui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"github.com/sockettester/sockettester/gui/i18n"
)

// The zoomed theme is the app's theme (Settings().SetTheme), not a
// container.ThemeOverride: an override is a new font scope, for which Fyne
// loads every font again (~9 MB).

// keyZoom is the zoom preference, a factor (1 = 100%).
const keyZoom = "view.zoom"

// zoomSteps are the factors Zoom in and Zoom out step through.
var zoomSteps = []float32{0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2}

// Bounds of the zoom factor.
const (
	minZoom = 0.75
	maxZoom = 2
)

// zoomTheme is base with every size multiplied by factor.
type zoomTheme struct {
	fyne.Theme
	factor float32
}

// Size returns base's size scaled by the factor.
func (t zoomTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.factor }

// zoomIn returns the next step above f, at most maxZoom.
func zoomIn(f float32) float32 {
	for _, s := range zoomSteps {
		if s > f+0.001 {
			return s
		}
	}
	return maxZoom
}

// zoomOut returns the next step below f, at least minZoom.
func zoomOut(f float32) float32 {
	for i := len(zoomSteps) - 1; i >= 0; i-- {
		if zoomSteps[i] < f-0.001 {
			return zoomSteps[i]
		}
	}
	return minZoom
}

// savedZoom reads the zoom preference; a missing or unusable value is 1.
func savedZoom(prefs fyne.Preferences) float32 {
	f := prefs.FloatWithFallback(keyZoom, 1)
	if math.IsNaN(f) || f < minZoom || f > maxZoom {
		return 1
	}
	return float32(f)
}

// setZoom applies zoom factor f to the whole app and remembers it. The
// window keeps its size and stays on the screen; back at 100% it takes the
// size it had before zooming in, which a larger zoom's minimum may have
// grown.
func (mw *mainWindow) setZoom(f float32) {
	f = min(max(f, minZoom), maxZoom)
	if f != 1 && mw.zoom == 1 {
		mw.unzoomedSize = mw.win.Canvas().Size()
		mw.unzoomedSplit = mw.seqSplit.Offset
	}
	mw.prefs.SetFloat(keyZoom, float64(f))
	mw.applyZoom(f)
	size := mw.win.Canvas().Size()
	if f == 1 && !mw.unzoomedSize.IsZero() {
		size, mw.unzoomedSize = mw.unzoomedSize, fyne.Size{}
		mw.seqSplit.SetOffset(mw.unzoomedSplit)
	}
	mw.win.Resize(mw.fitScreen(size))
	if f != 1 {
		mw.widenLog(size.Width)
	}
}

// widenLog moves the divider between the log and the diagram, in a window
// width wide, so that the log's payload and sides show whole if the
// diagram keeps its minimum: zoomed in, the diagram's lanes have room to
// spare before the log's payload does.
func (mw *mainWindow) widenLog(width float32) {
	if width <= 0 {
		return
	}
	want := mw.log.ReadableWidth() / width
	most := (width - mw.seq.Object().MinSize().Width - theme.Padding()) / width
	if off := float64(min(want, most)); off > mw.seqSplit.Offset {
		mw.seqSplit.SetOffset(off)
	}
}

// applyZoom makes the app's theme the base theme zoomed by f; at 100% the
// base theme itself.
func (mw *mainWindow) applyZoom(f float32) {
	mw.zoom = f
	var t fyne.Theme = zoomTheme{mw.baseTheme, f}
	if f == 1 {
		t = mw.baseTheme
	}
	mw.app.Settings().SetTheme(t)
	if mw.seq != nil {
		// Its lane titles are canvas texts, sized when named.
		mw.seq.Refresh()
	}
	if mw.status != nil {
		mw.showMessage(i18n.Trf("status.zoom", i18n.Args{"Percent": int(math.Round(float64(f) * 100))}))
	}
}

// onZoomIn, onZoomOut and onZoomReset are the View menu's zoom items.
func (mw *mainWindow) onZoomIn()    { mw.setZoom(zoomIn(mw.zoom)) }
func (mw *mainWindow) onZoomOut()   { mw.setZoom(zoomOut(mw.zoom)) }
func (mw *mainWindow) onZoomReset() { mw.setZoom(1) }

// Zoom shortcuts: Ctrl+= and Ctrl++ (Shift+= on most keyboards, or the
// keypad's +) zoom in, Ctrl+- out, Ctrl+0 back to 100%.
var (
	shortcutZoomIn     = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutZoomInPlus = &desktop.CustomShortcut{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutZoomInSh   = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutZoomOut    = &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutZoomReset  = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}
)
