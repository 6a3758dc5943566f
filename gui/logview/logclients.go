package logview

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// This file names the client tabs in the log: a tab's events carry its
// name (Event.Name, "Client 2"), which the Side column shows and the side
// filter offers.

// ClientEventName is the name a client tab gives its events: "Client 2".
// It is the same in every language, as saved files are; the window shows
// it translated (ClientNameText).
func ClientEventName(id int) string { return "Client " + strconv.Itoa(id) }

// ClientNameID returns the tab number of a name ClientEventName made.
func ClientNameID(name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(name, "Client "))
	if err != nil || !strings.HasPrefix(name, "Client ") {
		return 0, false
	}
	return n, true
}

// ClientNameText is a client tab's name in the current language
// ("Máy khách 2"); a name the app did not make shows as it is.
func ClientNameText(name string) string {
	if id, ok := ClientNameID(name); ok {
		return i18n.Trf("tabs.clientName", i18n.Args{"N": id})
	}
	return name
}

// CompareClientNames orders client names by their tab number, a lone
// client ("") first.
func CompareClientNames(a, b string) int {
	ia, oka := ClientNameID(a)
	ib, okb := ClientNameID(b)
	if oka && okb {
		return ia - ib
	}
	return strings.Compare(a, b)
}

// LogSideName is the Side column of e: the client tab's name, or the side.
func LogSideName(e *sockets.Event) string {
	if e.Name != "" {
		return ClientNameText(e.Name)
	}
	return logSideText(e.Side)
}

// SetClientNames adds the client tabs' names to the side filter, which
// keeps those of closed tabs: their rows stay in the log.
func (v *LogView) SetClientNames(names []string) {
	changed := false
	for _, n := range names {
		if !slices.Contains(v.clientNames, n) {
			v.clientNames = append(v.clientNames, n)
			changed = true
		}
	}
	if changed {
		slices.SortFunc(v.clientNames, CompareClientNames)
		v.setSideOptions()
	}
}

// setSideOptions fills the side select in the current language; the choice stays.
func (v *LogView) setSideOptions() {
	sel := v.SideSelect.SelectedIndex()
	var selName string
	if sel >= len(logSideKeys) {
		selName = v.selectedName(sel)
	}
	opts := make([]string, 0, len(logSideKeys)+len(v.clientNames))
	for _, key := range logSideKeys {
		opts = append(opts, i18n.Tr(key))
	}
	i := max(sel, 0)
	for k, n := range v.clientNames {
		opts = append(opts, ClientNameText(n))
		if n == selName {
			i = len(logSideKeys) + k
		}
	}
	v.SideSelect.Options, v.SideSelect.Selected = opts, opts[min(i, len(opts)-1)]
	// Sized for the sides only: the tabs' longer names would widen the
	// toolbar past a small window (800 wide) in Vietnamese.
	v.sideBox.Layout.(*widgets.TextWideLayout).Samples = opts[:len(logSideKeys)]
	v.SideSelect.Refresh()
	v.sideBox.Refresh()
}

// selectedName is the client name of side select option i, or "".
func (v *LogView) selectedName(i int) string {
	if k := i - len(logSideKeys); k >= 0 && k < len(v.clientNames) {
		return v.clientNames[k]
	}
	return ""
}

func (v *LogView) setModelFilter() {
	i := max(0, v.SideSelect.SelectedIndex())
	for _, m := range v.models() {
		if name := v.selectedName(i); name != "" {
			m.SetClientFilter(name, v.Search.Text)
		} else {
			m.SetFilter(logSideFilter(min(i, len(logSideKeys)-1)), v.Search.Text)
		}
	}
}
