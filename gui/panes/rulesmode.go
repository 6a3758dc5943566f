package panes

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// The rules editor's status line is always there, so the pane does not change
// height as a mistake comes and goes; the editor folds away for a small
// window, and a mistake unfolds it.

// Preference keys of the rules mode.
const (
	KeyServerRules     = "server.rules"     // the rules editor's text, as typed
	keyServerRulesFile = "server.rulesFile" // path of the rules file last loaded or saved
	keyServerRulesDir  = "server.rulesDir"  // folder of that file (a URI), for the next dialog
	KeyServerRulesOpen = "server.rulesOpen" // bool: the editor is unfolded (the default)
)

// RulesStarter is the editor's text until the user has rules of their
// own: the example of the rules format, which answers PING with PONG 1,
// PONG 2...
const RulesStarter = `frame: line          # line: split at \n, the match sees the line without it; raw: each read or datagram
default: echo        # echo | silent | reply: "text"
rules:
  - match: "PING"              # exact; or prefix:, contains:, regex:, hex:
    reply: "PONG {{counter}}\n"
  - regex: "^GET (\\S+)"
    reply: "you asked for {{1}}\n"
    delay: 50ms
  - contains: "BYE"
    reply: "bye\n"
    close: true
`

// rulesFileName is the name offered for a rules file never saved.
const rulesFileName = "rules.yaml"

type rulesEditor struct {
	Env
	Entry   *widget.Entry
	text    *widgets.Field
	Status  *widget.Label // what the rules are, or what is wrong with them and where
	LoadBtn *widgets.PlainButton
	SaveBtn *widgets.PlainButton
	FoldBtn *widgets.PlainButton
	tools   fyne.CanvasObject // Load and Save: the mode's editor beside the choice
	Section fyne.CanvasObject // the editor and its status line: a section of the pane
	Open    bool              // the editor shows (not folded)

	file string     // path of the file last loaded or saved; "" for none
	set  *rules.Set // the text compiled; nil while it has a mistake
	err  error      // the text's mistake

	onChange  func()           // after every change of the text
	OnMessage func(msg string) // tells the user what was loaded or saved (the status bar)
}

// newRulesEditor builds the editor with the text and file it had last.
func newRulesEditor(env Env, onChange func()) *rulesEditor {
	r := &rulesEditor{Env: env, onChange: onChange, file: env.Prefs.String(keyServerRulesFile)}
	r.Entry = widget.NewMultiLineEntry()
	r.Entry.Wrapping = fyne.TextWrapOff
	r.Entry.SetMinRowsVisible(4)
	r.text = widgets.NewField(r.Entry, env.Prefs, KeyServerRules, RulesStarter, r.changed)
	r.Status = widget.NewLabel("")
	r.Status.Wrapping = fyne.TextWrapWord
	r.LoadBtn = env.Texts.Button("rules.load", theme.FolderOpenIcon(), r.onLoad)
	r.SaveBtn = env.Texts.Button("rules.save", theme.DocumentSaveIcon(), r.onSave)
	r.FoldBtn = widgets.NewPlainButton("", theme.MenuDropUpIcon(), r.onFold)
	r.FoldBtn.Importance = widget.LowImportance
	r.tools = container.NewHBox(r.LoadBtn, r.SaveBtn)
	r.Section = container.NewVBox(r.Entry, container.NewBorder(nil, nil, nil, r.FoldBtn, r.Status))
	r.Open = true
	r.Section.Hide()
	r.compile()
	return r
}

func (r *rulesEditor) changed() {
	r.compile()
	r.onChange()
}

// compile compiles the editor's text, keeping the rule set or the mistake.
func (r *rulesEditor) compile() {
	r.set, r.err = rules.Parse(r.fileName(), []byte(r.Entry.Text))
}

// fileName names the text in messages: its file's name, or "untitled".
func (r *rulesEditor) fileName() string {
	if r.file == "" {
		return i18n.Tr("rules.untitled")
	}
	return filepath.Base(r.file)
}

// ruleSet returns the compiled rules, or the text's mistake.
func (r *rulesEditor) ruleSet() (sockets.RuleSet, error) {
	if r.err != nil {
		return nil, r.err
	}
	return r.set, nil
}

// show shows the editor (on, in Rules mode) or hides it, updating its status.
func (r *rulesEditor) show(on bool) {
	if on && !r.Entry.TextStyle.Monospace {
		// Only now: a text style's fonts load the first time it is
		// measured, which costs start-up time in the other modes.
		r.Entry.TextStyle.Monospace = true
		r.Entry.Refresh()
	}
	widgets.SetVisible(r.Section, on)
	r.Open = r.Prefs.BoolWithFallback(KeyServerRulesOpen, true) || r.err != nil
	widgets.SetVisible(r.Entry, r.Open)
	icon := theme.MenuExpandIcon()
	if r.Open {
		icon = theme.MenuDropUpIcon()
	}
	if r.FoldBtn.Icon != icon {
		r.FoldBtn.SetIcon(icon)
	}
	imp := widget.LowImportance
	if r.err != nil {
		imp = widget.DangerImportance
	}
	if r.Status.Importance != imp {
		r.Status.Importance = imp
		r.Status.Refresh()
	}
	SetText(r.Status, r.statusText())
}

// onFold folds the editor away, or back; a mistake keeps it open.
func (r *rulesEditor) onFold() {
	r.Prefs.SetBool(KeyServerRulesOpen, !r.Open)
	r.show(true)
}

// statusText says what the rules are, "rules.yaml: 3 rules, line
// frames", or what is wrong with them.
func (r *rulesEditor) statusText() string {
	if r.err != nil {
		return RulesErrorText(r.err)
	}
	frame := i18n.Tr("rules.frameLine")
	if r.set.Frame == rules.FrameRaw {
		frame = i18n.Tr("rules.frameRaw")
	}
	return i18n.Trn("rules.summary", len(r.set.Rules), i18n.Args{"File": r.fileName(), "Frame": frame})
}

// RulesErrorText renders a rules file's mistake as the engine places it,
// "rules.yaml:4:12: rules[1].regex: missing closing )", with the message
// in the user's language where it is known.
func RulesErrorText(err error) string {
	if e, ok := yamlfile.Position(err); ok {
		local := *e
		local.Msg = i18n.TrMessage(e.Problem)
		return local.Error()
	}
	return i18n.TrError(err)
}

// onLoad puts a chosen rules file in the editor, mistakes and all: they show
// under it, and the server does not start until they are fixed.
func (r *rulesEditor) onLoad() {
	widgets.ShowPathDialog(r.Win, r.Prefs, widgets.PathDialogSpec{
		TitleKey: "rules.loadTitle",
		FileName: r.offeredName(),
		About:    i18n.Tr("rules.loadAbout"),
		DirKey:   keyServerRulesDir,
		Read:     r.load,
		OnSaved:  r.message,
	})
}

const maxRulesFile = 1 << 20

// load reads the rules file at path into the editor.
func (r *rulesEditor) load(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxRulesFile+1))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if len(src) > maxRulesFile {
		return "", errors.New(i18n.Trf("rules.tooBig", i18n.Args{"Max": "1 MiB"}))
	}
	r.setFile(path)
	r.text.Touch()
	r.Entry.SetText(string(src)) // compiles, saves and tells the pane
	r.changed()                  // SetText of the same text changes nothing
	logrus.WithField("path", path).Debug("rules loaded")
	if r.err != nil {
		return i18n.Trf("rules.loadedInvalid", i18n.Args{"Path": path}), nil
	}
	return i18n.Trf("rules.loaded", i18n.Args{"Path": path}), nil
}

// onSave asks where to save the editor's text, as it is.
func (r *rulesEditor) onSave() {
	widgets.ShowPathDialog(r.Win, r.Prefs, widgets.PathDialogSpec{
		TitleKey: "rules.saveTitle",
		FileName: r.offeredName(),
		About:    i18n.Tr("rules.saveAbout"),
		DirKey:   keyServerRulesDir,
		Write: func(path string, w io.Writer) (string, error) {
			if _, err := io.WriteString(w, r.Entry.Text); err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			r.setFile(path)
			r.changed() // the file's name is in the messages
			return i18n.Trf("rules.saved", i18n.Args{"Path": path}), nil
		},
		OnSaved: r.message,
	})
}

// offeredName is the file name a dialog offers: the last file's, or rules.yaml.
func (r *rulesEditor) offeredName() string {
	if r.file != "" {
		return filepath.Base(r.file)
	}
	return rulesFileName
}

func (r *rulesEditor) setFile(path string) {
	r.file = path
	r.Prefs.SetString(keyServerRulesFile, path)
}

func (r *rulesEditor) message(msg string) {
	if r.OnMessage != nil {
		r.OnMessage(msg)
	}
}
