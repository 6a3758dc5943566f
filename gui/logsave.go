package gui

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// keyLogSaveDir remembers the folder the log was last saved to (a URI).
const keyLogSaveDir = "log.saveDir"

// saveFormat is a file format the log can be saved in.
type saveFormat int

// Save formats.
const (
	saveFormatText  saveFormat = iota // one Event.Line per row
	saveFormatCSV                     // a header row, then one record per row
	saveFormatJSONL                   // one JSON object per line
)

// String returns the format's file extension without the dot.
func (f saveFormat) String() string {
	switch f {
	case saveFormatCSV:
		return "csv"
	case saveFormatJSONL:
		return "jsonl"
	}
	return "txt"
}

// saveFormatForName picks the format from a file name's extension: .csv,
// .jsonl (or .ndjson, .json) and anything else as plain text.
func saveFormatForName(name string) saveFormat {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return saveFormatCSV
	case ".jsonl", ".ndjson", ".json":
		return saveFormatJSONL
	}
	return saveFormatText
}

// writeLog writes events to w in format f, each in the event schema's own
// rendering; hex chooses the content of the plain-text lines (the others
// hold both text and hex).
func writeLog(w io.Writer, rows []sockets.Event, f saveFormat, hex bool) error {
	bw := bufio.NewWriter(w)
	switch f {
	case saveFormatText:
		content := logContentFormat(hex)
		var line []byte
		for i := range rows {
			line = append(rows[i].AppendLine(line[:0], content), '\n')
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("write log: %w", err)
			}
		}
	case saveFormatCSV:
		cw := csv.NewWriter(bw)
		cw.Write(sockets.CSVHeader())
		for i := range rows {
			if err := cw.Write(rows[i].CSVRecord()); err != nil {
				return fmt.Errorf("write log as CSV: %w", err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write log as CSV: %w", err)
		}
	case saveFormatJSONL:
		var line []byte
		for i := range rows {
			line = sockets.AppendJSONLine(line[:0], rows[i])
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("write log as JSON Lines: %w", err)
			}
		}
	default:
		return fmt.Errorf("write log: unknown format %d", int(f))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write log: %w", err)
	}
	return nil
}

// saveRequest is what the save dialog asks for: where, and which rows.
type saveRequest struct {
	path      string // as typed: absolute, or relative to dir
	dir       string // the folder a relative path is in
	shownOnly bool   // only the rows the filter shows
}

// resolve returns the file to write: the typed path if absolute ("~/"
// means the home folder), else the path inside dir.
func (r saveRequest) resolve() (string, error) {
	p := strings.TrimSpace(r.path)
	if p == "" {
		return "", errors.New(tr("save.noName"))
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the home folder: %w", err)
		}
		p = filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.dir, p)
	}
	return filepath.Clean(p), nil
}

// saveFile writes the log to the file r names, making its folder if
// needed, and returns the path and how many rows it wrote.
func (v *logView) saveFile(r saveRequest) (string, int, error) {
	path, err := r.resolve()
	if err != nil {
		return "", 0, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return path, 0, fmt.Errorf("make folder %s: %w", filepath.Dir(path), err)
	}
	f, err := os.Create(path)
	if err != nil {
		return path, 0, err
	}
	n, err := v.Save(f, saveFormatForName(path), r.shownOnly)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write %s: %w", path, cerr)
	}
	if err != nil {
		return path, n, err
	}
	v.prefs.SetString(keyLogSaveDir, storage.NewFileURI(filepath.Dir(path)).String())
	return path, n, nil
}

// saveDir is the folder the log was last saved to, else the home folder,
// else the working directory.
func (v *logView) saveDir() string {
	if u, err := storage.ParseURI(v.prefs.String(keyLogSaveDir)); err == nil && u.Scheme() == "file" {
		if st, err := os.Stat(u.Path()); err == nil && st.IsDir() {
			return u.Path()
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}

// saveDialog is the open save dialog's widgets.
type saveDialog struct {
	d       *dialog.CustomDialog
	name    *dialogEntry
	rows    *widget.RadioGroup
	problem *widget.Label
	dir     string
	onSaved func(msg string)
}

// SaveDialog asks where to save the log and which rows, and saves them:
// a file name or a whole path can be typed (a relative one goes in the
// folder shown), or picked with Browse; the extension chooses the format
// (.csv, .jsonl, anything else plain text). While a filter hides rows the
// dialog offers "Rows shown" or "All rows". A failure is shown in the
// dialog, which stays open with what was typed; success closes it and
// onSaved (if set) gets "Saved N rows to FILE". Enter saves, Escape
// cancels.
func (v *logView) SaveDialog(onSaved func(msg string)) {
	sd := &saveDialog{dir: v.saveDir(), name: newDialogEntry(), problem: newHint(), onSaved: onSaved}
	sd.name.SetText(filepath.Join(sd.dir, "sockettester-log-"+time.Now().Format("20060102-150405")+".txt"))

	counts := v.model.Counts()
	sd.rows = widget.NewRadioGroup([]string{
		trn("save.rowsShown", counts.Shown, nil),
		trn("save.rowsAll", counts.Kept, nil),
	}, nil)
	sd.rows.Required = true
	if v.model.Filtered() {
		sd.rows.SetSelected(sd.rows.Options[0])
	} else {
		sd.rows.SetSelected(sd.rows.Options[1])
		sd.rows.Hide()
	}

	save := func() { v.saveFromDialog(sd) }
	browse := widget.NewButtonWithIcon(tr("save.browse"), theme.FolderOpenIcon(), func() { v.browseSave(sd) })
	form := container.NewVBox(
		widget.NewLabel(tr("save.file")),
		container.NewBorder(nil, nil, nil, browse, sd.name),
		widget.NewLabel(tr("save.formats")),
		sd.rows, sd.problem)
	sd.d = dialog.NewCustomWithoutButtons(tr("save.title"), form, v.win)
	// Save closes the dialog only once the file is written; a failure
	// keeps it open, saying why, with what was typed.
	cancel := widget.NewButtonWithIcon(tr("dialog.cancel"), theme.CancelIcon(), sd.d.Hide)
	ok := widget.NewButtonWithIcon(tr("dialog.save"), theme.ConfirmIcon(), save)
	ok.Importance = widget.HighImportance
	sd.d.SetButtons([]fyne.CanvasObject{cancel, ok})
	sd.name.onEnter, sd.name.onEscape = save, sd.d.Dismiss
	sd.d.Resize(fyne.NewSize(max(560, v.win.Canvas().Size().Width*0.6), 0))
	v.saving = sd
	sd.d.SetOnClosed(func() { v.saving = nil })
	showDialog(v.win, sd.d, save)
	v.win.Canvas().Focus(sd.name)
}

// saveFromDialog saves what the dialog asks for, and closes it, or says in
// it why not.
func (v *logView) saveFromDialog(sd *saveDialog) {
	r := saveRequest{path: sd.name.Text, dir: sd.dir, shownOnly: sd.rows.Visible() && sd.rows.Selected == sd.rows.Options[0]}
	path, n, err := v.saveFile(r)
	if err != nil {
		setHint(sd.problem, errors.New(trf("save.failed", args{"Path": path, "Why": trEngine(plainReason(err))})))
		return
	}
	sd.d.Hide()
	if sd.onSaved != nil {
		sd.onSaved(trn("save.done", n, args{"Path": path}))
	}
}

// browseSave picks the file with Fyne's file dialog and puts its path in
// the save dialog.
func (v *logView) browseSave(sd *saveDialog) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// Only the path is wanted; the save writes the file.
		sd.name.SetText(w.URI().Path())
		w.Close()
	}, v.win)
	fd.SetFileName(filepath.Base(sd.name.Text))
	if l, err := storage.ListerForURI(storage.NewFileURI(sd.dir)); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
}
