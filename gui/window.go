package gui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
)

// Window geometry.
const (
	windowTitle = "Socket Tester"
	// tickInterval paces the status bar; the peers list refreshes every
	// other tick.
	tickInterval = 250 * time.Millisecond
)

var (
	// windowSize is the first window size, until the user resizes it; the
	// window works down to 800x560.
	windowSize       = fyne.NewSize(1100, 720)
	defaultPaneSplit = 0.5
	defaultLogSplit  = 0.6
)

// mainWindow is the app's only window: the server and client panes side by
// side, the log below them and the status bar at the bottom. Both panes'
// engines emit into one event queue, which the log drains.
type mainWindow struct {
	app    fyne.App
	win    fyne.Window
	prefs  fyne.Preferences
	do     uiRunner
	events *sockets.EventQueue

	server *serverPane
	client *clientPane
	log    *logView
	status *statusBar

	paneSplit *container.Split
	logSplit  *container.Split

	menu       *fyne.MainMenu
	viewText   *fyne.MenuItem
	viewHex    *fyne.MenuItem
	viewFollow *fyne.MenuItem

	ticks      int
	stopTicker chan struct{}
	tickerDone chan struct{}
	closed     bool
	closeOnce  sync.Once
}

// Run builds the main window, starts its background refreshes and runs the
// app until the window closes.
func Run(a fyne.App) {
	mw := newMainWindow(a)
	mw.start()
	a.Run()
}

// newMainWindow shows the main window and builds it with the last settings
// restored. It starts nothing in the background but font loading; start
// does the rest.
//
// The order saves start-up time (~0.3 s to the first frame under Xvfb):
// the window is shown first, which creates the native window and its
// OpenGL context (~0.3 s of C on the main thread), while a goroutine loads
// the fonts the widgets are measured with (~0.2 s). Nothing is drawn
// before the app runs, by when the content is complete.
func newMainWindow(a fyne.App) *mainWindow {
	fonts := make(chan struct{})
	go func() {
		defer close(fonts)
		loadFonts()
	}()
	win := a.NewWindow(windowTitle)
	win.Resize(savedWindowSize(a.Preferences())) // before Show creates it
	win.Show()
	<-fonts
	return buildMainWindow(a, win, fyneDo)
}

// loadFonts has Fyne load the text styles the window uses (buttons are
// bold), so that building it finds them cached.
func loadFonts() {
	for _, s := range []fyne.TextStyle{{}, {Bold: true}} {
		fyne.MeasureText("Socket Tester", theme.TextSize(), s)
	}
}

// buildMainWindow builds the window's content into win, with do running UI
// updates from goroutines.
func buildMainWindow(a fyne.App, win fyne.Window, do uiRunner) *mainWindow {
	mw := &mainWindow{
		app:    a,
		win:    win,
		prefs:  a.Preferences(),
		do:     do,
		events: sockets.NewEventQueue(eventQueueSize),
	}
	win.SetTitle(windowTitle)
	mw.log = newLogView(win, mw.prefs, do) // restores Text/Hex and Follow itself
	mw.log.SetLimit(logLimit(mw.prefs))

	mw.server = newServerPane(a, win, mw.prefs, mw.events, do)
	mw.client = newClientPane(win, mw.prefs, mw.events, do)
	mw.client.serverAddr = mw.server.ListenAddr
	mw.status = newStatusBar()
	mw.server.onChange = mw.refreshStatus
	mw.client.onChange = mw.refreshStatus
	mw.refreshStatus()

	mw.paneSplit = container.NewHSplit(
		container.NewVScroll(container.NewPadded(mw.server.Object())),
		container.NewVScroll(container.NewPadded(mw.client.Object())))
	mw.paneSplit.Offset = mw.prefs.FloatWithFallback(keyPaneSplit, defaultPaneSplit)
	mw.logSplit = container.NewVSplit(mw.paneSplit, mw.log.Object())
	mw.logSplit.Offset = mw.prefs.FloatWithFallback(keyLogSplit, defaultLogSplit)
	win.SetContent(container.NewBorder(nil, mw.status.Object(), nil, nil, mw.logSplit))

	mw.menu = mw.buildMenu()
	win.SetMainMenu(mw.menu)
	mw.addShortcuts()
	win.Resize(savedWindowSize(mw.prefs))
	win.SetMaster()
	win.SetOnClosed(mw.shutdown)
	return mw
}

// logLimit reads the log bound preference, falling back to the default for
// a missing or unusable value.
func logLimit(prefs fyne.Preferences) int {
	n := prefs.IntWithFallback(keyLogLimit, defaultLogLimit)
	if n < minLogLimit || n > maxLogLimit {
		return defaultLogLimit
	}
	return n
}

// savedWindowSize returns the window size remembered at the last close, or
// windowSize if there is none or it is implausible.
func savedWindowSize(prefs fyne.Preferences) fyne.Size {
	w := prefs.FloatWithFallback(keyWindowWidth, 0)
	h := prefs.FloatWithFallback(keyWindowHeight, 0)
	if w < minSavedWindowSide || h < minSavedWindowSide || w > maxSavedWindowSide || h > maxSavedWindowSide {
		return windowSize
	}
	return fyne.NewSize(float32(w), float32(h))
}

// Bounds of a remembered window side; outside them the default is used.
const (
	minSavedWindowSide = 200
	maxSavedWindowSide = 16384
)

// addShortcuts registers the window-wide keys. The menu items carry the
// same shortcuts, which is what makes them work while an entry has focus;
// these cover a window without a menu bar.
func (mw *mainWindow) addShortcuts() {
	c := mw.win.Canvas()
	c.AddShortcut(shortcutClear, func(fyne.Shortcut) { mw.onClearLog() })
	c.AddShortcut(shortcutSave, func(fyne.Shortcut) { mw.onSaveLog() })
	c.AddShortcut(shortcutQuit, func(fyne.Shortcut) { mw.onQuit() })
}

var (
	shortcutClear = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave  = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutQuit  = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// onQuit closes the window, which ends the app (File > Quit, Ctrl+Q).
func (mw *mainWindow) onQuit() { mw.win.Close() }

// start begins draining events into the log and the status ticker.
func (mw *mainWindow) start() {
	mw.log.Start(mw.events)
	mw.stopTicker = make(chan struct{})
	mw.tickerDone = make(chan struct{})
	go func() {
		defer close(mw.tickerDone)
		t := time.NewTicker(tickInterval)
		defer t.Stop()
		for {
			select {
			case <-mw.stopTicker:
				return
			case <-t.C:
				mw.do(mw.tick)
			}
		}
	}()
}

// tick refreshes the status bar, and the peers list every other time.
func (mw *mainWindow) tick() {
	if mw.closed {
		return
	}
	mw.ticks++
	if mw.ticks%2 == 0 {
		mw.server.refreshPeers()
	}
	mw.syncViewMenu()
	mw.refreshStatus()
}

// refreshStatus shows both panes' states and counters in the status bar.
func (mw *mainWindow) refreshStatus() {
	if mw.status == nil || mw.server == nil || mw.client == nil {
		return
	}
	ss, sok := mw.server.Stats()
	cs, cok := mw.client.Stats()
	mw.status.Set(mw.server.Status(), ss, sok, mw.client.Status(), cs, cok)
}

// shutdown stops everything the window started: the ticker, the server,
// the client and the log. It runs once, when the window closes.
func (mw *mainWindow) shutdown() {
	mw.closeOnce.Do(func() {
		logrus.Debug("main window closing")
		mw.closed = true
		if mw.stopTicker != nil {
			close(mw.stopTicker)
			<-mw.tickerDone
		}
		mw.prefs.SetFloat(keyPaneSplit, mw.paneSplit.Offset)
		mw.prefs.SetFloat(keyLogSplit, mw.logSplit.Offset)
		if s := mw.win.Canvas().Size(); s.Width > 0 && s.Height > 0 {
			mw.prefs.SetFloat(keyWindowWidth, float64(s.Width))
			mw.prefs.SetFloat(keyWindowHeight, float64(s.Height))
		}
		mw.client.Shutdown()
		mw.server.Shutdown()
		mw.log.Stop()
	})
}
