#!/usr/bin/env bash
# Benchmarks the engine's echo server against plain Go echoes (io.Copy, a
# 32 KiB copy loop, a ReadFrom/WriteTo UDP loop) and, when installed, socat
# and ncat, all on 127.0.0.1, then prints a summary with the targets:
#   TCP throughput  engine/iocopy >= 0.90   (8 streams of 32 KiB writes)
#   TCP round trip  engine p50 <= 1.2 x iocopy p50   (64-byte ping-pong)
#   UDP echo        engine/plain >= 0.90    (16 datagrams in flight)
#   idle memory     engine <= 20 KiB per idle TCP connection (10,000 clients)
#   TLS echo        engine/tlscopy >= 0.90   (crypto/tls + io.Copy, same cert and cipher)
#   TLS handshakes  engine/tlscopy >= 0.90   (new connections per second)
#   relay           engine/copyrelay >= 0.90 (two-goroutine io.Copy relay), p50 round trip <= 1.2 x
#   send - 50 MiB   send/socat <= 1.1        (through the echo server and back)
# Ratios come from the *Ratio benchmarks, which run the servers in turn
# within one process, so other load on the machine affects all alike.
#
#   scripts/bench.sh              full run (about 5 minutes)
#   BENCH_COUNT=1 scripts/bench.sh   quicker, noisier
#   SOCKETS_IDLE_CLIENTS=2000 scripts/bench.sh   fewer idle clients
# Raw output is kept in the file named at the end (benchstat reads it).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${BENCH_COUNT:-3}
idle=${SOCKETS_IDLE_CLIENTS:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/sockets-bench.XXXXXX")
raw=$work/raw.txt
bin=$work/sockets.test

echo "bench: building the test binaries"
go test -c -o "$bin" ./sockets/
go test -c -o "$work/cli.test" ./cmd/sockettester-cli/

run() {
  echo "bench: $*" >&2
  (cd sockets && "$bin" -test.run '^$' -test.count "$count" "$@") | tee -a "$raw" | grep -E '^(Benchmark|---|\s+bench_)' >&2 || true
}
run -test.bench '^BenchmarkTCPEchoThroughput$' -test.benchtime 1s
run -test.bench '^BenchmarkTCPEchoRatio$' -test.benchtime 20x
run -test.bench '^BenchmarkTCPRoundTrip64$' -test.benchtime 20000x
run -test.bench '^BenchmarkTCPRoundTrip64Ratio$' -test.benchtime 20000x
run -test.bench '^BenchmarkUDPEcho$' -test.benchtime 1s
run -test.bench '^BenchmarkUDPEchoRatio$' -test.benchtime 8x
run -test.bench '^BenchmarkTLSEchoRatio$' -test.benchtime 30x
run -test.bench '^BenchmarkTLSHandshakeRatio$' -test.benchtime 20x
run -test.bench '^BenchmarkRelayRatio$' -test.benchtime 20x
run -test.bench '^BenchmarkRelayRoundTrip64Ratio$' -test.benchtime 20000x
echo "bench: 50 MiB through send - and socat" >&2
(cd cmd/sockettester-cli && "$work/cli.test" -test.run '^$' -test.bench '^BenchmarkSendStdinVsSocat$' -test.benchtime 10x -test.count "$count") |
  tee -a "$raw" | grep -E '^(Benchmark|---|\s+)' >&2 || true
echo "bench: idle memory, $idle clients" >&2
(cd sockets && SOCKETS_IDLE_CLIENTS=$idle "$bin" -test.run '^TestIdleMemory$' -test.v) | tee -a "$raw" |
  grep -E 'idle-memory|FAIL|target' >&2 || true

echo
awk -v count="$count" '
# Collect every "value unit" pair of every benchmark line, keyed by name and
# unit, the -GOMAXPROCS suffix removed.
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 3; i < NF; i += 2) { k = name SUBSEP $(i+1); v[k, ++n[k]] = $i }
  next
}
/idle-memory server=/ {
  for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) f[kv[1]] = kv[2]
  idle[f["server"]] = sprintf("%8.2f %8.2f", f["KiB/conn-idle"], f["KiB/conn-after-echo"])
  idleconns = f["conns"]
}
function med(name, unit,   k, m, i, j, t, a) {
  k = name SUBSEP unit; m = n[k]
  if (m == 0) return ""
  for (i = 1; i <= m; i++) a[i] = v[k, i]
  for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return (m % 2) ? a[(m+1)/2] : (a[m/2] + a[m/2+1]) / 2
}
function show(x, fmt) { return x == "" ? "       -" : sprintf(fmt, x) }
function verdict(x, op, goal) {
  if (x == "") return "no data"
  if ((op == ">=" && x + 0 >= goal) || (op == "<=" && x + 0 <= goal)) return "PASS"
  return "MISS"
}
END {
  srv["tcp"] = "iocopy copy32k engine engine-gui engine-noevents socat ncat"
  srv["udp"] = "plain engine engine-gui engine-noevents"
  eng = "engine engine-gui engine-noevents"
  printf "Summary: medians of %s runs. engine = events on, a goroutine receiving each as it comes (as gui/logview does);\n", count
  printf "engine-gui = events taken every 33 ms; engine-noevents = Events nil. iocopy = io.Copy(c, c) (splice on Linux),\n"
  printf "copy32k = io.Copy through a 32 KiB buffer, plain = ReadFromUDPAddrPort/WriteToUDPAddrPort loop.\n"
  printf "Ratios: median of per-round ratios, servers interleaved in one process; cpu: = CPU time for the same work (lower is better).\n\n"

  printf "TCP echo throughput, 8 connections x 32 KiB writes          MB/s\n"
  ns = split(srv["tcp"], s, " ")
  for (i = 1; i <= ns; i++) {
    x = med("BenchmarkTCPEchoThroughput/" s[i], "MB/s")
    printf "  %-18s %12s\n", s[i], x != "" ? sprintf("%12.1f", x) : (s[i] == "ncat" ? "skipped: its --exec relay stalls when reading and writing at once" : "-")
  }
  printf "  interleaved (BenchmarkTCPEchoRatio)     vs iocopy  vs copy32k  cpu:vs iocopy  cpu:vs copy32k\n"
  ne = split(eng, e, " ")
  for (i = 1; i <= ne; i++)
    printf "  %-18s %22s %10s %14s %15s\n", e[i],
      show(med("BenchmarkTCPEchoRatio", e[i] "/iocopy"), "%10.3f"), show(med("BenchmarkTCPEchoRatio", e[i] "/copy32k"), "%10.3f"),
      show(med("BenchmarkTCPEchoRatio", "cpu:" e[i] "/iocopy"), "%14.3f"), show(med("BenchmarkTCPEchoRatio", "cpu:" e[i] "/copy32k"), "%15.3f")
  x = med("BenchmarkTCPEchoRatio", "engine/iocopy")
  printf "  target engine/iocopy >= 0.90: %s %s\n\n", show(x, "%.3f"), verdict(x, ">=", 0.9)

  printf "TCP round trip, 64 bytes, one connection            mean-ns   p50-ns   p99-ns\n"
  for (i = 1; i <= ns; i++)
    printf "  %-18s %28s %8s %8s\n", s[i], show(med("BenchmarkTCPRoundTrip64/" s[i], "ns/op"), "%8.0f"),
      show(med("BenchmarkTCPRoundTrip64/" s[i], "p50-ns"), "%8.0f"), show(med("BenchmarkTCPRoundTrip64/" s[i], "p99-ns"), "%8.0f")
  printf "  interleaved (BenchmarkTCPRoundTrip64Ratio)  p50-ns   p99-ns  p50 x iocopy  p99 x iocopy\n"
  split("iocopy copy32k " eng, r, " ")
  for (i = 1; i <= 5; i++) {
    a = med("BenchmarkTCPRoundTrip64Ratio", "p50-iocopy/" r[i]); c = med("BenchmarkTCPRoundTrip64Ratio", "p99-iocopy/" r[i])
    printf "  %-18s %24s %8s %13s %13s\n", r[i], show(med("BenchmarkTCPRoundTrip64Ratio", r[i] "-p50-ns"), "%8.0f"),
      show(med("BenchmarkTCPRoundTrip64Ratio", r[i] "-p99-ns"), "%8.0f"), (a == "" ? "-" : sprintf("%.3f", 1 / a)), (c == "" ? "-" : sprintf("%.3f", 1 / c))
  }
  x = med("BenchmarkTCPRoundTrip64Ratio", "p50-iocopy/engine")
  if (x != "") x = 1 / x
  printf "  target engine p50 <= 1.20 x iocopy p50: %s %s\n\n", show(x, "%.3f"), verdict(x, "<=", 1.2)

  printf "UDP echo, 16 datagrams in flight                 pkts/s (64 B)  pkts/s (1400 B)\n"
  nu = split(srv["udp"], u, " ")
  for (i = 1; i <= nu; i++)
    printf "  %-18s %30s %16s\n", u[i], show(med("BenchmarkUDPEcho/64/" u[i], "pkts/s"), "%14.0f"), show(med("BenchmarkUDPEcho/1400/" u[i], "pkts/s"), "%16.0f")
  printf "  interleaved (BenchmarkUDPEchoRatio)  64 B vs plain  cpu:vs plain  1400 B vs plain  cpu:vs plain\n"
  for (i = 1; i <= ne; i++)
    printf "  %-18s %18s %13s %16s %13s\n", e[i],
      show(med("BenchmarkUDPEchoRatio/64", e[i] "/plain"), "%13.3f"), show(med("BenchmarkUDPEchoRatio/64", "cpu:" e[i] "/plain"), "%13.3f"),
      show(med("BenchmarkUDPEchoRatio/1400", e[i] "/plain"), "%16.3f"), show(med("BenchmarkUDPEchoRatio/1400", "cpu:" e[i] "/plain"), "%13.3f")
  x = med("BenchmarkUDPEchoRatio/64", "engine/plain"); y = med("BenchmarkUDPEchoRatio/1400", "engine/plain")
  printf "  target engine/plain >= 0.90: 64 B %s %s, 1400 B %s %s\n\n", show(x, "%.3f"), verdict(x, ">=", 0.9), show(y, "%.3f"), verdict(y, ">=", 0.9)

  printf "Idle memory, %s clients in a child process     KiB/conn idle  after 1-byte echo\n", idleconns
  ni = split("engine engine-noevents copy32k iocopy", o, " ")
  for (i = 1; i <= ni; i++) if (o[i] in idle) printf "  %-18s %38s\n", o[i], idle[o[i]]
  split(idle["engine"], ie, " ")
  x = (ie[2] > ie[1]) ? ie[2] : ie[1]
  printf "  target engine <= 20 KiB per connection: %s %s\n\n", show(x, "%.2f"), verdict(x, "<=", 20)

  printf "TLS, engine vs crypto/tls + io.Copy (tlscopy), same certificate and cipher, interleaved\n"
  printf "  echo, 8 connections x 32 KiB writes   engine %s MB/s, tlscopy %s MB/s\n",
    show(med("BenchmarkTLSEchoRatio", "engine-MB/s"), "%.0f"), show(med("BenchmarkTLSEchoRatio", "tlscopy-MB/s"), "%.0f")
  x = med("BenchmarkTLSEchoRatio", "engine/tlscopy")
  printf "  target engine/tlscopy >= 0.90: %s %s (cpu %s)\n", show(x, "%.3f"), verdict(x, ">=", 0.9), show(med("BenchmarkTLSEchoRatio", "cpu:engine/tlscopy"), "%.3f")
  printf "  handshakes, 4 clients at once         engine %s/s, tlscopy %s/s\n",
    show(med("BenchmarkTLSHandshakeRatio", "engine-handshakes/s"), "%.0f"), show(med("BenchmarkTLSHandshakeRatio", "tlscopy-handshakes/s"), "%.0f")
  x = med("BenchmarkTLSHandshakeRatio", "engine/tlscopy")
  printf "  target engine/tlscopy >= 0.90: %s %s\n\n", show(x, "%.3f"), verdict(x, ">=", 0.9)

  printf "Relay to an io.Copy echo, engine vs a two-goroutine io.Copy relay (copyrelay), interleaved\n"
  printf "  throughput, 8 connections x 32 KiB writes   engine %s MB/s, copyrelay %s MB/s\n",
    show(med("BenchmarkRelayRatio", "engine-MB/s"), "%.0f"), show(med("BenchmarkRelayRatio", "copyrelay-MB/s"), "%.0f")
  x = med("BenchmarkRelayRatio", "engine/copyrelay")
  printf "  target engine/copyrelay >= 0.90: %s %s\n", show(x, "%.3f"), verdict(x, ">=", 0.9)
  printf "  round trip, 64 bytes: p50 engine %s ns, copyrelay %s ns; p99 engine %s ns, copyrelay %s ns\n",
    show(med("BenchmarkRelayRoundTrip64Ratio", "engine-p50-ns"), "%.0f"), show(med("BenchmarkRelayRoundTrip64Ratio", "copyrelay-p50-ns"), "%.0f"),
    show(med("BenchmarkRelayRoundTrip64Ratio", "engine-p99-ns"), "%.0f"), show(med("BenchmarkRelayRoundTrip64Ratio", "copyrelay-p99-ns"), "%.0f")
  x = med("BenchmarkRelayRoundTrip64Ratio", "p50-engine/copyrelay")
  printf "  target p50 engine/copyrelay <= 1.20: %s %s\n\n", show(x, "%.3f"), verdict(x, "<=", 1.2)

  printf "50 MiB from a file through send --half-close - (or socat - TCP:ADDR) to the echo and back\n"
  printf "  send %s ms, socat %s ms\n", show(med("BenchmarkSendStdinVsSocat", "send-ms"), "%.0f"), show(med("BenchmarkSendStdinVsSocat", "socat-ms"), "%.0f")
  x = med("BenchmarkSendStdinVsSocat", "send/socat")
  printf "  target send/socat <= 1.10: %s %s\n", show(x, "%.3f"), verdict(x, "<=", 1.1)
}' "$raw"
echo
echo "raw output: $raw"
