package panes

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// Env is what every pane is built with: the app and its window, the
// preferences it remembers its fields in, the event queue its engine
// emits into, the runner for UI updates from goroutines, and the window's
// texts, which View > Language re-applies.
type Env struct {
	App    fyne.App
	Win    fyne.Window
	Prefs  fyne.Preferences
	Events *sockets.EventQueue
	Do     widgets.UIRunner
	Texts  *widgets.Texts
}

// paneFrame is the frame every pane is laid out in, so that a pane can
// grow without crowding the log:
//
//	[Title]  state or why an action is off  [actions...] [Advanced]
//	advanced sections (folded away until Advanced is pressed)
//	section
//	section
//	...
type paneFrame struct {
	Title *widget.Label
	// titleSlot shows the title, or the deck's tabs when the panes are tabs.
	titleSlot *fyne.Container
	lead      *fyne.Container // the title slot and what follows it (addLead)
	tabs      fyne.CanvasObject
	State     *widget.Label // the pane's state, or why its action is off
	actions   *fyne.Container
	sections  *fyne.Container
	Advanced  *fyne.Container
	advBtn    *widgets.PlainButton
	root      fyne.CanvasObject
}

// newPaneFrame builds an empty frame titled by titleKey's text, actions right.
func newPaneFrame(t *widgets.Texts, titleKey string, actions ...fyne.CanvasObject) *paneFrame {
	f := &paneFrame{
		Title:    t.Heading(titleKey),
		State:    widgets.TruncatedLabel(""),
		actions:  container.NewHBox(actions...),
		sections: container.NewVBox(),
		Advanced: container.NewVBox(),
	}
	f.State.Importance = widget.LowImportance
	f.advBtn = t.Button("pane.advanced", theme.MenuExpandIcon(), f.toggleAdvanced)
	f.advBtn.Importance = widget.LowImportance
	f.advBtn.Hide()
	f.Advanced.Hide()
	f.titleSlot = container.NewStack(f.Title)
	f.lead = container.NewHBox(f.titleSlot)
	titleRow := widgets.NewRow(f.lead, f.State, container.NewHBox(f.actions, f.advBtn))
	f.root = container.NewVBox(titleRow, f.Advanced, f.sections)
	return f
}

// AddLead puts o after the title (the client tabs' strip).
func (f *paneFrame) AddLead(o fyne.CanvasObject) { f.lead.Add(o) }

// addSection appends a section (a row, or a block of rows) to the pane.
func (f *paneFrame) addSection(o fyne.CanvasObject) { f.sections.Add(o) }

func (f *paneFrame) addAdvanced(o fyne.CanvasObject) {
	f.Advanced.Add(o)
	f.advBtn.Show()
}

func (f *paneFrame) toggleAdvanced() { f.SetAdvanced(!f.Advanced.Visible()) }

// SetAdvanced opens (on) or closes the Advanced fold.
func (f *paneFrame) SetAdvanced(on bool) {
	widgets.SetVisible(f.Advanced, on)
	if on {
		f.advBtn.SetIcon(theme.MenuDropUpIcon())
	} else {
		f.advBtn.SetIcon(theme.MenuExpandIcon())
	}
}

// setState shows the pane's state, or why its action is off, in the title row.
func (f *paneFrame) setState(s string) { logview.SetLabelText(f.State, s) }

// showTabs shows the deck's tabs in place of the title (on), or the title.
func (f *paneFrame) showTabs(on bool) {
	if f.putTabs(on) {
		f.titleSlot.Refresh()
	}
}

// putTabs puts the deck's tabs (on) or the title in the title slot without
// redrawing it, and reports whether that changed it.
func (f *paneFrame) putTabs(on bool) bool {
	o := fyne.CanvasObject(f.Title)
	if on && f.tabs != nil {
		o = f.tabs
	}
	if f.titleSlot.Objects[0] == o {
		return false
	}
	f.titleSlot.Objects[0] = o
	return true
}

// Object returns the frame's root object.
func (f *paneFrame) Object() fyne.CanvasObject { return f.root }
