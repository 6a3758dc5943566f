package scenarios

import (
	"image/color"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// The Scenarios view is a window of its own, not a pane or a tab: the steps
// and the log are read side by side, the main window (down to 800x560) loses
// nothing to it, and closing only hides it, keeping the results.

// Preference keys of the Scenarios view.
const (
	keyScenarioFile = "scenario.file" // path of the scenario file last opened
	KeyScenarioDir  = "scenario.dir"  // folder of the last scenario file opened or saved (a URI)
)

// ViewSize is the Scenarios window's first size: room for 14 rows of
// 80 characters.
func ViewSize() fyne.Size { return widgets.TextBlockSize(80, 14) }

type stepState int

const (
	stepPending stepState = iota
	StepRunning
	StepPassed
	stepFailed
	stepSkipped
)

// scenarioRow is a row of the list: a scenario's heading, or one of its
// steps (the connection first, as step 0).
type scenarioRow struct {
	Heading  bool
	sc       int // the scenario's index in the file
	step     int // StepResult.Index
	Text     string
	State    stepState
	Result   scenario.StepResult // once it ended
	finished bool                // the heading's scenario ran to its end
}

// Host is what the Scenarios window needs of the main window.
type Host struct {
	App         fyne.App
	Prefs       fyne.Preferences
	Texts       *widgets.Texts      // the main window's, so View > Language reaches this one too
	Do          widgets.UIRunner    // runs a change to a widget on the UI goroutine
	Events      *sockets.EventQueue // where a run's connections send their events
	FitScreen   func(fyne.Size) fyne.Size
	SaveSession func(parent fyne.Window) // the "Save session as scenario" dialog
}

// View is the Scenarios window.
type View struct {
	host Host
	Win  fyne.Window
	Path string // the scenario file; "" before one is opened

	scenarios []*scenario.Scenario
	Rows      []scenarioRow
	loadErr   error // why the file did not read, if it did not

	OpenBtn    *widgets.PlainButton
	RunBtn     *widgets.PlainButton
	StopBtn    *widgets.PlainButton
	SaveBtn    *widgets.PlainButton
	fileLabel  *widget.Label
	Summary    *widget.Label
	List       *widget.List
	Detail     *widget.Label
	detailText string
	Selected   int // the selected row, -1 for none

	Run *scenarioRun // the run under way, or nil
}

// New builds the Scenarios window, with the file it had last.
func New(host Host) *View {
	v := &View{host: host, Selected: -1}
	t := host.Texts
	v.Win = host.App.NewWindow(i18n.Tr("scenario.title"))
	t.On(func() { v.Win.SetTitle(i18n.Tr("scenario.title")) })
	v.Win.SetCloseIntercept(v.OnCloseRequest)

	v.OpenBtn = t.Button("scenario.open", theme.FolderOpenIcon(), v.onOpen)
	v.RunBtn = t.Primary("scenario.run", theme.MediaPlayIcon(), v.onRun)
	v.StopBtn = t.Button("scenario.stop", theme.MediaStopIcon(), v.onStop)
	v.SaveBtn = t.Button("scenario.saveSession", theme.DocumentSaveIcon(), func() { host.SaveSession(v.Win) })
	v.fileLabel = widgets.TruncatedLabel("")
	v.fileLabel.Importance = widget.LowImportance
	v.Summary = widget.NewLabel("")
	v.Summary.Wrapping = fyne.TextWrapWord
	v.List = widget.NewList(func() int { return len(v.Rows) }, newScenarioRowItem, v.updateRowItem)
	v.List.OnSelected = func(id widget.ListItemID) { v.Selected = id; v.showDetail() }
	v.List.OnUnselected = func(widget.ListItemID) { v.Selected = -1; v.showDetail() }
	v.Detail = widget.NewLabel("")
	v.Detail.Wrapping = fyne.TextWrapBreak
	v.Detail.Selectable = true
	v.Detail.TextStyle.Monospace = true

	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(v.OpenBtn, v.RunBtn, v.StopBtn), v.SaveBtn, v.fileLabel),
		v.Summary)
	split := container.NewVSplit(v.List, container.NewVScroll(v.Detail))
	split.Offset = 0.65
	v.Win.SetContent(container.NewBorder(top, nil, nil, nil, split))
	v.Win.Resize(host.FitScreen(ViewSize()))
	t.On(v.refresh)

	if path := host.Prefs.String(keyScenarioFile); path != "" {
		v.Load(path) // a file gone since shows why, as Open would
	}
	v.refresh()
	return v
}

// OnCloseRequest is the window's close button: it hides the window, so
// the results stay for when it is opened again.
func (v *View) OnCloseRequest() { v.Win.Hide() }

// Load reads the scenario file at path and lists its steps, or says why
// it cannot.
func (v *View) Load(path string) error {
	v.Path = path
	v.host.Prefs.SetString(keyScenarioFile, path)
	scs, err := scenario.Load(path)
	v.loadErr = err
	v.setScenarios(scs)
	return err
}

func (v *View) setScenarios(scs []*scenario.Scenario) {
	v.scenarios = scs
	v.Rows = v.Rows[:0]
	for i, sc := range scs {
		v.Rows = append(v.Rows, scenarioRow{Heading: true, sc: i, Text: sc.Name + " · " + sc.URL()})
		v.Rows = append(v.Rows, scenarioRow{sc: i, Text: "connect " + sc.URL()})
		for j, st := range sc.Steps {
			v.Rows = append(v.Rows, scenarioRow{sc: i, step: j + 1, Text: st.Text})
		}
	}
	v.Selected = -1
	v.List.UnselectAll()
	v.refresh()
}

// refresh shows the file, the summary, the list and the detail as they are now.
func (v *View) refresh() {
	running := v.Run != nil
	widgets.SetEnabled(v.OpenBtn, !running)
	widgets.SetEnabled(v.RunBtn, !running && v.Path != "")
	widgets.SetEnabled(v.StopBtn, running)
	widgets.SetEnabled(v.SaveBtn, !running)
	file := i18n.Tr("scenario.noFile")
	if v.Path != "" {
		file = v.Path
	}
	panes.SetText(v.fileLabel, file)
	text, imp := v.summaryText()
	if v.Summary.Importance != imp {
		v.Summary.Importance = imp
		v.Summary.Refresh()
	}
	panes.SetText(v.Summary, text)
	v.List.Refresh()
	v.showDetail()
}

// summaryText says what the view holds: how to start, why the file does
// not read, the run under way, or how the last run went.
func (v *View) summaryText() (string, widget.Importance) {
	if v.loadErr != nil {
		return panes.RulesErrorText(v.loadErr), widget.DangerImportance
	}
	if v.Path == "" {
		return i18n.Tr("scenario.hint"), widget.LowImportance
	}
	steps := 0
	for _, sc := range v.scenarios {
		steps += len(sc.Steps)
	}
	passed, failed := 0, 0
	for _, r := range v.Rows {
		if r.Heading && r.finished {
			if v.scenarioPassed(r.sc) {
				passed++
			} else {
				failed++
			}
		}
	}
	switch {
	case v.Run != nil:
		return i18n.Trn("scenario.running", len(v.scenarios), i18n.Args{"Done": passed + failed}), widget.MediumImportance
	case passed+failed == 0:
		return i18n.Trn("scenario.loaded", len(v.scenarios), i18n.Args{"Steps": steps}), widget.LowImportance
	case failed > 0:
		return i18n.Trf("scenario.resultFailed", i18n.Args{"Passed": passed, "Failed": failed, "Time": msText(v.lastElapsed())}),
			widget.DangerImportance
	}
	return i18n.Trf("scenario.resultPassed", i18n.Args{"Passed": passed, "Time": msText(v.lastElapsed())}), widget.SuccessImportance
}

func (v *View) scenarioPassed(i int) bool {
	for _, r := range v.Rows {
		if !r.Heading && r.sc == i && r.State != StepPassed {
			return false
		}
	}
	return true
}

// lastElapsed is how long the steps of the last run took, together.
func (v *View) lastElapsed() (d time.Duration) {
	for _, r := range v.Rows {
		if !r.Heading && (r.State == StepPassed || r.State == stepFailed) {
			d += r.Result.Elapsed
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
	strut := canvas.NewRectangle(color.Transparent)
	strut.SetMinSize(fyne.NewSize(widgets.TextWidth("✓✓")+2*theme.InnerPadding(), 0))
	return container.NewBorder(nil, nil, container.NewStack(mark, strut), elapsed, text)
}

func (v *View) updateRowItem(id widget.ListItemID, item fyne.CanvasObject) {
	if id >= len(v.Rows) {
		return
	}
	r := v.Rows[id]
	c := item.(*fyne.Container)
	text := c.Objects[0].(*widget.Label)
	mark := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	elapsed := c.Objects[2].(*widget.Label)
	m, imp, when := v.RowLook(r)
	mark.Importance = imp
	panes.SetText(mark, m)
	mark.Refresh()
	style := fyne.TextStyle{Bold: r.Heading}
	if text.TextStyle != style {
		text.TextStyle = style
		text.Refresh()
	}
	panes.SetText(text, r.Text)
	panes.SetText(elapsed, when)
}

// RowLook is how a row shows its state: its mark, the mark's colour and
// its time.
func (v *View) RowLook(r scenarioRow) (mark string, imp widget.Importance, when string) {
	if r.Heading {
		switch {
		case !r.finished:
			return "", widget.MediumImportance, ""
		case v.scenarioPassed(r.sc):
			return scenario.Passed.Mark(), widget.SuccessImportance, i18n.Tr("scenario.passed")
		}
		return scenario.Failed.Mark(), widget.DangerImportance, i18n.Tr("scenario.failed")
	}
	switch r.State {
	case StepRunning:
		return "…", widget.HighImportance, ""
	case StepPassed:
		return scenario.Passed.Mark(), widget.SuccessImportance, msText(r.Result.Elapsed)
	case stepFailed:
		return scenario.Failed.Mark(), widget.DangerImportance, msText(r.Result.Elapsed)
	case stepSkipped:
		return scenario.Skipped.Mark(), widget.LowImportance, i18n.Tr("scenario.skipped")
	}
	return "·", widget.LowImportance, ""
}

// showDetail shows the selected row in full below the list: a failure's
// reason and difference, or where the step is in the file.
func (v *View) showDetail() {
	text := ""
	if v.Selected >= 0 && v.Selected < len(v.Rows) {
		text = v.rowDetail(v.Rows[v.Selected])
	}
	if text != v.detailText {
		v.detailText = text
		v.Detail.SetText(text)
	}
}

func (v *View) rowDetail(r scenarioRow) string {
	sc := v.scenarios[r.sc]
	where := filepath.Base(sc.File)
	if r.Heading {
		return i18n.Trf("scenario.detailScenario", i18n.Args{"Name": sc.Name, "URL": sc.URL(), "File": where, "Line": sc.Line})
	}
	line := sc.Line
	if r.step > 0 {
		line = sc.Steps[r.step-1].Line
	}
	head := r.Text + "\n" + i18n.Trf("scenario.detailAt", i18n.Args{"File": where, "Line": line})
	switch r.State {
	case stepFailed:
		if f := r.Result.Failure; f != nil {
			return head + "\n\n" + FailureText(f)
		}
	case StepPassed:
		return head + "\n" + i18n.Trf("scenario.detailPassed", i18n.Args{"Time": msText(r.Result.Elapsed)})
	}
	return head
}

// rowOf returns the row of scenario sc's step (0: the connection), or -1.
func (v *View) rowOf(sc, step int) int {
	for i, r := range v.Rows {
		if !r.Heading && r.sc == sc && r.step == step {
			return i
		}
	}
	return -1
}

// msText renders a step's time in milliseconds, to the microsecond: "0.213 ms".
func msText(d time.Duration) string { return logview.ReplyMS(d) + " " + i18n.Tr("unit.ms") }

// scenarioFileName is the file name offered before one was opened.
const scenarioFileName = "scenario.yaml"

// onOpen asks for a scenario file and lists its steps.
func (v *View) onOpen() {
	name := scenarioFileName
	if v.Path != "" {
		name = filepath.Base(v.Path)
	}
	widgets.ShowPathDialog(v.Win, v.host.Prefs, widgets.PathDialogSpec{
		TitleKey: "scenario.openTitle",
		FileName: name,
		About:    i18n.Tr("scenario.openAbout"),
		DirKey:   KeyScenarioDir,
		Read: func(path string) (string, error) {
			if _, err := os.Stat(path); err != nil {
				return "", err
			}
			v.Load(path)
			return "", nil
		},
	})
}
