package logview

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
)

// framesForm is the Frames dialog's fields: how received data shows, the
// idle gap and the delimiter, as typed. A setting that is wrong is said
// under its field and keeps Save off; what was typed stays.
type framesForm struct {
	Mode  *widget.Select // a select, not radios: the dialog fits at 200% zoom
	Gap   *widgets.DialogEntry
	Delim *widgets.DialogEntry
	Hex   *widget.Check
	modes []string // Mode's options, in FrameMode order
}

func (v *LogView) newFramesForm() *framesForm {
	f := &framesForm{Gap: widgets.NewDialogEntry(), Delim: widgets.NewDialogEntry()}
	f.modes = []string{i18n.Tr("frames.asRead"), i18n.Tr("frames.byGap"), i18n.Tr("frames.byDelim")}
	f.Mode = widget.NewSelect(f.modes, nil)
	f.Mode.SetSelected(f.modes[v.frames.set.Mode])
	f.Gap.SetText(v.prefs.StringWithFallback(KeyLogFrameGap, DefaultFrameGap.String()))
	f.Gap.Validator = widgets.Validator(ParseFrameGap)
	f.Delim.SetText(v.prefs.StringWithFallback(KeyLogFrameDelim, DefaultFrameDelimiter))
	f.Hex = widget.NewCheck(i18n.Tr("frames.delimHex"), nil)
	f.Hex.SetChecked(v.prefs.Bool(KeyLogFrameDelimHex))
	// The delimiter matters only when it cuts frames.
	f.Delim.Validator = func(s string) error {
		if f.mode() != FramesByDelimiter {
			return nil
		}
		_, err := ParseFrameDelimiter(s, f.Hex.Checked)
		return err
	}
	revalidate := func() { f.Delim.Validate() }
	f.Mode.OnChanged = func(string) { revalidate() }
	f.Hex.OnChanged = func(bool) { revalidate() }
	return f
}

func (f *framesForm) mode() FrameMode {
	for i, s := range f.modes {
		if s == f.Mode.Selected {
			return FrameMode(i)
		}
	}
	return FramesAsRead
}

// settings returns the settings the form holds, or the first problem.
func (f *framesForm) settings() (FrameSettings, error) {
	set := FrameSettings{Mode: f.mode()}
	var err error
	if set.Gap, err = ParseFrameGap(f.Gap.Text); err != nil {
		return set, err
	}
	if set.Mode == FramesByDelimiter {
		if set.Delimiter, err = ParseFrameDelimiter(f.Delim.Text, f.Hex.Checked); err != nil {
			return set, err
		}
	}
	return set, nil
}

// apply shows received data as the form says and remembers it as typed;
// false, changing nothing, when a field is wrong.
func (v *LogView) applyFramesForm(f *framesForm) bool {
	set, err := f.settings()
	if err != nil {
		return false
	}
	v.prefs.SetString(KeyLogFrames, set.Mode.String())
	v.prefs.SetString(KeyLogFrameGap, f.Gap.Text)
	v.prefs.SetString(KeyLogFrameDelim, f.Delim.Text)
	v.prefs.SetBool(KeyLogFrameDelimHex, f.Hex.Checked)
	v.SetFrames(set)
	return true
}

// FramesDialog asks how received data shows: as read, joined by an idle
// gap, or cut after a delimiter (View ▸ Frames...).
func (v *LogView) FramesDialog() { v.showFramesDialog() }

func (v *LogView) showFramesDialog() *framesForm {
	f := v.newFramesForm()
	gap := widget.NewFormItem(i18n.Tr("frames.gap"), f.Gap)
	gap.HintText = i18n.Tr("frames.gapHint")
	// The entry is an item of its own: a form shows the problem of, and
	// keeps Save off for, only the widgets that are its items.
	delim := widget.NewFormItem(i18n.Tr("frames.delim"), f.Delim)
	delim.HintText = i18n.Tr("frames.delimHint")
	mode := widget.NewFormItem(i18n.Tr("frames.mode"), f.Mode)
	mode.HintText = i18n.Tr("frames.note")
	items := []*widget.FormItem{mode, gap, delim, widget.NewFormItem("", f.Hex)}
	d := dialog.NewForm(i18n.Tr("frames.title"), i18n.Tr("dialog.save"), i18n.Tr("dialog.cancel"), items, func(ok bool) {
		if ok {
			v.applyFramesForm(f)
		}
	}, v.Win)
	f.Gap.OnEnter, f.Gap.OnEscape = d.Submit, d.Dismiss
	f.Delim.OnEnter, f.Delim.OnEscape = d.Submit, d.Dismiss
	widgets.ShowDialog(v.Win, d, d.Submit)
	return f
}
