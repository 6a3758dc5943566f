package main

import (
	"math/rand/v2"
	"strings"

	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/conditions/condfile"
)

// specList is a repeatable flag's values.
type specList []string

func (l *specList) String() string     { return strings.Join(*l, " ") }
func (l *specList) Set(v string) error { *l = append(*l, v); return nil }

// condFlags are relay's --condition, --conditions and --seed.
type condFlags struct {
	specs specList
	file  string
	seed  uint64
}

// set builds the conditions of a UDP relay (udp) or a TCP one, refusing
// types that relay cannot apply; nil when none is asked for. The seed is
// --seed, else the file's, else a random one.
func (f *condFlags) set(seedGiven, udp bool) (*conditions.Set, error) {
	if len(f.specs) == 0 && f.file == "" {
		if seedGiven {
			return nil, usageErrorf("relay", "--seed needs --condition or --conditions: it seeds their random choices")
		}
		return nil, nil
	}
	var list []conditions.Condition
	seed, hasSeed := f.seed, seedGiven
	if f.file != "" {
		file, err := condfile.Load(f.file)
		if err != nil {
			// A file with a mistake is bad input, like a bad flag: exit 2.
			return nil, &usageError{err: err}
		}
		list = file.Conditions
		if file.HasSeed && !seedGiven {
			seed, hasSeed = file.Seed, true
		}
	}
	for _, spec := range f.specs {
		c, err := conditions.Parse(spec)
		if err != nil {
			return nil, usageErrorf("relay", "--condition %s: %v", spec, err)
		}
		list = append(list, c)
	}
	if !hasSeed {
		seed = rand.Uint64() >> 1
	}
	set := conditions.NewSet(seed)
	set.Bind(udp) // empty: nothing to refuse yet
	for _, c := range list {
		if err := set.Add(c); err != nil {
			return nil, usageErrorf("relay", "%v", err)
		}
	}
	return set, nil
}
