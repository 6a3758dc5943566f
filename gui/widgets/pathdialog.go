package widgets

import (
	"errors"
	"fmt"
	"io"
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
	"github.com/sockettester/sockettester/sockets"
)

// A PathDialog names the file to save to: a path typed (relative to the
// folder shown; "~/" is home) or picked with Browse. A failure keeps the
// dialog open with what was typed. With Read instead of write it opens a file.

// PathDialog is an open save dialog.
type PathDialog struct {
	D       *dialog.CustomDialog
	Name    *DialogEntry
	Problem *widget.Label
	Dir     string
	// write saves to the file at path, which it creates; it returns the
	// message for the status bar.
	write   func(path string, w io.Writer) (string, error)
	read    func(path string) (string, error) // set when the dialog opens a file
	onSaved func(msg string)
	prefs   fyne.Preferences
	dirKey  string
	exts    []string
}

// PathDialogSpec says what a PathDialog saves.
type PathDialogSpec struct {
	TitleKey string
	FileName string            // the name offered, in the remembered folder
	About    string            // a line under the name: the formats, say
	Extra    fyne.CanvasObject // more choices (which rows), or nil
	DirKey   string            // the preference remembering the folder saved to
	Write    func(path string, w io.Writer) (msg string, err error)
	// Read, instead of write, makes the dialog open the file at path.
	Read    func(path string) (msg string, err error)
	OnSaved func(msg string)
	// Extensions, when set, are the only files Browse lists, e.g. ".yaml".
	Extensions []string
}

// ShowPathDialog shows a save dialog over win.
func ShowPathDialog(win fyne.Window, prefs fyne.Preferences, spec PathDialogSpec) *PathDialog {
	pd := &PathDialog{Name: NewDialogEntry(), Problem: NewHint(), write: spec.Write, read: spec.Read,
		onSaved: spec.OnSaved, prefs: prefs, dirKey: spec.DirKey, exts: spec.Extensions}
	pd.Dir = savedDir(prefs, spec.DirKey)
	pd.Name.SetText(filepath.Join(pd.Dir, spec.FileName))

	browse := NewPlainButton(i18n.Tr("save.browse"), theme.FolderOpenIcon(), func() { pd.browse(win) })
	form := container.NewVBox(
		widget.NewLabel(i18n.Tr("save.file")),
		container.NewBorder(nil, nil, nil, browse, pd.Name),
		widget.NewLabel(spec.About))
	if spec.Extra != nil {
		form.Add(spec.Extra)
	}
	form.Add(pd.Problem)
	pd.D = dialog.NewCustomWithoutButtons(i18n.Tr(spec.TitleKey), form, win)
	// Save closes the dialog only once the file is written; a failure
	// keeps it open, saying why, with what was typed.
	cancel := NewPlainButton(i18n.Tr("dialog.cancel"), theme.CancelIcon(), pd.D.Hide)
	ok := NewPlainButton(i18n.Tr("dialog.save"), theme.ConfirmIcon(), pd.Save)
	if pd.read != nil {
		ok = NewPlainButton(i18n.Tr("dialog.open"), theme.FolderOpenIcon(), pd.Save)
	}
	ok.Importance = widget.HighImportance
	pd.D.SetButtons([]fyne.CanvasObject{cancel, ok})
	pd.Name.OnEnter, pd.Name.OnEscape = pd.Save, pd.D.Dismiss
	pd.D.Resize(fyne.NewSize(max(DialogSize(win, 70, 0).Width, win.Canvas().Size().Width*0.6), 0))
	ShowDialog(win, pd.D, pd.Save)
	win.Canvas().Focus(pd.Name)
	return pd
}

// Save writes (or opens) the file the dialog names and closes it, or says
// in it why not.
func (pd *PathDialog) Save() {
	act, failed := pd.SaveTo, "save.failed"
	if pd.read != nil {
		act, failed = pd.openFrom, "open.failed"
	}
	path, msg, err := act(pd.Name.Text)
	if err != nil {
		SetHint(pd.Problem, errors.New(i18n.Trf(failed, i18n.Args{"Path": path, "Why": i18n.TrError(sockets.ExplainFileError(err))})))
		return
	}
	pd.D.Hide()
	if pd.onSaved != nil {
		pd.onSaved(msg)
	}
}

// SaveTo writes the file typed, making its folder if needed, and
// remembers the folder. It returns the path it wrote.
func (pd *PathDialog) SaveTo(typed string) (path, msg string, err error) {
	path, err = resolvePath(typed, pd.Dir)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return path, "", fmt.Errorf("make folder %s: %w", filepath.Dir(path), err)
	}
	f, err := os.Create(path)
	if err != nil {
		return path, "", err
	}
	msg, err = pd.write(path, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write %s: %w", path, cerr)
	}
	if err != nil {
		return path, "", err
	}
	pd.prefs.SetString(pd.dirKey, storage.NewFileURI(filepath.Dir(path)).String())
	return path, msg, nil
}

// openFrom hands the file typed to read and remembers its folder.
func (pd *PathDialog) openFrom(typed string) (path, msg string, err error) {
	if path, err = resolvePath(typed, pd.Dir); err != nil {
		return "", "", err
	}
	if msg, err = pd.read(path); err != nil {
		return path, "", err
	}
	pd.prefs.SetString(pd.dirKey, storage.NewFileURI(filepath.Dir(path)).String())
	return path, msg, nil
}

// browse picks the file with Fyne's file dialog and puts its path in the dialog.
func (pd *PathDialog) browse(win fyne.Window) {
	// Only the path is wanted: Save or Open does the rest.
	var fd *dialog.FileDialog
	if pd.read != nil {
		fd = dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				pd.Name.SetText(r.URI().Path())
				r.Close()
			}
		}, win)
	} else {
		fd = dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err == nil && w != nil {
				pd.Name.SetText(w.URI().Path())
				w.Close()
			}
		}, win)
		fd.SetFileName(filepath.Base(pd.Name.Text))
	}
	if len(pd.exts) > 0 {
		fd.SetFilter(storage.NewExtensionFileFilter(pd.exts))
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(pd.Dir)); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
}

// resolvePath returns the file to write: the typed path if absolute ("~/"
// means the home folder), else the path inside dir.
func resolvePath(typed, dir string) (string, error) {
	p := strings.TrimSpace(typed)
	if p == "" {
		return "", errors.New(i18n.Tr("save.noName"))
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the home folder: %w", err)
		}
		p = filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p), nil
}

// savedDir is the folder remembered under key, else the home folder, else
// the working directory.
func savedDir(prefs fyne.Preferences, key string) string {
	if u, err := storage.ParseURI(prefs.String(key)); err == nil && u.Scheme() == "file" {
		if st, err := os.Stat(u.Path()); err == nil && st.IsDir() {
			return u.Path()
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}
