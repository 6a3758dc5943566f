package gui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets"
)

// Bind chooser choices.
const (
	bindLoopback = "This computer only (127.0.0.1)"
	bindAllIPv4  = "All IPv4 interfaces (0.0.0.0)"
	bindAllIPv6  = "All IPv6 (::)"
)

var bindOptions = []string{bindLoopback, bindAllIPv4, bindAllIPv6}

// parseBind turns the bind chooser's text (a choice or a typed address) into
// an IP address to listen on.
func parseBind(s string) (string, error) {
	switch strings.TrimSpace(s) {
	case bindLoopback:
		return "127.0.0.1", nil
	case bindAllIPv4:
		return "0.0.0.0", nil
	case bindAllIPv6:
		return "::", nil
	case "":
		return "", errors.New("choose an address to listen on, e.g. 127.0.0.1")
	}
	return sockets.ParseListenIP(s)
}

// validator turns a parser into an entry's Validator.
func validator[T any](parse func(string) (T, error)) fyne.StringValidator {
	return func(s string) error {
		_, err := parse(s)
		return err
	}
}

// payloadValidator is the Validator of a payload entry: parse reads the
// entry together with the fields it depends on (format, line ending).
func payloadValidator(parse func() ([]byte, error)) fyne.StringValidator {
	return func(string) error {
		_, err := parse()
		return err
	}
}

// parseTimeout reads a connect timeout: a Go duration ("5s", "1500ms") or a
// plain number of seconds ("5").
func parseTimeout(s string) (time.Duration, error) {
	d, err := parseDuration(s, "timeout")
	if err != nil {
		return 0, err
	}
	if d <= 0 || d > 10*time.Minute {
		return 0, errors.New("timeout must be more than 0 and at most 10m")
	}
	return d, nil
}

// parseInterval reads the pause between repeated sends.
func parseInterval(s string) (time.Duration, error) {
	d, err := parseDuration(s, "interval")
	if err != nil {
		return 0, err
	}
	if d < time.Millisecond || d > time.Hour {
		return 0, errors.New("interval must be between 1ms and 1h")
	}
	return d, nil
}

func parseDuration(s, what string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("enter a %s, e.g. 5s or 500ms", what)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f > float64(time.Hour*24/time.Second) {
			return 0, fmt.Errorf("%s %q is too long", what, s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s must be a duration like 5s or 500ms, not %q", what, s)
	}
	return d, nil
}

// maxRepeat bounds the repeat count.
const maxRepeat = 1000000

// parseRepeat reads how many times to send.
func parseRepeat(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("enter how many times to send (1 or more)")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxRepeat {
		return 0, fmt.Errorf("repeat must be a whole number from 1 to %d", maxRepeat)
	}
	return n, nil
}

// parsePayload parses typed payload text. Errors name the format and the
// position, e.g. `hex: invalid hex digit "g" at position 5`.
func parsePayload(s string, f sockets.Format, eol sockets.LineEnding) ([]byte, error) {
	b, err := sockets.ParsePayload(s, f, eol)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	return b, nil
}

// hintText renders a validation error for a hint label: first letter upper
// case, nothing for nil.
func hintText(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
