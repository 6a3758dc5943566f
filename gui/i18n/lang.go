package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/sirupsen/logrus"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed translations
var translationFS embed.FS

const translationDir = "translations"

// The languages the app ships, as the codes View > Language offers.
const (
	English    = "en" // the fallback
	Vietnamese = "vi"
)

// Languages lists the languages the app ships; the first is the fallback.
var Languages = []string{English, Vietnamese}

// KeyLanguage is the View > Language preference: "" follows the system,
// else one of Languages.
const KeyLanguage = "app.language"

// Args holds the values a translated template fills in.
type Args = map[string]any

// EnglishTexts holds en.json's texts by key ("other" forms for plurals),
// the fallback when a lookup fails: a user never sees a raw key.
var EnglishTexts = sync.OnceValue(func() map[string]string {
	m, err := LoadTexts(English)
	if err != nil {
		logrus.WithError(err).Error("English translations unreadable")
	}
	return m
})

// LoadTexts reads translations/<code>.json into key -> text, taking the
// "other" form of a plural.
func LoadTexts(code string) (map[string]string, error) {
	texts, _, err := readTexts(code)
	return texts, err
}

// readTexts is LoadTexts that also returns plural key -> form -> text.
func readTexts(code string) (texts map[string]string, forms map[string]map[string]string, err error) {
	b, err := translationFS.ReadFile(translationDir + "/" + code + ".json")
	if err != nil {
		return nil, nil, fmt.Errorf("read %s translations: %w", code, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, nil, fmt.Errorf("parse %s.json: %w", code, err)
	}
	texts, forms = make(map[string]string, len(raw)), map[string]map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			texts[k] = s
			continue
		}
		var fs map[string]string
		if err := json.Unmarshal(v, &fs); err != nil {
			return nil, nil, fmt.Errorf("%s.json: key %q: %w", code, k, err)
		}
		texts[k], forms[k] = fs["other"], fs
	}
	return texts, forms, nil
}

// Tr returns the text of key in the current language.
func Tr(key string) string { return lang.X(key, EnglishTexts()[key]) }

// Trf returns the text of key with a filled in.
func Trf(key string, a Args) string { return lang.X(key, EnglishTexts()[key], a) }

// Trn returns the text of key in the plural form for n, with a filled in;
// a may use {{.N}}, which is n. The form follows the plural rules of the
// language in use, whatever locale lang holds its texts under.
func Trn(key string, n int, a Args) string {
	if a == nil {
		a = Args{}
	}
	a["N"] = n
	return pluralText(key, n, a)
}

// pluralText returns key's text in n's plural form, a filled in.
func pluralText(key string, n int, a Args) string {
	fallback := englishForms()[key][pluralForm(English, n)]
	if fallback == "" {
		// A text with no plural forms is the same for every count.
		return Trf(key, a)
	}
	return lang.X(key+pluralSep+pluralForm(LanguageInUse(), n), fallback, a)
}

// pluralSep joins a plural key and a form name in the keys lang is given:
// "engine.notShown#one".
const pluralSep = "#"

// pluralForms are the form names of a plural in a translation file.
var pluralForms = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// pluralForm names the form of a plural language code uses for n.
func pluralForm(code string, n int) string {
	return pluralForms[plural.Cardinal.MatchPlural(language.Make(code), n, 0, 0, 0, 0)]
}

// englishForms holds en.json's plurals, by key and form.
var englishForms = sync.OnceValue(func() map[string]map[string]string {
	_, forms, err := readTexts(English)
	if err != nil {
		logrus.WithError(err).Error("English translations unreadable")
	}
	return forms
})

var currentLanguage struct {
	sync.Mutex
	code string
}

// LanguageInUse returns the code of the language the texts are in.
func LanguageInUse() string {
	currentLanguage.Lock()
	defer currentLanguage.Unlock()
	return currentLanguage.code
}

// SetupLanguage makes the language the preference names (or, when it
// names none, the system's, if the app has it; else English) the one in
// use, and returns its code.
func SetupLanguage(prefs fyne.Preferences) string {
	code := prefs.String(KeyLanguage)
	if !IsAppLanguage(code) {
		code = SystemLanguage()
	}
	UseLanguage(code)
	return code
}

// IsAppLanguage reports whether the app ships the language code names.
func IsAppLanguage(code string) bool {
	for _, c := range Languages {
		if c == code {
			return true
		}
	}
	return false
}

// UseLanguage makes code the language of every text. lang has no setter:
// it picks, each time texts are added, the locale it holds texts for that
// is closest to the user's, and falls back to English when the user's
// cannot be read (LANG=C). So code's texts are added under both: the
// system's locale and English. Plurals go in as one key a form (see Trn),
// so that the locale they are filed under, whose plural rules may not be
// code's, does not choose the form.
func UseLanguage(code string) {
	if !IsAppLanguage(code) {
		code = English
	}
	currentLanguage.Lock()
	defer currentLanguage.Unlock()
	data, err := langData(code)
	if err != nil {
		logrus.WithError(err).Error("loading translations")
		return
	}
	for _, l := range []fyne.Locale{lang.SystemLocale(), "en"} {
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			logrus.WithError(err).WithField("locale", l).Error("loading translations")
		}
	}
	currentLanguage.code = code
}

// langData is translations/<code>.json as lang is given it: every plural
// flattened to a key a form, each form the file lacks being its "other".
func langData(code string) ([]byte, error) {
	texts, forms, err := readTexts(code)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(texts)+len(forms)*len(pluralForms))
	for k, v := range texts {
		out[k] = v
	}
	for k, fs := range forms {
		for _, f := range pluralForms {
			v, ok := fs[f]
			if !ok {
				v = fs["other"]
			}
			out[k+pluralSep+f] = v
		}
	}
	return json.Marshal(out)
}

// localeVars are the variables a Unix locale is read from, strongest first
// (LANGUAGE comes before them unless they say C or POSIX).
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// SystemLanguage returns the first of the user's languages that the app
// has, or English.
func SystemLanguage() string {
	return SystemLanguageFrom(os.Getenv)
}

// SystemLanguageFrom is SystemLanguage reading the locale with getenv.
func SystemLanguageFrom(getenv func(string) string) string {
	for _, l := range userLanguages(getenv) {
		if c := languagePart(l); IsAppLanguage(c) {
			return c
		}
	}
	return English
}

// userLanguages lists the user's locales, preferred first: on Unix from
// the environment as gettext reads it (C and POSIX mean none), elsewhere
// the system's.
func userLanguages(getenv func(string) string) []string {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return []string{lang.SystemLocale().String()}
	}
	locale := ""
	for _, k := range localeVars {
		if locale = getenv(k); locale != "" {
			break
		}
	}
	if c := languagePart(locale); c == "c" || c == "posix" {
		return nil
	}
	var out []string
	if l := getenv("LANGUAGE"); l != "" {
		out = strings.Split(l, ":")
	}
	if locale != "" {
		out = append(out, locale)
	}
	return out
}

// languagePart returns the lower-case language of a locale such as
// "vi_VN.UTF-8" or "en-US": "vi", "en".
func languagePart(locale string) string {
	l, _, _ := strings.Cut(locale, ".")
	l, _, _ = strings.Cut(l, "@")
	l, _, _ = strings.Cut(l, "_")
	l, _, _ = strings.Cut(l, "-")
	return strings.ToLower(l)
}
