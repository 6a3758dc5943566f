package gui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/scenarios"
	"github.com/sockettester/sockettester/gui/seqdiagram"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// Window geometry.
const (
	// tickInterval paces the status bar; the peers list refreshes every
	// other tick.
	tickInterval = 250 * time.Millisecond
)

// windowSize is the first window size, until the user resizes it; the
// window works down to 800x560.
var windowSize = fyne.NewSize(1100, 720)

// mainWindow is the app's only window: the server and client panes side
// by side (or as tabs in a small window), the exchange below them, which
// is the log beside the sequence diagram, and the status bar at the
// bottom.
type mainWindow struct {
	app    fyne.App
	win    fyne.Window
	prefs  fyne.Preferences
	do     widgets.UIRunner
	events *sockets.EventQueue
	texts  *widgets.Texts

	server  *panes.ServerPane
	client  *panes.ClientPane // the client tab shown
	clients *clientTabs
	log     *logview.LogView
	status  *statusBar

	deck       *panes.Deck
	paneScroll *container.Scroll // the panes, which scroll when the window is short for them
	room       *fyne.Container   // the window's content: panes, exchange, status bar
	exchange   *fyne.Container
	seq        *seqdiagram.SeqView
	seqSplit   *container.Split

	menu    *fyne.MainMenu
	view    viewMenu
	present presentation

	scenarios *scenarios.View // once opened

	panel       *panes.Panel
	panelView   *panes.PanelView // above the log
	exchangeTop *fyne.Container  // the panel and the log's toolbar
	panelWin    *panelWindow     // while open

	baseTheme fyne.Theme // the theme zoom scales
	zoom      float32
	// unzoomedSize is the window's size before it was zoomed in or out,
	// which Reset zoom gives back.
	unzoomedSize  fyne.Size
	unzoomedSplit float64 // the divider's offset then
	screen        ScreenSize

	quitDelay  time.Duration // see onQuit
	ticks      int
	trim       idleTrim
	trimC      func() // gives the C allocator's free memory back, if set
	stopTicker chan struct{}
	tickerDone chan struct{}
	closed     bool
	closeOnce  sync.Once

	ticker *statusTicker // see idletick.go
	// peersShown is when a peer's coming or going last updated the
	// clients at once; peersPending, that one waits for the next tick.
	peersShown   time.Time
	peersPending bool
	clock        func() time.Time
}

// ScreenSize reports the size of the screen the window opens on, in
// pixels, if the driver can tell; main.go asks the desktop driver's
// library, which gui must not import.
type ScreenSize func() (width, height int, ok bool)

// Option changes how Run builds the window.
type Option func(*mainWindow)

// WithMemoryTrim gives the window a function that returns the C
// allocator's free memory to the system (glibc's malloc_trim), which it
// calls when it idles: the OpenGL driver frees a flood's text textures
// there. gui has no cgo; main.go supplies it.
func WithMemoryTrim(f func()) Option { return func(mw *mainWindow) { mw.trimC = f } }

// WithScreen lets the window know the screen's size, so it never opens
// larger than the screen.
func WithScreen(s ScreenSize) Option { return func(mw *mainWindow) { mw.screen = s } }

// Run builds the main window, starts its background refreshes and runs the
// app until the window closes.
func Run(a fyne.App, opts ...Option) {
	mw := newMainWindow(a, opts...)
	mw.start()
	a.Run()
}

// newMainWindow shows the main window, built with the last settings.
func newMainWindow(a fyne.App, opts ...Option) *mainWindow {
	fonts := make(chan struct{})
	go func() {
		defer close(fonts)
		loadFonts()
	}()
	win := a.NewWindow(i18n.Tr("app.name"))
	win.Resize(savedWindowSize(a.Preferences())) // before Show creates it
	win.Show()
	<-fonts
	return buildMainWindow(a, win, widgets.FyneDo, opts...)
}

// loadFonts has Fyne load the one text style the window uses, regular
// (see plainButton), so that building it finds it cached.
func loadFonts() {
	fyne.MeasureText("Socket Tester", theme.TextSize(), fyne.TextStyle{})
}

// buildMainWindow builds the window's content into win, with do running UI
// updates from goroutines.
func buildMainWindow(a fyne.App, win fyne.Window, do widgets.UIRunner, opts ...Option) *mainWindow {
	mw := &mainWindow{
		quitDelay: quitDelay,
		app:       a,
		win:       win,
		prefs:     a.Preferences(),
		do:        do,
		events:    sockets.NewEventQueue(logview.EventQueueSize),
		texts:     &widgets.Texts{},
		clock:     time.Now,
	}
	for _, o := range opts {
		o(mw)
	}
	i18n.SetupLanguage(mw.prefs)
	mw.baseTheme = a.Settings().Theme()
	if z, ok := mw.baseTheme.(zoomTheme); ok {
		mw.baseTheme = z.Theme
	}
	mw.applyZoom(savedZoom(mw.prefs))
	mw.texts.On(func() { win.SetTitle(i18n.Tr("app.name")) })

	mw.log = logview.NewLogView(win, mw.prefs, do) // restores Text/Hex and Follow itself
	mw.log.SetLimit(logLimit(mw.prefs))

	env := panes.Env{App: a, Win: win, Prefs: mw.prefs, Events: mw.events, Do: do, Texts: mw.texts}
	mw.server = panes.NewServerPane(env)
	mw.status = newStatusBar()
	mw.clients = newClientTabs(mw, env)
	mw.server.OnChange = mw.refreshStatus
	mw.wireScripts()
	mw.setupPanel()

	mw.deck = panes.NewDeck(mw.texts)
	mw.deck.AddPane(mw.server.Frame, "server.title")
	mw.deck.AddPaneIn(mw.client.Frame, "client.title", mw.clients.slot)
	mw.clients.refresh()
	mw.seq = seqdiagram.NewSeqView(mw.log, mw.texts)
	mw.watchLog()
	mw.seqSplit = container.NewHSplit(mw.log.Body(), mw.seq.Object())
	mw.seqSplit.Offset = mw.prefs.FloatWithFallback(keySeqSplit, defaultSeqSplit)
	mw.exchange = container.NewBorder(mw.exchangeHead(), nil, nil, nil)
	// Beside the log unless the user said otherwise, or the window is too
	// narrow for both to read well.
	mw.showDiagram(mw.prefs.BoolWithFallback(logview.KeySeqShown, savedWindowSize(mw.prefs).Width >= diagramMinWindow))
	mw.paneScroll = container.NewScroll(mw.deck.Object())
	mw.room = container.New(&roomLayout{deck: mw.deck, log: mw.log, zoomed: func() bool { return mw.zoom > 1 }, titleRow: mw.paneTitleRow, head: mw.exchangeHead()}, mw.paneScroll, mw.exchange, mw.status.Object())
	win.SetContent(mw.room)
	mw.refreshStatus()

	mw.setMenu()
	mw.addShortcuts()
	win.Resize(mw.fitScreen(savedWindowSize(mw.prefs)))
	win.SetMaster()
	win.SetOnClosed(mw.shutdown)
	// The demo's first step has the focus, in sight when the panes are
	// tabs: Enter runs it, Tab moves on.
	mw.deck.Show(clientDeckIndex)
	win.Canvas().Focus(mw.client.UseServer)
	return mw
}

// diagramMinWindow is the window width from which the diagram shows
// beside the log by default.
const diagramMinWindow = 1000

// defaultSeqSplit is how much of the exchange's width the log takes
// beside the diagram, until the user moves the divider.
const defaultSeqSplit = 0.64

// showDiagram shows the sequence diagram beside the log (on), or the log alone.
func (mw *mainWindow) showDiagram(on bool) {
	body := mw.log.Body()
	if on {
		mw.seqSplit.Leading = body
		body = mw.seqSplit
	} else {
		// The log's body must have one parent at a time.
		mw.seqSplit.Leading = layout.NewSpacer()
	}
	// The toolbar first: Tab follows the screen.
	mw.exchange.Objects = []fyne.CanvasObject{mw.exchangeHead(), body}
	mw.exchange.Refresh()
}

// paneTitleRow is the height of the panes' title rows as last laid out:
// their state labels fill them.
func (mw *mainWindow) paneTitleRow() float32 {
	h := mw.server.Frame.State.Size().Height
	if mw.client != nil {
		h = max(h, mw.client.Frame.State.Size().Height)
	}
	return h
}

func (mw *mainWindow) diagramShown() bool { return mw.exchange.Objects[1] == mw.seqSplit }

// logLimit reads the log bound preference; the default if missing or bad.
func logLimit(prefs fyne.Preferences) int {
	n := prefs.IntWithFallback(logview.KeyLogLimit, logview.DefaultLogLimit)
	if n < minLogLimit || n > maxLogLimit {
		return logview.DefaultLogLimit
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

// fitScreen shrinks s, if need be, to fit the screen at the window's
// scale (FYNE_SCALE, the monitor's), so the window never opens larger
// than the screen. It keeps s when the screen's size is unknown.
func (mw *mainWindow) fitScreen(s fyne.Size) fyne.Size {
	if mw.screen == nil {
		return s
	}
	w, h, ok := mw.screen()
	scale := mw.win.Canvas().Scale()
	if !ok || w <= 0 || h <= 0 || scale <= 0 {
		return s
	}
	return fitSize(s, float32(w)/scale, float32(h)/scale)
}

func fitSize(s fyne.Size, w, h float32) fyne.Size {
	return fyne.NewSize(min(s.Width, w), min(s.Height, h))
}

func (mw *mainWindow) addShortcuts() {
	c := mw.win.Canvas()
	c.AddShortcut(shortcutClear, func(fyne.Shortcut) { mw.onClearLog() })
	c.AddShortcut(shortcutSave, func(fyne.Shortcut) { mw.onSaveLog() })
	c.AddShortcut(shortcutQuit, func(fyne.Shortcut) { mw.onQuit() })
	c.AddShortcut(shortcutZoomIn, func(fyne.Shortcut) { mw.onZoomIn() })
	c.AddShortcut(shortcutZoomInPlus, func(fyne.Shortcut) { mw.onZoomIn() })
	c.AddShortcut(shortcutZoomInSh, func(fyne.Shortcut) { mw.onZoomIn() })
	c.AddShortcut(shortcutZoomOut, func(fyne.Shortcut) { mw.onZoomOut() })
	c.AddShortcut(shortcutZoomReset, func(fyne.Shortcut) { mw.onZoomReset() })
	c.AddShortcut(shortcutPanelWindow, func(fyne.Shortcut) { mw.onPanelWindow() })
	mw.addPanelShortcuts(c, mw.win)
	c.SetOnTypedKey(mw.onTypedKey)
}

var (
	shortcutClear = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave  = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutQuit  = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// onQuit closes the window, which ends the app (File > Quit, Ctrl+Q), a
// moment after the key or click that asked: Fyne 2.7 hands input events to
// the UI goroutine from a queue of its own, and one still on its way when
// the main loop ends (the key's release) waits for it forever, so the app
// never exits. quitDelay lets it arrive first.
func (mw *mainWindow) onQuit() {
	if mw.quitDelay <= 0 {
		mw.win.Close()
		return
	}
	time.AfterFunc(mw.quitDelay, func() { mw.do(mw.win.Close) })
}

// quitDelay is how long Quit waits for the input events in flight.
const quitDelay = 200 * time.Millisecond

// start begins draining events into the log and the status ticker.
func (mw *mainWindow) start() {
	mw.log.Start(mw.events)
	mw.stopTicker = make(chan struct{})
	mw.tickerDone = make(chan struct{})
	mw.ticker = newStatusTicker()
	go mw.ticker.run(func() { mw.do(mw.tick) }, mw.stopTicker, mw.tickerDone)
}

// tick refreshes the status bar, and the peers list every other time.
func (mw *mainWindow) tick() {
	if mw.closed {
		return
	}
	mw.ticks++
	// Counters and clients once a second: under a flood every new text
	// drawn is a texture Fyne keeps for a minute, and the counters change
	// at every tick.
	// peersShown is left to the batches (peersChanged): set here, a
	// batch coming less than peersEvery after the tick held its peers
	// back to the next tick, and under steady traffic every tick then drew
	// a frame of its own.
	if mw.ticks%countTicks == 0 || mw.peersPending {
		mw.peersPending = false
		mw.server.RefreshPeers()
		mw.clients.refreshCounters()
		mw.refreshStatus()
	}
	mw.syncViewMenu()
	if mw.present.on {
		mw.present.strip.Sync()
	}
	mw.status.tick()
	switch mw.trim.due(mw.ticks, mw.log.Model.Counts().Total) {
	case trimFrame:
		// Fyne frees a text's texture a minute after it was last drawn,
		// but only while drawing a frame, and an idle window draws none.
		mw.drawFrame()
	case trimMemory:
		mw.log.Drain.Trim()
		go mw.giveBackMemory()
	}
	mw.settle()
}

// countTicks is how many status ticks (tickInterval) pass between updates
// of the counters and the clients list: 1 s.
const countTicks = 4

func (mw *mainWindow) refreshStatus() {
	if mw.status == nil || mw.server == nil || mw.clients == nil || mw.closed {
		return
	}
	ss, sok := mw.server.Stats()
	cs, replies, rok := mw.clients.counts()
	mw.status.clients = len(mw.clients.panes)
	if mw.panel != nil {
		mw.panel.Sync()
	}
	mw.status.Set(panes.Counts{Network: mw.server.Protocol.Value(), OK: sok, Stats: ss}, len(mw.server.Peers), cs, replies, rok)
}

// showMessage tells the user, in the status bar, what the app did for them.
func (mw *mainWindow) showMessage(msg string) {
	mw.status.ShowMessage(msg)
	mw.wakeTicker()
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
		split := mw.seqSplit.Offset
		if !mw.unzoomedSize.IsZero() {
			split = mw.unzoomedSplit // the user's, not the zoom's
		}
		if mw.present.on {
			split = mw.present.splitBefore
		}
		mw.prefs.SetFloat(keySeqSplit, split)
		if s := mw.win.Canvas().Size(); s.Width > 0 && s.Height > 0 {
			mw.prefs.SetFloat(keyWindowWidth, float64(s.Width))
			mw.prefs.SetFloat(keyWindowHeight, float64(s.Height))
		}
		mw.closeScripts()
		mw.closePanel()
		mw.clients.shutdown()
		mw.server.Shutdown()
		mw.log.Close()
	})
}
