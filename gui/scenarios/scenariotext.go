package scenarios

import (
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// FailureText renders a failed step's reason and difference in the
// current language: Failure.Detail, line by line, its labels and messages
// translated and the values (what was expected, what arrived, as text and
// hex) as they are.
func FailureText(f *scenario.Failure) string {
	expected, received := i18n.Tr("scenario.expected"), i18n.Tr("scenario.received")
	width := max(utf8.RuneCountInString(expected), utf8.RuneCountInString(received)) + 1
	pad := func(label string) string {
		return label + strings.Repeat(" ", width-utf8.RuneCountInString(label))
	}
	lines := strings.Split(f.Detail(), "\n")
	for i, l := range lines {
		switch {
		case i == 0:
			if !f.Why.IsZero() {
				lines[i] = i18n.TrMessage(f.Why)
			}
		case strings.HasPrefix(l, "expected: "):
			value := strings.TrimPrefix(l, "expected: ")
			if !f.ExpectedSaid.IsZero() {
				value = i18n.TrMessage(f.ExpectedSaid)
			}
			lines[i] = pad(expected) + value
		case strings.HasPrefix(l, "received: "):
			lines[i] = pad(received) + strings.TrimPrefix(l, "received: ")
		case strings.HasPrefix(l, "          "):
			value := strings.TrimPrefix(l, "          ")
			if value == "(nothing)" {
				value = i18n.Tr("scenario.nothing")
			}
			lines[i] = strings.Repeat(" ", width) + value
		case f.Diff >= 0 && i == len(lines)-1:
			lines[i] = i18n.Trf("engine.stepFirstDiff", i18n.Args{"Offset": f.Diff})
		}
	}
	return strings.Join(lines, "\n")
}
