package panes

import (
	"errors"
	"io"
	"strconv"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/conditions/condfile"
)

// Preference keys of the network conditions file (issue 17).
const (
	keyServerCondSeed = "server.conditionsSeed" // the seed of the last file opened; "" for a random seed at each start
	keyServerCondDir  = "server.conditionsDir"  // the folder of the last conditions file saved or opened
)

// condFileName is the name Save… and Open… offer in the remembered folder.
const condFileName = "conditions.yaml"

// condFileExts are the files Browse lists.
var condFileExts = []string{".yaml", ".yml"}

// file is the rows as a conditions file, with the seed opened last, if
// any; a wrong row makes it an error naming the row and why. Rows have no
// names: each condition gets its type and direction's, numbered when two
// rows share it, as names must differ in a file.
func (c *conditionsPanel) file() (*condfile.File, error) {
	f := &condfile.File{}
	f.Seed, f.HasSeed = c.seed()
	used := map[string]bool{}
	for i, r := range c.Rows {
		k, err := r.condition()
		if err != nil {
			return nil, errors.New(i18n.Trf("cond.rowWrong", i18n.Args{"Row": i + 1, "Type": r.Type.Selected, "Why": i18n.TrError(err)}))
		}
		k.Name = k.DefaultName()
		for n := 2; used[k.Name]; n++ {
			k.Name = k.DefaultName() + "_" + strconv.Itoa(n)
		}
		used[k.Name] = true
		f.Conditions = append(f.Conditions, k)
	}
	return f, nil
}

// SaveTo writes the rows to the conditions file at path, or writes
// nothing and says which row is wrong and why.
func (c *conditionsPanel) SaveTo(path string) error {
	f, err := c.file()
	if err != nil {
		return err
	}
	return condfile.Write(path, f)
}

// LoadFrom replaces the rows with the conditions in the file at path and
// turns the switch on, applying them to a running relay; its seed, or a
// random one if it has none, seeds the next start. A file with a mistake
// changes nothing and the error says where it is (file:line:column).
func (c *conditionsPanel) LoadFrom(path string) error {
	f, err := condfile.Load(path)
	if err != nil {
		return err
	}
	for _, r := range c.Rows {
		c.unapply(r)
		c.list.Remove(r.box)
	}
	c.Rows = nil
	for _, k := range f.Conditions {
		c.add(rowOf(k))
	}
	seed := ""
	if f.HasSeed {
		seed = strconv.FormatUint(f.Seed, 10)
	}
	c.env.Prefs.SetString(keyServerCondSeed, seed)
	c.showSeed()
	c.save()
	if !c.On.Checked {
		c.On.SetChecked(true)
	}
	return nil
}

// rowOf is k as a row's keys and text, as the row's fields take them; a
// zero beside the type's own value (jitter 0) stays blank, as it was typed.
func rowOf(k conditions.Condition) map[string]string {
	m := map[string]string{
		"type":     string(k.Type),
		"dir":      k.Dir.String(),
		"toxicity": strconv.FormatFloat(k.Toxicity, 'g', -1, 64),
	}
	for i, a := range k.Attributes() {
		if i > 0 && a.Value == "0" {
			continue
		}
		m[a.Key] = a.Value + a.Unit
	}
	return m
}

// seed is the seed of the file opened last, if it had one.
func (c *conditionsPanel) seed() (uint64, bool) {
	s := c.env.Prefs.String(keyServerCondSeed)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

// showSeed says beside the switch which seed the next start takes.
func (c *conditionsPanel) showSeed() {
	if s, ok := c.seed(); ok {
		c.SeedNote.SetText(i18n.Trf("cond.seed", i18n.Args{"Seed": s}))
		c.SeedNote.Show()
		return
	}
	c.SeedNote.Hide()
}

// OnSave asks where to save the rows, once every row is right; a wrong
// row is refused with a dialog naming it, its text kept.
func (c *conditionsPanel) OnSave() *widgets.PathDialog {
	f, err := c.file()
	if err != nil {
		widgets.ShowFailure(c.env.Win, i18n.Tr("cond.saveRefused"), err)
		return nil
	}
	return widgets.ShowPathDialog(c.env.Win, c.env.Prefs, widgets.PathDialogSpec{
		TitleKey:   "cond.saveTitle",
		FileName:   condFileName,
		About:      i18n.Tr("cond.fileAbout"),
		DirKey:     keyServerCondDir,
		Extensions: condFileExts,
		Write: func(path string, w io.Writer) (string, error) {
			_, err := w.Write(condfile.Marshal(f))
			return "", err
		},
	})
}

// OnOpen asks for a conditions file and loads it (LoadFrom); a mistake in
// it is shown in the dialog, at its line and column, and changes nothing.
func (c *conditionsPanel) OnOpen() *widgets.PathDialog {
	return widgets.ShowPathDialog(c.env.Win, c.env.Prefs, widgets.PathDialogSpec{
		TitleKey:   "cond.openTitle",
		FileName:   condFileName,
		About:      i18n.Tr("cond.openAbout"),
		DirKey:     keyServerCondDir,
		Extensions: condFileExts,
		Read:       func(path string) (string, error) { return "", c.LoadFrom(path) },
	})
}
