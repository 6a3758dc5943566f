// Command sockettester-cli is Socket Tester's headless twin: a TCP/UDP test
// server, client, relay, scenario runner and load generator for scripts and CI,
// on the same engine as the app and without cgo.
//
// Usage:
//
//	sockettester-cli serve --tcp 127.0.0.1:9000 [--udp ADDR] [--mode echo|reply|silent] [--rules FILE] [--tls] ...
//	sockettester-cli send --tcp 127.0.0.1:9000 [--hex] [--eol lf] [--tls] [--half-close] [--out raw|text|hex|json] PAYLOAD
//	sockettester-cli bench --tcp 127.0.0.1:9000 [-c 8] [-d 5s] [--size 64] [--json]
//	sockettester-cli relay --listen 127.0.0.1:8080 --to 127.0.0.1:9000 [--tls-to] [--tls] [--json]
//	sockettester-cli run [--junit FILE] [--json] [--pcap FILE] SCENARIO-FILE...
//	sockettester-cli ifaces [--json]
//	sockettester-cli help [COMMAND]
//	sockettester-cli --version
//
// Exit status: 0 on success, 1 when the network part or a scenario failed, 2
// when the command line or a file it names is wrong.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/sockettester/sockettester/internal/version"
)

// progName prefixes every message the tool prints about itself.
const progName = "sockettester-cli"

const (
	exitOK      = 0 // success
	exitFailure = 1 // a network failure or no reply
	exitUsage   = 2 // a mistake on the command line
)

// stdio is where a command reads and writes, so tests run commands
// in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

type command struct {
	name    string
	summary string
	usage   string // full help text, printed by --help
	run     func(ctx context.Context, args []string, std stdio) error
}

// commands returns the subcommands in the order help lists them.
func commands() []command {
	return []command{
		{"serve", "run TCP and/or UDP test servers until interrupted", serveUsage, runServe},
		{"send", "send a payload and print what comes back", sendUsage, runSend},
		{"bench", "measure an echo server: throughput and round-trip latency", benchUsage, runBench},
		{"relay", "sit between a client and a server and log what both say", relayUsage, runRelay},
		{"run", "run send/expect scenario files, as tests", runUsage, runRun},
		{"ifaces", "list network interfaces and their addresses, for --iface", ifacesUsage, runIfaces},
		{"help", "show help for a command", helpUsage, nil},
		{"version", "print the version", versionUsage, runVersion},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

const mainUsage = `usage: sockettester-cli [--version] [--help] COMMAND [FLAGS] [ARGS]

Socket Tester without a window: TCP/UDP test servers (TLS too), a one-shot
client, a load generator, a logging relay and a send/expect scenario runner,
for scripts, CI and headless machines.

Commands:
%s
Run 'sockettester-cli COMMAND --help' for a command's flags.
Flags may be written -flag or --flag, before or after the arguments;
'--' ends the flags (for a payload that starts with '-').

Exit status: 0 success, 1 network failure, no reply or a failed scenario,
2 command-line mistake or invalid file.
`

const helpUsage = `usage: sockettester-cli help [COMMAND]

Show the help for COMMAND, or the list of commands.
`

const versionUsage = `usage: sockettester-cli version

Print "sockettester-cli VERSION" (the same as 'sockettester-cli --version').
`

func printMainUsage(w io.Writer) {
	list := ""
	for _, c := range commands() {
		list += fmt.Sprintf("  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, mainUsage, list)
}

// printShortUsage is the reminder shown after a mistake.
func printShortUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: sockettester-cli [--version] [--help] COMMAND [FLAGS] [ARGS]")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "Run '%s --help' for details.\n", progName)
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr}))
}

func run(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 {
		printShortUsage(std.err)
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help":
		printMainUsage(std.out)
		return exitOK
	case "-version", "--version":
		return exitCode(runVersion(ctx, args[1:], std), std)
	case "help":
		return runHelp(args[1:], std)
	default:
		c, ok := findCommand(name)
		if !ok {
			if len(name) > 0 && name[0] == '-' {
				return exitCode(&usageError{err: fmt.Errorf("unknown flag %s", name), showHelp: true}, std)
			}
			return exitCode(&usageError{err: fmt.Errorf("unknown command %q", name), showHelp: true}, std)
		}
		return exitCode(c.run(ctx, args[1:], std), std)
	}
}

// runHelp prints the help of one command, or the overview.
func runHelp(args []string, std stdio) int {
	if len(args) == 0 {
		printMainUsage(std.out)
		return exitOK
	}
	if len(args) == 1 && isHelpFlag(args[0]) {
		fmt.Fprint(std.out, helpUsage)
		return exitOK
	}
	if len(args) > 1 {
		return exitCode(usageErrorf("help", "too many arguments: want one command name"), std)
	}
	c, ok := findCommand(args[0])
	if !ok {
		return exitCode(&usageError{err: fmt.Errorf("unknown command %q", args[0]), showHelp: true}, std)
	}
	fmt.Fprint(std.out, c.usage)
	return exitOK
}

func runVersion(_ context.Context, args []string, std stdio) error {
	if len(args) == 1 && isHelpFlag(args[0]) {
		fmt.Fprint(std.out, versionUsage)
		return nil
	}
	if len(args) > 0 {
		return usageErrorf("version", "unexpected argument %q", args[0])
	}
	fmt.Fprintf(std.out, "%s %s\n", progName, version.String())
	return nil
}

func isHelpFlag(s string) bool {
	return s == "-h" || s == "-help" || s == "--help"
}
