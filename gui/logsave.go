package gui

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

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

// SaveDialog asks where to save the log and saves every kept row there, in
// the format the file name's extension names: .csv, .jsonl, or plain text
// for anything else. Failures are shown in a dialog.
func (v *logView) SaveDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("save log: %w", err), v.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		v.saveTo(w)
	}, v.win)
	d.SetTitleText("Save log as .txt, .csv or .jsonl")
	d.SetFileName("sockettester-log-" + time.Now().Format("20060102-150405") + ".txt")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".txt", ".csv", ".jsonl"}))
	if dir := v.prefs.String(keyLogSaveDir); dir != "" {
		if u, err := storage.ParseURI(dir); err == nil {
			if l, err := storage.ListerForURI(u); err == nil {
				d.SetLocation(l)
			}
		}
	}
	d.Show()
}

// saveTo writes the log to w, closes it, and reports a failure in a dialog.
func (v *logView) saveTo(w fyne.URIWriteCloser) {
	u := w.URI()
	err := v.Save(w, saveFormatForName(u.Name()))
	if cerr := w.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		dialog.ShowError(fmt.Errorf("save log to %s: %w", u.Path(), err), v.win)
		return
	}
	if dir, err := storage.Parent(u); err == nil {
		v.prefs.SetString(keyLogSaveDir, dir.String())
	}
}
