package gui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestStartWithBindLabelOfOtherLanguage starts the window with the bind
// choice saved as an older version saved it, its label in one language,
// while the other language is in use: it must start, show the choice in
// the language in use, and keep a stable name in the preferences.
func TestStartWithBindLabelOfOtherLanguage(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	en, err := i18n.LoadTexts(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	vi, err := i18n.LoadTexts(i18n.Vietnamese)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		saved, start string
		key, name    string
	}{
		{vi["bind.loopback"], i18n.English, "bind.loopback", "loopback"},
		{vi["bind.allIPv4"], i18n.English, "bind.allIPv4", "all"},
		{vi["bind.allIPv6"], i18n.English, "bind.allIPv6", "all6"},
		{en["bind.loopback"], i18n.Vietnamese, "bind.loopback", "loopback"},
		{en["bind.allIPv4"], i18n.Vietnamese, "bind.allIPv4", "all"},
		{en["bind.allIPv6"], i18n.Vietnamese, "bind.allIPv6", "all6"},
		{"all6", i18n.Vietnamese, "bind.allIPv6", "all6"},
		{"all", i18n.English, "bind.allIPv4", "all"},
	} {
		a := test.NewTempApp(t)
		a.Preferences().SetString("server.bind", tc.saved)
		a.Preferences().SetString(i18n.KeyLanguage, tc.start)
		i18n.SetupLanguage(a.Preferences())
		h := newAppHarnessFor(t, a)
		want := i18n.Tr(tc.key)
		if got := h.mw.server.Bind.Text; got != want {
			t.Errorf("saved %q, started in %s: Listen on shows %q; want %q", tc.saved, tc.start, got, want)
		}
		if got := a.Preferences().String("server.bind"); got != tc.saved && got != tc.name {
			t.Errorf("saved %q: the preference became %q", tc.saved, got)
		}
		h.close()
	}
}

// prefValues returns a copy of every value a test app's preferences hold.
func prefValues(t *testing.T, a fyne.App) map[string]any {
	t.Helper()
	r, ok := a.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatalf("%T cannot list its values", a.Preferences())
	}
	out := map[string]any{}
	r.ReadValues(func(m map[string]any) {
		for k, v := range m {
			out[k] = v
		}
	})
	return out
}

// prefKeyConstants returns the value of every preference key constant
// (a const named key... or Key... holding a string) declared in gui.
func prefKeyConstants(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					n := strings.ToLower(name.Name)
					if !strings.HasPrefix(n, "key") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out[v] = path + ": " + name.Name
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// translatedTexts is every text of every app language, to tell a label
// from a stable name.
func translatedTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, code := range i18n.Languages {
		m, err := i18n.LoadTexts(code)
		if err != nil {
			t.Fatal(err)
		}
		for k, s := range m {
			out[s] = code + ":" + k
		}
	}
	return out
}

// TestPrefsAreStableNames changes every choice of the window away from
// its default, then switches the language back and forth: no stored value
// may change, none may be a translated text, and every key stored is a
// declared key constant.
func TestPrefsAreStableNames(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	a := test.NewTempApp(t)
	i18n.UseLanguage(i18n.English)
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	s.Protocol.SetValue("udp")
	s.Bind.SetText(widgets.BindShown("all6"))
	s.Mode.SetValue(sockets.ModeReply)
	s.ReplyFormat.SetValue(payload.FormatHex)
	s.PayloadFormat.SetValue(payload.FormatHex)
	c.Protocol.SetValue("udp")
	c.Format.SetValue(payload.FormatHex)
	c.Eol.SetValue(payload.EOLCRLF)
	h.mw.setZoom(1.5)
	h.addTab()
	h.mw.setLanguage(i18n.English)
	if got := a.Preferences().String("server.bind"); got != "all6" {
		t.Errorf("Listen on: all IPv6 is stored as %q; want all6", got)
	}

	before := prefValues(t, a)
	for _, code := range []string{i18n.Vietnamese, i18n.English, i18n.Vietnamese, "", i18n.English} {
		h.mw.setLanguage(code)
		after := prefValues(t, a)
		for k, v := range before {
			if k != i18n.KeyLanguage && !reflect.DeepEqual(after[k], v) {
				t.Errorf("switching to %q changed %s from %#v to %#v", code, k, v, after[k])
			}
		}
	}

	keys, texts := prefKeyConstants(t), translatedTexts(t)
	if _, ok := keys["server.bind"]; !ok || len(before) < 10 {
		t.Fatalf("found %d key constants and %d stored values; the walk is broken", len(keys), len(before))
	}
	for k, v := range prefValues(t, a) {
		base := k
		if rest, ok := strings.CutPrefix(k, "tab"); ok {
			if _, after, ok := strings.Cut(rest, "."); ok {
				base = after
			}
		}
		if _, ok := keys[base]; !ok {
			t.Errorf("preference %q is stored under no key constant", k)
		}
		if s, ok := v.(string); ok && s != "" {
			if from, ok := texts[s]; ok {
				t.Errorf("preference %s (%s) holds %q, a translated text (%s)", k, keys[base], s, from)
			}
		}
	}
}
