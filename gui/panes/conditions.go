package panes

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/conditions"
)

// Preference keys of Forward to…'s network conditions (issue 17).
const (
	keyServerCondOn   = "server.conditionsOn" // bool: the Network conditions switch
	keyServerCondRows = "server.conditions"   // JSON list of rows: {"type","dir","toxicity", and each parameter's key: its text}
)

// condDirs are the directions a row offers, in the Direction choice's order.
var condDirs = []conditions.Dir{conditions.DownDir, conditions.Up, conditions.Both}

// conditionsPanel is Forward to…'s Network conditions over TCP or UDP: a
// switch and a list of rows, applied live to the running relay's Set. A
// row's type choice offers the protocol's types; a row whose type the
// protocol cannot apply (bandwidth saved over TCP, then UDP chosen) keeps
// its type and text, says why (the engine's own words) and is not applied.
//
//	[x] Network conditions  seed 42 (from the file)  [Open…] [Save…] [+ Add]
//	[latency v] [target → client v] [150ms] [jitter] [toxicity 1] [-]
//	(what is wrong with the row, if anything)
type conditionsPanel struct {
	On       *widget.Check
	AddBtn   *widgets.PlainButton
	SaveBtn  *widgets.PlainButton // the rows to a conditions file
	OpenBtn  *widgets.PlainButton // the rows from a conditions file
	SeedNote *widget.Label        // the seed opened from a file, when one was
	Rows     []*condRow
	list     *fyne.Container
	Section  fyne.CanvasObject

	env    Env
	set    *conditions.Set // the running relay's; nil while stopped
	nextID int
	udp    bool // the server pane's protocol is UDP
}

// condRow is one condition being edited.
type condRow struct {
	ID       int
	Type     *widget.Select
	Dir      *widget.Select
	Params   map[string]*widget.Entry // by the command line's key
	Toxicity *widget.Entry
	Remove   *widget.Button
	Hint     *widget.Label
	Line     *fyne.Container // the fields: [type direction] [parameters] [toxicity remove]
	toxLabel *widget.Label
	params   *fyne.Container
	box      *fyne.Container
	applied  string // the name it has in the set, "" when not in it
	loading  bool
}

func newConditionsPanel(env Env) *conditionsPanel {
	c := &conditionsPanel{env: env, list: container.NewVBox()}
	c.On = rememberedCheck(env.Texts, env.Prefs, "cond.switch", keyServerCondOn, false, c.switched)
	c.AddBtn = env.Texts.Button("cond.add", theme.ContentAddIcon(), func() { c.add(nil) })
	c.SaveBtn = env.Texts.Button("cond.save", theme.DocumentSaveIcon(), func() { c.OnSave() })
	c.OpenBtn = env.Texts.Button("cond.open", theme.FolderOpenIcon(), func() { c.OnOpen() })
	c.SeedNote = widget.NewLabel("")
	c.SeedNote.Importance = widget.LowImportance
	var saved []map[string]string
	_ = json.Unmarshal([]byte(env.Prefs.String(keyServerCondRows)), &saved)
	for _, s := range saved {
		c.add(s)
	}
	c.Section = container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(c.On, c.SeedNote), container.NewHBox(c.OpenBtn, c.SaveBtn, c.AddBtn)), c.list)
	env.Texts.On(c.relabel)
	c.update()
	return c
}

func (c *conditionsPanel) relabel() {
	c.showSeed()
	for _, r := range c.Rows {
		i := r.Dir.SelectedIndex()
		r.Dir.Options = dirLabels()
		r.Dir.SetSelectedIndex(i)
		r.Toxicity.SetPlaceHolder(i18n.Tr("cond.toxicity"))
		r.toxLabel.SetText(i18n.Tr("cond.toxicityLabel"))
		c.check(r)
	}
}

func dirLabels() []string {
	return []string{i18n.Tr("cond.dirDown"), i18n.Tr("cond.dirUp"), i18n.Tr("cond.dirBoth")}
}

// add adds a row, from saved (a preference's row) or empty.
func (c *conditionsPanel) add(saved map[string]string) *condRow {
	c.nextID++
	r := &condRow{ID: c.nextID, Params: map[string]*widget.Entry{}, Hint: widget.NewLabel(""), params: container.NewHBox(), loading: true}
	r.Hint.Importance = widget.DangerImportance
	r.Hint.Wrapping = fyne.TextWrapWord
	r.Hint.Hide()
	// Every type at first, so that a saved row keeps a type the protocol
	// cannot apply; offerTypes narrows the choice below.
	r.Type = widget.NewSelect(typeNames(conditions.Types), func(string) { c.typeChosen(r) })
	r.Dir = widget.NewSelect(dirLabels(), func(string) { c.changed(r) })
	r.Toxicity = widget.NewEntry()
	r.Toxicity.SetPlaceHolder(i18n.Tr("cond.toxicity"))
	c.typed(r, r.Toxicity)
	r.toxLabel = widget.NewLabel(i18n.Tr("cond.toxicityLabel"))
	r.Remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { c.remove(r) })
	if saved == nil {
		saved = map[string]string{"type": string(conditions.Latency), "dir": "down", "toxicity": "1"}
	}
	r.Type.SetSelected(saved["type"])
	if r.Type.Selected == "" {
		r.Type.SetSelected(string(conditions.Latency))
	}
	r.Dir.SetSelectedIndex(0)
	if d, err := conditions.ParseDir(saved["dir"]); err == nil {
		for i, o := range condDirs {
			if o == d {
				r.Dir.SetSelectedIndex(i)
			}
		}
	}
	r.Toxicity.SetText(saved["toxicity"])
	for k, e := range r.Params {
		e.SetText(saved[k])
	}
	c.offerTypes(r)
	r.Line = container.New(&condRowLayout{},
		container.NewHBox(r.Type, widgets.TextWide(r.Dir, "máy khách → đích ∨∨")),
		r.params,
		container.NewHBox(r.toxLabel, widgets.TextWide(r.Toxicity, "0.555"), r.Remove))
	r.box = container.NewVBox(r.Line, r.Hint)
	r.loading = false
	c.Rows = append(c.Rows, r)
	c.list.Add(r.box)
	c.changed(r)
	return r
}

func typeNames(ts []conditions.Type) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = string(t)
	}
	return names
}

// offerTypes gives the row's type choice the protocol's types, and the
// row's own type too when the protocol cannot apply it, so it stays shown.
func (c *conditionsPanel) offerTypes(r *condRow) {
	names := typeNames(conditions.TypesFor(c.udp))
	if r.Type.Selected != "" && !slices.Contains(names, r.Type.Selected) {
		names = append(names, r.Type.Selected)
	}
	if !slices.Equal(names, r.Type.Options) {
		r.Type.SetOptions(names)
	}
}

// setProtocol is the server pane's protocol choice: each row is checked
// again against it, and its type choice offers the protocol's types.
func (c *conditionsPanel) setProtocol(udp bool) {
	if udp == c.udp {
		return
	}
	c.udp = udp
	for _, r := range c.Rows {
		c.offerTypes(r)
		c.check(r)
	}
}

// fits says why the relay of the pane's protocol would refuse k, in the
// engine's words: the set a relay is bound to refuses it at Add. The
// row's hint says it without the condition's name, which the row does not
// show.
func (c *conditionsPanel) fits(k conditions.Condition) error {
	probe := conditions.NewSet(0)
	if err := probe.Bind(c.udp); err != nil {
		return err
	}
	err := probe.Add(k)
	if in := errors.Unwrap(err); in != nil {
		return in
	}
	return err
}

// typeChosen gives the row a field per parameter of its type.
func (c *conditionsPanel) typeChosen(r *condRow) {
	old := r.Params
	r.Params = map[string]*widget.Entry{}
	r.params.RemoveAll()
	t := conditions.Type(r.Type.Selected)
	for _, k := range conditions.Keys(t) {
		if k == "dir" || k == "toxicity" || k == "name" {
			continue
		}
		e := widget.NewEntry()
		e.SetPlaceHolder(k)
		if o := old[k]; o != nil {
			e.SetText(o.Text)
		}
		c.typed(r, e)
		r.Params[k] = e
		r.params.Add(widgets.TextWide(e, "jitter 1000ms"))
	}
	r.params.Refresh()
	if !r.loading {
		c.offerTypes(r)
	}
	c.changed(r)
}

// condition reads the row as the command line would write it.
func (r *condRow) condition() (conditions.Condition, error) {
	t := conditions.Type(r.Type.Selected)
	parts := []string{string(t)}
	for i, k := range conditions.Keys(t) {
		e := r.Params[k]
		if e == nil {
			continue
		}
		v := strings.TrimSpace(e.Text)
		if i == 0 {
			parts[0] += "=" + v
		} else if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if i := r.Dir.SelectedIndex(); i >= 0 {
		parts = append(parts, "dir="+condDirs[i].String())
	}
	if v := strings.TrimSpace(r.Toxicity.Text); v != "" {
		parts = append(parts, "toxicity="+v)
	}
	return conditions.Parse(strings.Join(parts, ","))
}

// saved is the row for the preferences: keys and typed text, no labels.
func (r *condRow) saved() map[string]string {
	m := map[string]string{"type": r.Type.Selected, "toxicity": r.Toxicity.Text}
	if i := r.Dir.SelectedIndex(); i >= 0 {
		m["dir"] = condDirs[i].String()
	}
	for k, e := range r.Params {
		m[k] = e.Text
	}
	return m
}

// check shows what is wrong with the row, and returns its condition.
func (c *conditionsPanel) check(r *condRow) (conditions.Condition, bool) {
	k, err := r.condition()
	if err == nil {
		err = c.fits(k)
	}
	if err != nil {
		r.Hint.Importance = widget.DangerImportance
		r.Hint.SetText(i18n.TrError(err))
		r.Hint.Show()
		return k, false
	}
	r.Hint.Hide()
	return k, true
}

// typed checks a field as it is typed and applies the row on Enter: a
// value half typed ("150m" on the way to "150ms" is 150 minutes) must not
// reach the running relay.
func (c *conditionsPanel) typed(r *condRow, e *widget.Entry) {
	e.OnChanged = func(string) {
		if r.loading {
			return
		}
		c.save()
		if _, ok := c.check(r); ok && c.set != nil && c.On.Checked {
			r.Hint.Importance = widget.LowImportance
			r.Hint.SetText(i18n.Tr("cond.pending"))
			r.Hint.Show()
		}
	}
	e.OnSubmitted = func(string) { c.changed(r) }
}

// changed saves the rows and, when the row is right, applies it.
func (c *conditionsPanel) changed(r *condRow) {
	if r.loading {
		return
	}
	c.save()
	k, ok := c.check(r)
	if ok {
		c.apply(r, k)
	}
}

func (c *conditionsPanel) save() {
	rows := make([]map[string]string, 0, len(c.Rows))
	for _, r := range c.Rows {
		rows = append(rows, r.saved())
	}
	b, _ := json.Marshal(rows)
	c.env.Prefs.SetString(keyServerCondRows, string(b))
}

// apply puts the row's condition into the running relay's set: changed in
// place when its name stays, else the old one out and the new one in.
func (c *conditionsPanel) apply(r *condRow, k conditions.Condition) {
	if c.set == nil || !c.On.Checked {
		return
	}
	k.Name = k.DefaultName() + "#" + strconv.Itoa(r.ID)
	if r.applied == k.Name {
		_ = c.set.Update(k)
		return
	}
	c.unapply(r)
	if c.set.Add(k) == nil {
		r.applied = k.Name
	}
}

func (c *conditionsPanel) unapply(r *condRow) {
	if c.set != nil && r.applied != "" {
		_ = c.set.Remove(r.applied)
	}
	r.applied = ""
}

func (c *conditionsPanel) remove(r *condRow) {
	c.unapply(r)
	for i, o := range c.Rows {
		if o == r {
			c.Rows = append(c.Rows[:i:i], c.Rows[i+1:]...)
		}
	}
	c.list.Remove(r.box)
	c.save()
}

// switched applies every right row, or takes them all out.
func (c *conditionsPanel) switched() {
	for _, r := range c.Rows {
		if !c.On.Checked {
			c.unapply(r)
		} else if k, ok := c.check(r); ok {
			c.apply(r, k)
		}
	}
	c.update()
}

func (c *conditionsPanel) update() {
	widgets.SetVisible(c.list, c.On.Checked)
	widgets.SetVisible(c.AddBtn, c.On.Checked)
	widgets.SetVisible(c.SaveBtn, c.On.Checked)
}

// start gives a relay about to start its set, with the rows that are
// right when the switch is on; the set stays for changes while it runs.
// Its seed is the file's opened last, else a random one.
func (c *conditionsPanel) start() *conditions.Set {
	seed, ok := c.seed()
	if !ok {
		seed = rand.Uint64()
	}
	c.set = conditions.NewSet(seed)
	// Bound now, the set refuses at Add what the relay could not apply,
	// rather than the relay refusing to start with it.
	_ = c.set.Bind(c.udp)
	for _, r := range c.Rows {
		r.applied = ""
	}
	c.switched()
	return c.set
}

// stopped forgets the stopped relay's set.
func (c *conditionsPanel) stopped() {
	c.set = nil
	for _, r := range c.Rows {
		r.applied = ""
	}
}

// condRowLayout lays out a row's three groups, [type direction],
// [parameters] and [toxicity remove], in the order Tab visits them: on one
// line when the pane is wide enough, else with the parameters on a second
// line under the type and direction, and narrower still each group on a
// line of its own. The toxicity group stays on the right. The row needs
// no more width than its widest group, so rows never widen the pane nor
// push the client pane aside; how many lines it takes follows the width
// it was last given, as a wrapped label's height does.
type condRowLayout struct {
	width float32 // the width last laid out; 0 before the first layout
}

// lines groups the visible objects into lines for the width last given
// (0: one line).
func (l *condRowLayout) lines(objects []fyne.CanvasObject) [][]fyne.CanvasObject {
	var shown []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() && o.MinSize().Width > 0 {
			shown = append(shown, o)
		}
	}
	w := l.width
	if w <= 0 || lineWidth(shown) <= w {
		return [][]fyne.CanvasObject{shown}
	}
	if len(shown) == 3 && lineWidth([]fyne.CanvasObject{shown[0], shown[2]}) <= w {
		return [][]fyne.CanvasObject{{shown[0], shown[2]}, {shown[1]}}
	}
	var out [][]fyne.CanvasObject
	for _, o := range shown {
		if n := len(out); n > 0 && lineWidth(append(slices.Clone(out[n-1]), o)) <= w {
			out[n-1] = append(out[n-1], o)
			continue
		}
		out = append(out, []fyne.CanvasObject{o})
	}
	return out
}

// lineWidth is how wide objects need to be side by side.
func lineWidth(objects []fyne.CanvasObject) float32 {
	w := float32(0)
	for i, o := range objects {
		if i > 0 {
			w += theme.Padding()
		}
		w += o.MinSize().Width
	}
	return w
}

// lineHeight is the tallest of objects.
func lineHeight(objects []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return h
}

// Layout places the lines; the last group (toxicity) at the right.
func (l *condRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	tail := objects[len(objects)-1]
	y := float32(0)
	for _, line := range l.lines(objects) {
		h := lineHeight(line)
		x := float32(0)
		for _, o := range line {
			m := o.MinSize()
			if o == tail {
				x = max(x, size.Width-m.Width)
			}
			o.Move(fyne.NewPos(x, y+(h-m.Height)/2))
			o.Resize(m)
			x += m.Width + theme.Padding()
		}
		y += h + theme.Padding()
	}
}

// MinSize is as wide as the widest group, and as tall as the lines the
// row takes at the width it was last given.
func (l *condRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		if o.Visible() {
			s.Width = max(s.Width, o.MinSize().Width)
		}
	}
	for i, line := range l.lines(objects) {
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += lineHeight(line)
	}
	return s
}
