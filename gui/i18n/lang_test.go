package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// usedTranslationKeys returns the keys the window's code uses, with
// where: every string literal shaped like a key ("client.connect"),
// except in constant declarations, which name preference keys.
func usedTranslationKeys(t *testing.T) map[string][]string {
	t.Helper()
	// The window's code is every package under gui/, this one's parent.
	var files []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.GenDecl:
				return x.Tok != token.CONST
			case *ast.BasicLit:
				if x.Kind != token.STRING {
					return true
				}
				k, _ := strconv.Unquote(x.Value)
				if translationKeyShape.MatchString(k) && !fileName.MatchString(k) {
					used[k] = append(used[k], fset.Position(x.Pos()).String())
				}
			}
			return true
		})
	}
	return used
}

// fileName is a literal that is a file's name, not a key.
var fileName = regexp.MustCompile(`\.(pprof|json|txt|csv|jsonl|png|svg|go)$`)

// translationKeyShape is what a translation key looks like: an area, a
// dot, and a name in lower camel case, maybe after more dots.
var translationKeyShape = regexp.MustCompile(`^[a-z]+(\.[a-z][a-zA-Z0-9]*)+$`)

// rawTranslations reads translations/<code>.json as key -> raw value.
func rawTranslations(t *testing.T, code string) map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("translations", code+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

// templateFields returns the {{.Field}} names a text uses, sorted.
func templateFields(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return slicesCompact(out)
}

func slicesCompact(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// TestTranslationKeys fails when the code uses a key that the English file
// lacks, when a key lacks its Vietnamese translation (or has an empty one),
// when the Vietnamese file has a key the English one does not, and when a
// translation fills in other values than the English text.
func TestTranslationKeys(t *testing.T) {
	en, vi := rawTranslations(t, English), rawTranslations(t, Vietnamese)
	enTexts, err := LoadTexts(English)
	if err != nil {
		t.Fatal(err)
	}
	viTexts, err := LoadTexts(Vietnamese)
	if err != nil {
		t.Fatal(err)
	}
	used := usedTranslationKeys(t)
	var keys []string
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q (used at %s) is missing from en.json", k, used[k][0])
		}
	}
	for k := range en {
		if s := viTexts[k]; strings.TrimSpace(s) == "" {
			t.Errorf("key %q has no Vietnamese translation in vi.json", k)
		}
		if a, b := templateFields(enTexts[k]), templateFields(viTexts[k]); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("key %q fills in %v in English but %v in Vietnamese", k, a, b)
		}
	}
	for k := range vi {
		if _, ok := en[k]; !ok {
			t.Errorf("vi.json has key %q, which en.json lacks", k)
		}
	}
	// Every English key is used, or belongs to Fyne's own dialogs (keys
	// without a dot, and file.*), or to an engine message code (see
	// TestEngineKeysHaveCodes).
	for k := range en {
		if _, ok := used[k]; !ok && strings.Contains(k, ".") && !strings.HasPrefix(k, "file.") && !strings.HasPrefix(k, "engine.") {
			t.Errorf("en.json has key %q, which no code uses", k)
		}
	}
}

// TestMain runs the tests in English, whatever the machine's locale.
func TestMain(m *testing.M) {
	UseLanguage(English)
	os.Exit(m.Run())
}
