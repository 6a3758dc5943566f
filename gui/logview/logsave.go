package logview

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// KeyLogSaveDir remembers the folder the log was last saved to (a URI).
const KeyLogSaveDir = "log.saveDir"

// SaveFormat is a file format the log can be saved in.
type SaveFormat int

// Save formats.
const (
	SaveFormatText  SaveFormat = iota // one Event.Line per row
	SaveFormatCSV                     // a header row, then one record per row
	SaveFormatJSONL                   // one JSON object per line
)

// String returns the format's file extension without the dot.
func (f SaveFormat) String() string {
	switch f {
	case SaveFormatCSV:
		return "csv"
	case SaveFormatJSONL:
		return "jsonl"
	}
	return "txt"
}

// saveFormatForName picks the format from a file name's extension: .csv,
// .jsonl (or .ndjson, .json) and anything else as plain text.
func saveFormatForName(name string) SaveFormat {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return SaveFormatCSV
	case ".jsonl", ".ndjson", ".json":
		return SaveFormatJSONL
	}
	return SaveFormatText
}

// WriteLog writes events to w in format f, each in the event schema's own
// rendering; hex chooses the content of the plain-text lines (the others
// hold both text and hex).
func WriteLog(w io.Writer, rows []sockets.Event, f SaveFormat, hex bool) error {
	bw := bufio.NewWriter(w)
	switch f {
	case SaveFormatText:
		content := LogContentFormat(hex)
		var line []byte
		for i := range rows {
			line = append(rows[i].AppendLine(line[:0], content), '\n')
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("write log: %w", err)
			}
		}
	case SaveFormatCSV:
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
	case SaveFormatJSONL:
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

// SaveDialog asks where to save the log and which rows, and saves them
// (see pathDialog): the extension chooses the format (.csv, .jsonl,
// anything else plain text), and while a filter hides rows the dialog
// offers "Rows shown" or "All rows".
func (v *LogView) SaveDialog(onSaved func(msg string)) {
	counts := v.Model.Counts()
	rows := widget.NewRadioGroup([]string{
		i18n.Trn("save.rowsShown", counts.Shown, nil),
		i18n.Trn("save.rowsAll", counts.Kept, nil),
	}, nil)
	rows.Required = true
	if v.Model.Filtered() {
		rows.SetSelected(rows.Options[0])
	} else {
		rows.SetSelected(rows.Options[1])
		rows.Hide()
	}
	pd := widgets.ShowPathDialog(v.Win, v.prefs, widgets.PathDialogSpec{
		TitleKey: "save.title",
		FileName: "sockettester-log-" + time.Now().Format("20060102-150405") + ".txt",
		About:    i18n.Tr("save.formats"),
		Extra:    rows,
		DirKey:   KeyLogSaveDir,
		Write: func(path string, w io.Writer) (string, error) {
			n, err := v.Save(w, saveFormatForName(path), rows.Visible() && rows.Selected == rows.Options[0])
			return i18n.Trn("save.done", n, i18n.Args{"Path": path}), err
		},
		OnSaved: onSaved,
	})
	v.Saving = &saveDialog{PathDialog: pd, Rows: rows}
	pd.D.SetOnClosed(func() { v.Saving = nil })
}

type saveDialog struct {
	*widgets.PathDialog
	Rows *widget.RadioGroup
}
