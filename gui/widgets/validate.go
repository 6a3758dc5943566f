package widgets

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Bind chooser choices: the address each stands for, the key of its
// label, and the name preferences keep for it.
var bindChoices = []struct{ addr, key, name string }{
	{"127.0.0.1", "bind.loopback", "loopback"},
	{"0.0.0.0", "bind.allIPv4", "all"},
	{"::", "bind.allIPv6", "all6"},
}

// BindOptions returns the bind chooser's choices in the current language.
func BindOptions() []string {
	out := make([]string, len(bindChoices))
	for i, c := range bindChoices {
		out[i] = i18n.Tr(c.key)
	}
	return out
}

// BindLoopback is the loopback choice in the current language, the
// default.
func BindLoopback() string { return BindShown(BindDefault) }

// bindChoiceOf returns the index of the choice whose label, in any of the
// app's languages, is s.
func bindChoiceOf(s string) (int, bool) {
	s = strings.TrimSpace(s)
	for i, c := range bindChoices {
		for _, label := range textInEveryLanguage(c.key) {
			if s == label {
				return i, true
			}
		}
	}
	return 0, false
}

// BindStored is what preferences keep for the bind chooser's text s: the
// name of the choice it shows in any language ("loopback", "all",
// "all6"), else s as typed.
func BindStored(s string) string {
	if i, ok := bindChoiceOf(s); ok {
		return bindChoices[i].name
	}
	return s
}

// BindShown is the bind chooser's text for stored, what preferences keep:
// a choice's name, or its label in any language as older versions kept
// it, shows as that choice in the current language; anything else is a
// typed address, shown as typed.
func BindShown(stored string) string {
	for _, c := range bindChoices {
		if stored == c.name {
			return i18n.Tr(c.key)
		}
	}
	if i, ok := bindChoiceOf(stored); ok {
		return i18n.Tr(bindChoices[i].key)
	}
	return stored
}

// BindDefault is the stored name of the default choice, loopback.
const BindDefault = "loopback"

// ParseBind turns the bind chooser's text (a choice in any language, or a
// typed address) into an IP address to listen on.
func ParseBind(s string) (string, error) {
	if i, ok := bindChoiceOf(s); ok {
		return bindChoices[i].addr, nil
	}
	if strings.TrimSpace(s) == "" {
		return "", errors.New(i18n.Tr("hint.bindEmpty"))
	}
	return addr.ParseListenIP(s)
}

// languageTexts holds every app language's texts, by code, loaded once.
var languageTexts = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, code := range i18n.Languages {
		if m, err := i18n.LoadTexts(code); err == nil {
			out[code] = m
		}
	}
	return out
})

// textInEveryLanguage returns key's text in each of the app's languages.
func textInEveryLanguage(key string) []string {
	var out []string
	for _, code := range i18n.Languages {
		if s := languageTexts()[code][key]; s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Validator turns a parser into a check of its error.
func Validator[T any](parse func(string) (T, error)) fyne.StringValidator {
	return func(s string) error {
		_, err := parse(s)
		return err
	}
}

// ParseTimeout reads a connect timeout: a Go duration ("5s", "1500ms") or a
// plain number of seconds ("5").
func ParseTimeout(s string) (time.Duration, error) {
	d, err := parseDuration(s, "hint.timeoutEmpty", "hint.timeoutForm")
	if err != nil {
		return 0, err
	}
	if d <= 0 || d > 10*time.Minute {
		return 0, errors.New(i18n.Tr("hint.timeoutRange"))
	}
	return d, nil
}

// ParseInterval reads the pause between repeated sends.
func ParseInterval(s string) (time.Duration, error) {
	d, err := parseDuration(s, "hint.intervalEmpty", "hint.intervalForm")
	if err != nil {
		return 0, err
	}
	if d < time.Millisecond || d > time.Hour {
		return 0, errors.New(i18n.Tr("hint.intervalRange"))
	}
	return d, nil
}

// parseDuration reads a Go duration or a number of seconds; empty and bad
// name the keys of the errors for an empty and a malformed value.
func parseDuration(s, empty, bad string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New(i18n.Tr(empty))
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f > float64(time.Hour*24/time.Second) {
			return 0, errors.New(i18n.Trf(bad, i18n.Args{"Value": s}))
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New(i18n.Trf(bad, i18n.Args{"Value": s}))
	}
	return d, nil
}

const maxRepeat = 1000000

// ParseRepeat reads how many times to send.
func ParseRepeat(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New(i18n.Tr("hint.repeatEmpty"))
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxRepeat {
		return 0, errors.New(i18n.Trf("hint.repeatRange", i18n.Args{"Max": maxRepeat}))
	}
	return n, nil
}

// payloadError is a payload that does not parse in its format.
type payloadError struct {
	format payload.Format
	err    error // a *payload.SyntaxError, usually
}

func (e *payloadError) Error() string { return e.format.String() + ": " + e.err.Error() }
func (e *payloadError) Unwrap() error { return e.err }

// PayloadError is err, a problem in a payload typed in format f, as
// ParsePayload returns it: a hint names the format and the position.
func PayloadError(f payload.Format, err error) error { return &payloadError{format: f, err: err} }

// ParsePayload parses typed payload text. Errors name the format and the
// position, e.g. `hex: invalid hex digit "g" at position 5`.
func ParsePayload(s string, f payload.Format, eol payload.LineEnding) ([]byte, error) {
	b, err := payload.Parse(s, f, eol)
	if err != nil {
		return nil, &payloadError{format: f, err: err}
	}
	return b, nil
}

// hintText renders a problem for a hint label in the current language:
// the engine's messages translated, first letter upper case, nothing for
// nil.
func hintText(err error) string {
	if err == nil {
		return ""
	}
	var pe *payloadError
	var s string
	if errors.As(err, &pe) {
		s = FormatLabel(pe.format) + ": " + i18n.SyntaxText(pe.err)
	} else {
		s = i18n.TrError(err)
	}
	return UpperFirst(s)
}

// UpperFirst upper-cases the first letter of s.
func UpperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
