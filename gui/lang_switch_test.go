package gui

import (
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/panes"
)

// shownTexts is every text the window's content and menu show, sorted.
func shownTexts(h *appHarness) []string {
	var parts []string
	collectShownText(h.win.Content(), &parts)
	for _, m := range h.mw.menu.Items {
		parts = append(parts, m.Label)
		for _, it := range m.Items {
			parts = append(parts, it.Label)
		}
	}
	collectPlaceholders(h.win.Content(), &parts)
	sort.Strings(parts)
	return parts
}

// collectPlaceholders adds the placeholders and select options under o.
func collectPlaceholders(o fyne.CanvasObject, out *[]string) {
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			collectPlaceholders(c, out)
		}
	case fyne.Widget:
		if e, ok := x.(interface{ PlaceHolderText() string }); ok {
			*out = append(*out, e.PlaceHolderText())
		}
		for _, c := range test.WidgetRenderer(x).Objects() {
			collectPlaceholders(c, out)
		}
	}
}

// TestLanguageSwitchInPlace switches a running English window to
// Vietnamese and compares every text it shows with a window built in
// Vietnamese from the start: a text that did not follow the switch
// differs. The server keeps running throughout.
func TestLanguageSwitchInPlace(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	h.startServer()
	h.addTab() // three client tabs, remembered for the windows below
	h.addTab()
	h.win.Resize(defaultWindow)
	english := shownTexts(h)
	h.mw.setLanguage(i18n.Vietnamese)
	if h.mw.server.State != panes.ServerRunning {
		t.Fatal("switching the language stopped the server")
	}
	switched := shownTexts(h)
	if strings.Join(english, "|") == strings.Join(switched, "|") {
		t.Fatal("nothing changed")
	}
	for _, want := range []string{"Máy chủ", "Máy khách", "Dùng máy chủ của tôi", "Tệp", "Xem"} {
		if !contains(switched, want) {
			t.Errorf("Vietnamese window lacks %q", want)
		}
	}
	if a.Preferences().String(i18n.KeyLanguage) != i18n.Vietnamese {
		t.Error("the language is not remembered")
	}

	// A window built in Vietnamese shows the same texts (its server is
	// stopped, so compare with this one stopped too).
	h.close()
	h2 := newAppHarnessFor(t, a)
	h2.win.Resize(defaultWindow)
	h3 := newAppHarnessFor(t, a)
	h3.win.Resize(defaultWindow)
	h3.mw.setLanguage(i18n.English)
	h3.mw.setLanguage(i18n.Vietnamese)
	// Every client tab, the hidden ones too, follows the switch.
	for _, id := range []int{1, 2, 3, 2} {
		h2.showTab(id)
		h3.showTab(id)
		fresh, again := shownTexts(h2), shownTexts(h3)
		if a, b := strings.Join(fresh, "\n"), strings.Join(again, "\n"); a != b {
			t.Errorf("with Client %d shown, the switched window shows:\n%s\n\nfresh Vietnamese window shows:\n%s", id, diffLines(again, fresh), diffLines(fresh, again))
		}
	}

	// System language: none chosen, the locale the app started with
	// decides.
	h3.mw.setLanguage("")
	if i18n.LanguageInUse() != i18n.SystemLanguage() || h3.mw.client.ConnectBtn.Text != i18n.Tr("client.connect") {
		t.Errorf("system language: %s (system %s), Connect reads %q", i18n.LanguageInUse(), i18n.SystemLanguage(), h3.mw.client.ConnectBtn.Text)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// diffLines returns the lines of a that b lacks.
func diffLines(a, b []string) string {
	var out []string
	for _, x := range a {
		if !contains(b, x) {
			out = append(out, x)
		}
	}
	return strings.Join(out, "\n")
}

// TestSystemLanguage reads the user's locale as gettext does.
func TestSystemLanguage(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "C"}, "en"},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "vi"}, "en"},
		{map[string]string{"LANG": "vi_VN.UTF-8"}, "vi"},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:vi"}, "vi"},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN"}, "en"},
		{map[string]string{"LC_MESSAGES": "vi", "LANG": "en_US"}, "vi"},
		{map[string]string{"LANG": "de_DE"}, "en"},
	} {
		if got := i18n.SystemLanguageFrom(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("%v: systemLanguage() = %q; want %q", tc.env, got, tc.want)
		}
	}
}
