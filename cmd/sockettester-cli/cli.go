package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// usageError exits with status 2; with cmd set, a pointer to its help follows.
type usageError struct {
	cmd      string
	err      error
	showHelp bool // the synopsis and a pointer to the help follow
	helpHint bool // only the pointer to the help follows
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, err: fmt.Errorf(format, args...)}
}

// errQuiet is a failure already reported; it only sets the exit status.
var errQuiet = errors.New("failed")

// exitCode reports err on stderr in one line and maps it to an exit status.
func exitCode(err error, std stdio) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(std.err, "%s: %v\n", progName, ue.err)
		switch c, ok := findCommand(ue.cmd); {
		case ue.helpHint && ok:
			fmt.Fprintf(std.err, "Run '%s %s --help' for details.\n", progName, ue.cmd)
		case !ue.showHelp:
		case ok:
			fmt.Fprint(std.err, synopsis(c.usage))
			fmt.Fprintf(std.err, "Run '%s %s --help' for details.\n", progName, ue.cmd)
		default:
			printShortUsage(std.err)
		}
		return exitUsage
	}
	if !errors.Is(err, errQuiet) {
		fmt.Fprintf(std.err, "%s: %s\n", progName, oneLine(err.Error()))
	}
	return exitFailure
}

func synopsis(usage string) string {
	head, _, _ := strings.Cut(usage, "\n\n")
	return head + "\n"
}

// oneLine keeps a message on one line, whatever the error text holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// newFlagSet reports errors instead of printing or exiting, so the command
// decides where help and errors go.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// errHelp: the command has already printed the help asked for.
var errHelp = errors.New("help requested")

// parseFlags lets flags and arguments mix ("send hello --tcp ADDR"; '--' still
// ends the flags). -h prints usage and returns errHelp.
func parseFlags(fs *flag.FlagSet, args []string, usage string, std stdio) ([]string, error) {
	var positional []string
	refused := watchValues(fs)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(std.out, usage)
				return nil, errHelp
			}
			return nil, flagMistake(fs, args[:len(args)-len(fs.Args())], *refused, err)
		}
		rest := fs.Args()
		used := len(args) - len(rest)
		if used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// helpOK turns errHelp into success; commands return through it.
func helpOK(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func flagWasSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// countSet counts how many of the named flags were given.
func countSet(fs *flag.FlagSet, names ...string) int {
	n := 0
	for _, name := range names {
		if flagWasSet(fs, name) {
			n++
		}
	}
	return n
}

// interruptible cancels ctx on Ctrl-C or SIGTERM; the returned stop restores
// the usual handling, so a second Ctrl-C while winding down kills it.
func interruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}
