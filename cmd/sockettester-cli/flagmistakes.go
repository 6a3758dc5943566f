package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// refusedValue is a flag value that Set refused.
type refusedValue struct {
	name, value string
	orig        flag.Value
	err         error
}

// watchedValue notes a value its flag refuses, because the flag package's
// own error keeps only the text ("parse error").
type watchedValue struct {
	flag.Value
	name    string
	refused **refusedValue
}

func (v *watchedValue) Set(s string) error {
	err := v.Value.Set(s)
	if err != nil && *v.refused == nil {
		*v.refused = &refusedValue{name: v.name, value: s, orig: v.Value, err: err}
	}
	return err
}

// watchedBool keeps a boolean flag usable without a value.
type watchedBool struct{ watchedValue }

func (watchedBool) IsBoolFlag() bool { return true }

// watchValues wraps fs's values so the first refused one is recorded in the
// returned pointer.
func watchValues(fs *flag.FlagSet) **refusedValue {
	refused := new(*refusedValue)
	fs.VisitAll(func(f *flag.Flag) {
		switch f.Value.(type) {
		case *watchedValue, *watchedBool:
			return
		}
		w := watchedValue{Value: f.Value, name: f.Name, refused: refused}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			f.Value = &watchedBool{w}
		} else {
			f.Value = &w
		}
	})
	return refused
}

// flagName writes a flag the way help shows it: -d, --wait.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagMistake turns fs.Parse's err into a one-line usage error saying what
// would be right; used are the arguments Parse consumed, the culprit last.
func flagMistake(fs *flag.FlagSet, used []string, refused *refusedValue, err error) error {
	ue := &usageError{cmd: fs.Name(), helpHint: true}
	if refused != nil {
		ue.err = valueMistake(refused)
		return ue
	}
	var culprit string
	if len(used) > 0 {
		culprit = used[len(used)-1]
	}
	name, _, _ := strings.Cut(strings.TrimLeft(culprit, "-"), "=")
	switch {
	case !strings.HasPrefix(culprit, "-") || name == "":
		ue.err = err
	case fs.Lookup(name) == nil:
		ue.err = fmt.Errorf("unknown flag %s", flagName(name))
		if near := nearestFlag(fs, name); near != "" {
			ue.err = fmt.Errorf("unknown flag %s: did you mean %s?", flagName(name), flagName(near))
		}
	default:
		// A known flag that failed without a refused value was the last
		// argument, with nothing after it.
		ue.err = fmt.Errorf("%s needs a value", flagName(name))
	}
	return ue
}

// valueMistake says what kind of value the flag wants.
func valueMistake(r *refusedValue) error {
	flagText := flagName(r.name)
	var kind any
	if g, ok := r.orig.(flag.Getter); ok {
		kind = g.Get()
	}
	switch kind.(type) {
	case time.Duration:
		if _, err := strconv.ParseFloat(r.value, 64); err == nil {
			return fmt.Errorf("%s %s needs a unit: write %ss (seconds) or %sms (milliseconds)", flagText, r.value, r.value, r.value)
		}
		return fmt.Errorf("%s wants a duration such as 2s, 500ms or 1m30s, not %q", flagText, r.value)
	case int, int64, uint, uint64:
		return fmt.Errorf("%s wants a whole number, not %q", flagText, r.value)
	case bool:
		return fmt.Errorf("%s takes true or false, not %q", flagText, r.value)
	}
	if errors.Is(r.err, strconv.ErrSyntax) || errors.Is(r.err, strconv.ErrRange) {
		return fmt.Errorf("invalid value %q for %s", r.value, flagText)
	}
	// The value's own error names the value and what would be right.
	return fmt.Errorf("%s: %v", flagText, r.err)
}

// nearestFlag returns the flag whose name is fewest edits from name, when
// that is close enough to be a slip of the keyboard: one edit in a short
// name, two in a longer one.
func nearestFlag(fs *flag.FlagSet, name string) string {
	limit := 1
	if len(name) > 5 {
		limit = 2
	}
	best, bestDist := "", limit+1
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(name, f.Name); d < bestDist {
			best, bestDist = f.Name, d
		}
	})
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// neighbours that turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
