package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/bench"
)

const benchUsage = `usage: sockettester-cli bench (--tcp|--udp) ADDR [-c CONNS] [-d DURATION] [-n COUNT]
                            [--size BYTES] [--timeout DUR] [--json]

Load an echo server (sockettester-cli serve, the desktop app, or any other)
and measure it. Each connection does ping-pong: write --size bytes, read the
same bytes back, note the round-trip time, repeat, until --duration has
passed (or -n round trips are done). Then it prints a table, or one JSON
object with --json.

  messages     round trips completed (one message out, its echo back), and per second
  throughput   bytes sent plus bytes received, per second, in MB/s (10^6 bytes)
  latency      round-trip time: p50, p99 (within 1.6 %) and the exact max
  errors       failed connects, timeouts, resets and replies that are not the
               echo (those are no round trip: a reply server makes none)

Flags:
  --tcp ADDR          bench a TCP echo server
  --udp ADDR          bench a UDP echo server (one datagram per message)
  -c, --conns N       connections at once (default 8)
  -d, --duration DUR  how long to run (default 5s)
  -n, --count N       stop after N round trips in total (default 0: no limit)
  --size BYTES        bytes per message (default 64)
  --timeout DUR       limit for each connect and round trip (default 2s);
                      a lost UDP datagram costs this much and counts as an error
  --json              print the result as JSON
  -h, --help          show this help

Exit status: 0 when at least one round trip completed, 1 when none did,
2 for a command-line mistake.

Serve with --quiet while benchmarking: printing every event costs the
server CPU time that the numbers would otherwise include.

Examples:
  sockettester-cli serve --tcp 127.0.0.1:9000 --quiet &
  sockettester-cli bench --tcp 127.0.0.1:9000
  sockettester-cli bench --udp 127.0.0.1:9000 -c 2 -d 1s --size 512 --json
`

// runBench parses bench's command line, runs the load and prints the result.
func runBench(ctx context.Context, args []string, std stdio) error {
	cfg, asJSON, err := parseBench(args, std)
	if err != nil {
		return helpOK(err)
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if asJSON {
		var b []byte
		if b, err = json.Marshal(res); err == nil {
			_, err = std.out.Write(append(b, '\n'))
		}
	} else {
		err = printBenchTable(std.out, res)
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if res.RoundTrips == 0 {
		why := "no round trip completed"
		if res.FirstError != nil {
			why += ": " + res.FirstError.Error()
		}
		return errors.New(why)
	}
	return nil
}

// parseBench reads bench's command line.
func parseBench(args []string, std stdio) (bench.Config, bool, error) {
	var cfg bench.Config
	fs := newFlagSet("bench")
	tcp := fs.String("tcp", "", "")
	udp := fs.String("udp", "", "")
	for _, name := range []string{"c", "conns"} {
		fs.IntVar(&cfg.Conns, name, bench.DefaultConns, "")
	}
	for _, name := range []string{"d", "duration"} {
		fs.DurationVar(&cfg.Duration, name, bench.DefaultDuration, "")
	}
	for _, name := range []string{"n", "count"} {
		fs.Uint64Var(&cfg.MaxRoundTrips, name, 0, "")
	}
	fs.IntVar(&cfg.Size, "size", bench.DefaultSize, "")
	fs.DurationVar(&cfg.Timeout, "timeout", bench.DefaultTimeout, "")
	asJSON := fs.Bool("json", false, "")
	rest, err := parseFlags(fs, args, benchUsage, std)
	if err != nil {
		return cfg, false, err
	}
	if len(rest) > 0 {
		return cfg, false, usageErrorf("bench", "unexpected argument %q (the address goes after --tcp or --udp)", rest[0])
	}
	switch tcpSet, udpSet := flagWasSet(fs, "tcp"), flagWasSet(fs, "udp"); {
	case tcpSet && udpSet:
		return cfg, false, usageErrorf("bench", "give --tcp or --udp, not both")
	case tcpSet:
		cfg.Network, cfg.Addr = "tcp", *tcp
	case udpSet:
		cfg.Network, cfg.Addr = "udp", *udp
	default:
		return cfg, false, usageErrorf("bench", "missing --tcp ADDR or --udp ADDR (e.g. --tcp 127.0.0.1:9000)")
	}
	if cfg.Addr, err = addr.ParseDial(cfg.Addr); err != nil {
		return cfg, false, usageErrorf("bench", "%v", err)
	}
	switch {
	case cfg.Conns < 1:
		return cfg, false, usageErrorf("bench", "-c must be at least 1, not %d", cfg.Conns)
	case cfg.Duration <= 0:
		return cfg, false, usageErrorf("bench", "-d must be positive, e.g. 5s")
	case cfg.Size < 1:
		return cfg, false, usageErrorf("bench", "--size must be at least 1, not %d", cfg.Size)
	case cfg.Timeout <= 0:
		return cfg, false, usageErrorf("bench", "--timeout must be positive, e.g. 2s")
	}
	if err := cfg.Check(); err != nil {
		return cfg, false, usageErrorf("bench", "%v", err)
	}
	return cfg, *asJSON, nil
}

// printBenchTable writes the result as an aligned table.
func printBenchTable(w io.Writer, r bench.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\t%s %s\n", r.Network, r.Addr)
	fmt.Fprintf(tw, "connections\t%d\n", r.Conns)
	fmt.Fprintf(tw, "message size\t%d B\n", r.Size)
	fmt.Fprintf(tw, "duration\t%.2fs\n", r.Elapsed.Seconds())
	fmt.Fprintf(tw, "messages\t%d\t(%.0f/s)\n", r.RoundTrips, r.RoundTripsPerSec())
	fmt.Fprintf(tw, "throughput\t%.2f MB/s\t(sent + received)\n", r.Throughput())
	for _, l := range []struct {
		name string
		d    time.Duration
	}{{"p50", r.P50}, {"p99", r.P99}, {"max", r.Max}} {
		v := "-"
		if r.RoundTrips > 0 {
			v = roundLatency(l.d).String()
		}
		fmt.Fprintf(tw, "latency %s\t%s\n", l.name, v)
	}
	if r.FirstError != nil {
		fmt.Fprintf(tw, "errors\t%d\t(first: %s)\n", r.Errors, oneLine(r.FirstError.Error()))
	} else {
		fmt.Fprintf(tw, "errors\t%d\n", r.Errors)
	}
	return tw.Flush()
}

// roundLatency keeps three significant digits, e.g. 12.3µs or 1.25ms.
func roundLatency(d time.Duration) time.Duration {
	for unit := time.Duration(1); unit < time.Hour; unit *= 10 {
		if d < 1000*unit {
			return d.Round(unit)
		}
	}
	return d
}
