package panes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// fileField is a field holding the path of a file to read (a CA file, a
// certificate, a key): typed, or picked with Browse, which opens Fyne's
// file dialog in the folder of the path typed so far.
type fileField struct {
	*widgets.Field
	browse *widgets.PlainButton
	row    fyne.CanvasObject // the entry with Browse at its right
}

// newFileField returns a field kept under key, placeholderKey's text if empty.
func newFileField(env Env, key, placeholderKey string, onChange func()) *fileField {
	f := &fileField{Field: widgets.NewEntryField(env.Prefs, key, "", onChange)}
	env.Texts.Placeholder(f.Entry, placeholderKey)
	f.browse = widgets.NewPlainButton("", theme.FolderOpenIcon(), func() { f.pick(env.Win) })
	f.row = container.NewBorder(nil, nil, nil, f.browse, f.Entry)
	return f
}

// pick opens the file dialog and puts the chosen file's path in the entry.
func (f *fileField) pick(win fyne.Window) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		// Only the path is wanted; the engine reads the file when it is used.
		path := r.URI().Path()
		r.Close()
		f.SetText(path)
	}, win)
	if dir := filepath.Dir(f.path()); f.path() != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
}

func (f *fileField) path() string { return strings.TrimSpace(f.Text) }

// Disable and Enable switch the entry and its Browse button together.
func (f *fileField) Disable() { f.Entry.Disable(); f.browse.Disable() }

// Enable enables the entry and its Browse button.
func (f *fileField) Enable() { f.Entry.Enable(); f.browse.Enable() }

// checkFile reports what is wrong with path as a file to read: nothing
// typed (when required), no such file, or a folder. It does not read the
// file; the engine does, with errors that say what is in it.
func checkFile(path string, required bool) error {
	if path == "" {
		if required {
			return errors.New(i18n.Tr("hint.fileEmpty"))
		}
		return nil
	}
	st, err := os.Stat(path)
	switch {
	case err != nil && errors.Is(err, os.ErrNotExist):
		return errors.New(i18n.Trf("hint.fileMissing", i18n.Args{"Path": path}))
	case err != nil:
		return errors.New(i18n.Trf("hint.fileUnreadable", i18n.Args{"Path": path, "Why": i18n.TrError(sockets.ExplainFileError(err))}))
	case st.IsDir():
		return errors.New(i18n.Trf("hint.fileIsDir", i18n.Args{"Path": path}))
	}
	return nil
}

// rememberedCheck returns a check box kept under prefKey (def if unsaved),
// saved before onChange runs.
func rememberedCheck(t *widgets.Texts, prefs fyne.Preferences, key, prefKey string, def bool, onChange func()) *widget.Check {
	c := widget.NewCheck("", nil)
	t.On(func() {
		c.Text = i18n.Tr(key)
		c.Refresh()
	})
	c.SetChecked(prefs.BoolWithFallback(prefKey, def))
	c.OnChanged = func(on bool) {
		prefs.SetBool(prefKey, on)
		onChange()
	}
	return c
}

// warningLabel returns a hidden, wrapping label in the theme's warning
// colour, for a setting that weakens a check (Skip verification).
func warningLabel(t *widgets.Texts, key string) *widget.Label {
	l := t.Label(key)
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}
