package gui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// This file is the server's Rules mode: automatic replies by a rules file
// (sockets/rules), edited in the pane. Beside the Mode choice sit Load…
// and Save…; below it, while Rules is chosen, the editor itself, compiled
// as it is typed, and under it a line that says what the rules are or, in
// red, their mistake: file:line:column, the key and the message. The text stays
// as typed, and Start is off until it compiles; a running server takes
// every edit that compiles at once (Server.SetRules). The line is always
// there, so the pane does not change height as a mistake comes and goes.
// The editor folds away (the arrow at the end of that line) for a small
// window where the log needs the room; a mistake unfolds it.

// Preference keys of the rules mode.
const (
	keyServerRules     = "server.rules"     // the rules editor's text, as typed
	keyServerRulesFile = "server.rulesFile" // path of the rules file last loaded or saved
	keyServerRulesDir  = "server.rulesDir"  // folder of that file (a URI), for the next dialog
	keyServerRulesOpen = "server.rulesOpen" // bool: the editor is unfolded (the default)
)

// rulesStarter is the editor's text until the user has rules of their
// own: the example of the rules format, which answers PING with PONG 1,
// PONG 2...
const rulesStarter = `frame: line          # line: split at \n, the match sees the line without it; raw: each read or datagram
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

// appModes are the server modes the app offers: the engine's, Rules, which
// needs the rules editor this file adds, Chat with its option (chatmode.go)
// and the app's own Forward to… (relaymode.go).
func appModes() []sockets.Mode {
	return append(slices.Clip(sockets.Modes()), sockets.ModeRules, sockets.ModeChat, sockets.ModeForward)
}

// rulesEditor is the Rules mode's part of the server pane.
type rulesEditor struct {
	paneEnv
	entry   *widget.Entry
	text    *field
	status  *widget.Label // what the rules are, or what is wrong with them and where
	loadBtn *plainButton
	saveBtn *plainButton
	foldBtn *plainButton      // folds the editor away and back
	tools   fyne.CanvasObject // Load and Save: the mode's editor beside the choice
	section fyne.CanvasObject // the editor and its status line: a section of the pane
	open    bool              // the editor shows (not folded)

	file string     // path of the file last loaded or saved; "" for none
	set  *rules.Set // the text compiled; nil while it has a mistake
	err  error      // the text's mistake

	onChange  func()           // after every change of the text
	onMessage func(msg string) // tells the user what was loaded or saved (the status bar)
}

// newRulesEditor builds the editor with the text and file it had last.
func newRulesEditor(env paneEnv, onChange func()) *rulesEditor {
	r := &rulesEditor{paneEnv: env, onChange: onChange, file: env.prefs.String(keyServerRulesFile)}
	r.entry = widget.NewMultiLineEntry()
	r.entry.Wrapping = fyne.TextWrapOff
	r.entry.SetMinRowsVisible(4)
	r.text = newField(r.entry, env.prefs, keyServerRules, rulesStarter, r.changed)
	r.status = widget.NewLabel("")
	r.status.Wrapping = fyne.TextWrapWord
	r.loadBtn = env.texts.button("rules.load", theme.FolderOpenIcon(), r.onLoad)
	r.saveBtn = env.texts.button("rules.save", theme.DocumentSaveIcon(), r.onSave)
	r.foldBtn = newPlainButton("", theme.MenuDropUpIcon(), r.onFold)
	r.foldBtn.Importance = widget.LowImportance
	r.tools = container.NewHBox(r.loadBtn, r.saveBtn)
	r.section = container.NewVBox(r.entry, container.NewBorder(nil, nil, nil, r.foldBtn, r.status))
	r.open = true
	r.section.Hide()
	r.compile()
	return r
}

// changed compiles the new text and tells the pane.
func (r *rulesEditor) changed() {
	r.compile()
	r.onChange()
}

// compile compiles the editor's text, keeping the rule set or the mistake.
func (r *rulesEditor) compile() {
	r.set, r.err = rules.Parse(r.fileName(), []byte(r.entry.Text))
}

// fileName names the text in messages: its file's name, or "untitled".
func (r *rulesEditor) fileName() string {
	if r.file == "" {
		return tr("rules.untitled")
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

// show shows the editor (on, while Rules is the mode) or hides it, and
// brings its status line up to date.
func (r *rulesEditor) show(on bool) {
	if on && !r.entry.TextStyle.Monospace {
		// Only now: a text style's fonts load the first time it is
		// measured, which costs start-up time in the other modes.
		r.entry.TextStyle.Monospace = true
		r.entry.Refresh()
	}
	setVisible(r.section, on)
	r.open = r.prefs.BoolWithFallback(keyServerRulesOpen, true) || r.err != nil
	setVisible(r.entry, r.open)
	icon := theme.MenuExpandIcon()
	if r.open {
		icon = theme.MenuDropUpIcon()
	}
	if r.foldBtn.Icon != icon {
		r.foldBtn.SetIcon(icon)
	}
	imp := widget.LowImportance
	if r.err != nil {
		imp = widget.DangerImportance
	}
	if r.status.Importance != imp {
		r.status.Importance = imp
		r.status.Refresh()
	}
	setText(r.status, r.statusText())
}

// onFold folds the editor away, or back; a mistake keeps it open.
func (r *rulesEditor) onFold() {
	r.prefs.SetBool(keyServerRulesOpen, !r.open)
	r.show(true)
}

// statusText says what the rules are, "rules.yaml: 3 rules, line
// frames", or what is wrong with them.
func (r *rulesEditor) statusText() string {
	if r.err != nil {
		return rulesErrorText(r.err)
	}
	frame := tr("rules.frameLine")
	if r.set.Frame == rules.FrameRaw {
		frame = tr("rules.frameRaw")
	}
	return trn("rules.summary", len(r.set.Rules), args{"File": r.fileName(), "Frame": frame})
}

// rulesErrorText renders a rules file's mistake as the engine places it,
// "rules.yaml:4:12: rules[1].regex: missing closing )", with the message
// in the user's language where it is known.
func rulesErrorText(err error) string {
	if e, ok := yamlfile.Position(err); ok {
		local := *e
		local.Msg = trEngine(e.Msg)
		return local.Error()
	}
	return trEngine(err.Error())
}

// onLoad asks for a rules file and puts it in the editor, mistakes and
// all: they show under it, and the server does not start until they are
// fixed.
func (r *rulesEditor) onLoad() {
	showPathDialog(r.win, r.prefs, pathDialogSpec{
		titleKey: "rules.loadTitle",
		fileName: r.offeredName(),
		about:    tr("rules.loadAbout"),
		dirKey:   keyServerRulesDir,
		read:     r.load,
		onSaved:  r.message,
	})
}

// maxRulesFile bounds a rules file the editor loads.
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
		return "", errors.New(trf("rules.tooBig", args{"Max": "1 MiB"}))
	}
	r.setFile(path)
	r.text.touch()
	r.entry.SetText(string(src)) // compiles, saves and tells the pane
	r.changed()                  // SetText of the same text changes nothing
	logrus.WithField("path", path).Debug("rules loaded")
	if r.err != nil {
		return trf("rules.loadedInvalid", args{"Path": path}), nil
	}
	return trf("rules.loaded", args{"Path": path}), nil
}

// onSave asks where to save the editor's text, as it is.
func (r *rulesEditor) onSave() {
	showPathDialog(r.win, r.prefs, pathDialogSpec{
		titleKey: "rules.saveTitle",
		fileName: r.offeredName(),
		about:    tr("rules.saveAbout"),
		dirKey:   keyServerRulesDir,
		write: func(path string, w io.Writer) (string, error) {
			if _, err := io.WriteString(w, r.entry.Text); err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			r.setFile(path)
			r.changed() // the file's name is in the messages
			return trf("rules.saved", args{"Path": path}), nil
		},
		onSaved: r.message,
	})
}

// offeredName is the file name a dialog offers: the last file's, or
// rules.yaml.
func (r *rulesEditor) offeredName() string {
	if r.file != "" {
		return filepath.Base(r.file)
	}
	return rulesFileName
}

// setFile remembers path as the rules' file.
func (r *rulesEditor) setFile(path string) {
	r.file = path
	r.prefs.SetString(keyServerRulesFile, path)
}

func (r *rulesEditor) message(msg string) {
	if r.onMessage != nil {
		r.onMessage(msg)
	}
}
