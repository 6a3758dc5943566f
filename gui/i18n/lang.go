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
// else one of appLanguages.
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
	b, err := translationFS.ReadFile(translationDir + "/" + code + ".json")
	if err != nil {
		return nil, fmt.Errorf("read %s translations: %w", code, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse %s.json: %w", code, err)
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			return nil, fmt.Errorf("%s.json: key %q: %w", code, k, err)
		}
		out[k] = forms["other"]
	}
	return out, nil
}

// Tr returns the text of key in the current language.
func Tr(key string) string { return lang.X(key, EnglishTexts()[key]) }

// Trf returns the text of key with a filled in.
func Trf(key string, a Args) string { return lang.X(key, EnglishTexts()[key], a) }

// Trn returns the text of key in the plural form for n, with a filled in;
// a may use {{.N}}, which is n.
func Trn(key string, n int, a Args) string {
	if a == nil {
		a = Args{}
	}
	a["N"] = n
	return lang.XN(key, EnglishTexts()[key], n, a)
}

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

// UseLanguage loads the translations and makes code the language lang
// picks.
func UseLanguage(code string) {
	if !IsAppLanguage(code) {
		code = English
	}
	currentLanguage.Lock()
	defer currentLanguage.Unlock()
	setLocaleEnv(code)
	if err := lang.AddTranslationsFS(translationFS, translationDir); err != nil {
		logrus.WithError(err).Error("loading translations")
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		if b, err := translationFS.ReadFile(translationDir + "/" + code + ".json"); err == nil {
			if err := lang.AddTranslationsForLocale(b, lang.SystemLocale()); err != nil {
				logrus.WithError(err).Error("loading translations for the system locale")
			}
		}
	}
	currentLanguage.code = code
}

// localeVars are the variables a Unix locale is read from, strongest first
// (LANGUAGE comes before them unless they say C or POSIX).
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// setLocaleEnv points the locale variables at code: LANGUAGE, and the
// strongest of localeVars that is set (or LANG), which must not say C.
func setLocaleEnv(code string) {
	os.Setenv("LANGUAGE", code)
	for _, k := range localeVars {
		if os.Getenv(k) != "" {
			os.Setenv(k, code)
			return
		}
	}
	os.Setenv("LANG", code)
}

// startLocaleEnv is the locale environment the app started with, before
// setLocaleEnv changed it: what "the system's language" means.
var startLocaleEnv = func() map[string]string {
	m := map[string]string{}
	for _, k := range append([]string{"LANGUAGE"}, localeVars...) {
		m[k] = os.Getenv(k)
	}
	return m
}()

// SystemLanguage returns the first of the user's languages that the app
// has, or English.
func SystemLanguage() string {
	return SystemLanguageFrom(func(k string) string { return startLocaleEnv[k] })
}

// SystemLanguageFrom is systemLanguage reading the locale variables with
// getenv.
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
