package main

import (
	"flag"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// serveRules loads --rules, which sets the mode to rules; rules mode needs a
// file.
func serveRules(fs *flag.FlagSet, path string, mode *sockets.Mode) (sockets.RuleSet, error) {
	switch {
	case !flagWasSet(fs, "rules") && *mode == sockets.ModeRules:
		return nil, usageErrorf("serve", "--mode rules needs --rules FILE")
	case !flagWasSet(fs, "rules"):
		return nil, nil
	case path == "":
		return nil, usageErrorf("serve", "missing FILE after --rules")
	case flagWasSet(fs, "reply"):
		return nil, usageErrorf("serve", "--rules and --reply cannot be used together: the rules say what to reply")
	case flagWasSet(fs, "mode") && *mode != sockets.ModeRules:
		return nil, usageErrorf("serve", "--rules needs --mode rules, not %s", *mode)
	}
	set, err := rules.Load(path)
	if err != nil {
		// A file with a mistake is bad input, like a bad flag: exit 2.
		return nil, &usageError{err: err}
	}
	*mode = sockets.ModeRules
	return set, nil
}
