package gui

import (
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/exchange"
	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// The Scenarios view (View > Scenarios...) opens a scenario file
// (sockets/scenario) and runs it: each scenario's steps are listed as the
// file has them, and a run marks each with ✓ or ✗ and its time as it
// ends; the selected step's failure shows below the list, what was
// expected next to what arrived. The run's connections emit into the
// window's event queue, so the log and the sequence diagram show the
// exchange too. "Save session as scenario..." turns the client pane's
// session into a scenario file (scenariosave.go).
//
// It is a window of its own, not a pane or a tab: the steps and the log
// are read side by side, the main window's layout (which must work down
// to 800x560) loses nothing to it, and it can be closed and reopened
// without losing the results (closing only hides it).

// Preference keys of the Scenarios view.
const (
	keyScenarioFile = "scenario.file" // path of the scenario file last opened
	keyScenarioDir  = "scenario.dir"  // folder of the last scenario file opened or saved (a URI)
)

// scenarioViewSize is the Scenarios window's first size.
var scenarioViewSize = fyne.NewSize(640, 480)

// stepState is where a listed step is in a run.
type stepState int

const (
	stepPending stepState = iota
	stepRunning
	stepPassed
	stepFailed
	stepSkipped
)

// scenarioRow is a row of the list: a scenario's heading, or one of its
// steps (the connection first, as step 0).
type scenarioRow struct {
	heading  bool
	sc       int // the scenario's index in the file
	step     int // StepResult.Index
	text     string
	state    stepState
	result   scenario.StepResult // once it ended
	finished bool                // the heading's scenario ran to its end
}

// scenarioView is the Scenarios window.
type scenarioView struct {
	mw   *mainWindow
	win  fyne.Window
	path string // the scenario file; "" before one is opened

	scenarios []*scenario.Scenario
	rows      []scenarioRow
	loadErr   error // why the file did not read, if it did not

	openBtn    *widgets.PlainButton
	runBtn     *widgets.PlainButton
	stopBtn    *widgets.PlainButton
	saveBtn    *widgets.PlainButton
	fileLabel  *widget.Label
	summary    *widget.Label
	list       *widget.List
	detail     *widget.Label
	detailText string
	selected   int // the selected row, -1 for none

	run *scenarioRun // the run under way, or nil
}

// onScenarios shows the Scenarios window, building it the first time.
func (mw *mainWindow) onScenarios() {
	if mw.scenarios == nil {
		mw.scenarios = newScenarioView(mw)
	}
	mw.scenarios.win.Show()
	mw.scenarios.win.RequestFocus()
}

// newScenarioView builds the Scenarios window, with the file it had last.
func newScenarioView(mw *mainWindow) *scenarioView {
	v := &scenarioView{mw: mw, selected: -1}
	t := mw.texts
	v.win = mw.app.NewWindow(i18n.Tr("scenario.title"))
	t.On(func() { v.win.SetTitle(i18n.Tr("scenario.title")) })
	v.win.SetCloseIntercept(v.onCloseRequest)

	v.openBtn = t.Button("scenario.open", theme.FolderOpenIcon(), v.onOpen)
	v.runBtn = t.Primary("scenario.run", theme.MediaPlayIcon(), v.onRun)
	v.stopBtn = t.Button("scenario.stop", theme.MediaStopIcon(), v.onStop)
	v.saveBtn = t.Button("scenario.saveSession", theme.DocumentSaveIcon(), func() { mw.saveSessionDialog(v.win) })
	v.fileLabel = widgets.TruncatedLabel("")
	v.fileLabel.Importance = widget.LowImportance
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.rows) }, newScenarioRowItem, v.updateRowItem)
	v.list.OnSelected = func(id widget.ListItemID) { v.selected = id; v.showDetail() }
	v.list.OnUnselected = func(widget.ListItemID) { v.selected = -1; v.showDetail() }
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapBreak
	v.detail.Selectable = true
	v.detail.TextStyle.Monospace = true

	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(v.openBtn, v.runBtn, v.stopBtn), v.saveBtn, v.fileLabel),
		v.summary)
	split := container.NewVSplit(v.list, container.NewVScroll(v.detail))
	split.Offset = 0.65
	v.win.SetContent(container.NewBorder(top, nil, nil, nil, split))
	v.win.Resize(mw.fitScreen(scenarioViewSize))
	t.On(v.refresh)

	if path := mw.prefs.String(keyScenarioFile); path != "" {
		v.load(path) // a file gone since shows why, as Open would
	}
	v.refresh()
	return v
}

// onCloseRequest is the window's close button: it hides the window, so
// the results stay for when it is opened again.
func (v *scenarioView) onCloseRequest() { v.win.Hide() }

// load reads the scenario file at path and lists its steps, or says why
// it cannot.
func (v *scenarioView) load(path string) error {
	v.path = path
	v.mw.prefs.SetString(keyScenarioFile, path)
	scs, err := scenario.Load(path)
	v.loadErr = err
	v.setScenarios(scs)
	return err
}

// setScenarios lists scs's steps, none run yet.
func (v *scenarioView) setScenarios(scs []*scenario.Scenario) {
	v.scenarios = scs
	v.rows = v.rows[:0]
	for i, sc := range scs {
		v.rows = append(v.rows, scenarioRow{heading: true, sc: i, text: sc.Name + " · " + sc.URL()})
		v.rows = append(v.rows, scenarioRow{sc: i, text: "connect " + sc.URL()})
		for j, st := range sc.Steps {
			v.rows = append(v.rows, scenarioRow{sc: i, step: j + 1, text: st.Text})
		}
	}
	v.selected = -1
	v.list.UnselectAll()
	v.refresh()
}

// refresh shows the file, the summary, the list and the detail as they
// are now.
func (v *scenarioView) refresh() {
	running := v.run != nil
	widgets.SetEnabled(v.openBtn, !running)
	widgets.SetEnabled(v.runBtn, !running && v.path != "")
	widgets.SetEnabled(v.stopBtn, running)
	widgets.SetEnabled(v.saveBtn, !running)
	file := i18n.Tr("scenario.noFile")
	if v.path != "" {
		file = v.path
	}
	panes.SetText(v.fileLabel, file)
	text, imp := v.summaryText()
	if v.summary.Importance != imp {
		v.summary.Importance = imp
		v.summary.Refresh()
	}
	panes.SetText(v.summary, text)
	v.list.Refresh()
	v.showDetail()
}

// summaryText says what the view holds: how to start, why the file does
// not read, the run under way, or how the last run went.
func (v *scenarioView) summaryText() (string, widget.Importance) {
	if v.loadErr != nil {
		return panes.RulesErrorText(v.loadErr), widget.DangerImportance
	}
	if v.path == "" {
		return i18n.Tr("scenario.hint"), widget.LowImportance
	}
	steps := 0
	for _, sc := range v.scenarios {
		steps += len(sc.Steps)
	}
	passed, failed := 0, 0
	for _, r := range v.rows {
		if r.heading && r.finished {
			if v.scenarioPassed(r.sc) {
				passed++
			} else {
				failed++
			}
		}
	}
	switch {
	case v.run != nil:
		return i18n.Trn("scenario.running", len(v.scenarios), i18n.Args{"Done": passed + failed}), widget.MediumImportance
	case passed+failed == 0:
		return i18n.Trn("scenario.loaded", len(v.scenarios), i18n.Args{"Steps": steps}), widget.LowImportance
	case failed > 0:
		return i18n.Trf("scenario.resultFailed", i18n.Args{"Passed": passed, "Failed": failed, "Time": msText(v.lastElapsed())}),
			widget.DangerImportance
	}
	return i18n.Trf("scenario.resultPassed", i18n.Args{"Passed": passed, "Time": msText(v.lastElapsed())}), widget.SuccessImportance
}

// scenarioPassed reports whether every step of scenario i passed.
func (v *scenarioView) scenarioPassed(i int) bool {
	for _, r := range v.rows {
		if !r.heading && r.sc == i && r.state != stepPassed {
			return false
		}
	}
	return true
}

// lastElapsed is how long the steps of the last run took, together.
func (v *scenarioView) lastElapsed() (d time.Duration) {
	for _, r := range v.rows {
		if !r.heading && (r.state == stepPassed || r.state == stepFailed) {
			d += r.result.Elapsed
		}
	}
	return d
}

// newScenarioRowItem builds a list row: the mark, the step and its time.
func newScenarioRowItem() fyne.CanvasObject {
	mark := widget.NewLabel("")
	mark.Alignment = fyne.TextAlignCenter
	text := widgets.TruncatedLabel("")
	elapsed := widget.NewLabel("")
	elapsed.Alignment = fyne.TextAlignTrailing
	// The mark's column is as wide for every mark, so the steps line up.
	markWidth := widgets.TextWidth("✓✓") + 2*theme.InnerPadding()
	return container.NewBorder(nil, nil, container.New(&widgets.MinSizeLayout{Min: fyne.NewSize(markWidth, 0)}, mark),
		elapsed, text)
}

// updateRowItem shows row id in item.
func (v *scenarioView) updateRowItem(id widget.ListItemID, item fyne.CanvasObject) {
	if id >= len(v.rows) {
		return
	}
	r := v.rows[id]
	c := item.(*fyne.Container)
	text := c.Objects[0].(*widget.Label)
	mark := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	elapsed := c.Objects[2].(*widget.Label)
	m, imp, when := v.rowLook(r)
	mark.Importance = imp
	panes.SetText(mark, m)
	mark.Refresh()
	style := fyne.TextStyle{Bold: r.heading}
	if text.TextStyle != style {
		text.TextStyle = style
		text.Refresh()
	}
	panes.SetText(text, r.text)
	panes.SetText(elapsed, when)
}

// rowLook is how a row shows its state: its mark, the mark's colour and
// its time.
func (v *scenarioView) rowLook(r scenarioRow) (mark string, imp widget.Importance, when string) {
	if r.heading {
		switch {
		case !r.finished:
			return "", widget.MediumImportance, ""
		case v.scenarioPassed(r.sc):
			return scenario.Passed.Mark(), widget.SuccessImportance, i18n.Tr("scenario.passed")
		}
		return scenario.Failed.Mark(), widget.DangerImportance, i18n.Tr("scenario.failed")
	}
	switch r.state {
	case stepRunning:
		return "…", widget.HighImportance, ""
	case stepPassed:
		return scenario.Passed.Mark(), widget.SuccessImportance, msText(r.result.Elapsed)
	case stepFailed:
		return scenario.Failed.Mark(), widget.DangerImportance, msText(r.result.Elapsed)
	case stepSkipped:
		return scenario.Skipped.Mark(), widget.LowImportance, i18n.Tr("scenario.skipped")
	}
	return "·", widget.LowImportance, ""
}

// showDetail shows the selected row in full below the list: a failure's
// reason and difference, or where the step is in the file.
func (v *scenarioView) showDetail() {
	text := ""
	if v.selected >= 0 && v.selected < len(v.rows) {
		text = v.rowDetail(v.rows[v.selected])
	}
	if text != v.detailText {
		v.detailText = text
		v.detail.SetText(text)
	}
}

// rowDetail renders a row for the detail area.
func (v *scenarioView) rowDetail(r scenarioRow) string {
	sc := v.scenarios[r.sc]
	where := filepath.Base(sc.File)
	if r.heading {
		return i18n.Trf("scenario.detailScenario", i18n.Args{"Name": sc.Name, "URL": sc.URL(), "File": where, "Line": sc.Line})
	}
	line := sc.Line
	if r.step > 0 {
		line = sc.Steps[r.step-1].Line
	}
	head := r.text + "\n" + i18n.Trf("scenario.detailAt", i18n.Args{"File": where, "Line": line})
	switch r.state {
	case stepFailed:
		if f := r.result.Failure; f != nil {
			return head + "\n\n" + failureText(f)
		}
	case stepPassed:
		return head + "\n" + i18n.Trf("scenario.detailPassed", i18n.Args{"Time": msText(r.result.Elapsed)})
	}
	return head
}

// rowOf returns the index of the row of scenario sc's step (0 for the
// connection), or -1.
func (v *scenarioView) rowOf(sc, step int) int {
	for i, r := range v.rows {
		if !r.heading && r.sc == sc && r.step == step {
			return i
		}
	}
	return -1
}

// msText renders a step's time in milliseconds, to the microsecond:
// "0.213 ms".
func msText(d time.Duration) string { return exchange.ReplyMS(d) + " " + i18n.Tr("unit.ms") }

// scenarioFileName is the file name offered when no scenario file was
// opened yet.
const scenarioFileName = "scenario.yaml"

// onOpen asks for a scenario file and lists its steps. A file with a
// mistake opens too, the mistake in the summary with its place; one that
// cannot be read keeps the dialog open, saying why.
func (v *scenarioView) onOpen() {
	name := scenarioFileName
	if v.path != "" {
		name = filepath.Base(v.path)
	}
	widgets.ShowPathDialog(v.win, v.mw.prefs, widgets.PathDialogSpec{
		TitleKey: "scenario.openTitle",
		FileName: name,
		About:    i18n.Tr("scenario.openAbout"),
		DirKey:   keyScenarioDir,
		Read: func(path string) (string, error) {
			if _, err := os.Stat(path); err != nil {
				return "", err
			}
			v.load(path)
			return "", nil
		},
	})
}
