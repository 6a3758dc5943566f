#!/usr/bin/env bash
# Network conditions, side by side with toxiproxy itself: our relay
# (sockettester-cli relay --condition) against toxiproxy
# 2.5.0's server (built from the Go module proxy, driven by its HTTP API with
# curl), all on 127.0.0.1, with an echo server (sockettester-cli serve) as
# the target and scripts/conditions-compare.py as the client. Prints:
#   1. latency 100 ms: median round trip minus direct (target +100 ± 2 ms)
#   2. bandwidth 1000 KB/s: rate over 10 s (target 1000 ± 5%)
#   3. UDP loss 10% over 10,000 datagrams, twice with one seed (ours only:
#      toxiproxy has no UDP): 9-11% lost, the same datagrams both times
#   4. no conditions: 100 MiB echoed, throughput ours/toxiproxy (target
#      >= 1.5) and added round trip (target: ours <= toxiproxy's)
#   5. latency 500 ms at toxicity 0: round trip minus direct (target ~0;
#      toxiproxy#603)
#   6. a client's half-close with a 100 MiB echo: bytes back (target exact)
# Each of our figures gets PASS or MISS; any MISS exits 1.
# Without toxiproxy (no network, no module proxy) its columns say so and ours
# are still measured. About 2 minutes.
#
#   scripts/conditions-compare.sh     (make conditions-compare)
set -uo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/conditions-compare.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
py() { timeout 120 python3 scripts/conditions-compare.py "$@"; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }
# calc EXPR: awk arithmetic, printed with the given format.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

echo "compare: building sockettester-cli" >&2
CGO_ENABLED=0 go build -o "$work/cli" ./cmd/sockettester-cli || exit 1
echo "compare: building toxiproxy 2.5.0's server from the module proxy" >&2
if GOBIN=$work GOFLAGS=-mod=mod go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0 >"$work/tp-build.log" 2>&1; then
  tp=$work/server
else
  tp=
  echo "compare: toxiproxy could not be built, its columns are skipped:" >&2
  tail -3 "$work/tp-build.log" >&2
fi

# start OUT CMD...: run CMD in the background, wait for its first line.
start() {
  local out=$1; shift
  "$@" >"$out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [ -s "$out" ] && grep -q listening "$out" && return 0
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  echo "compare: $* did not start:" >&2; cat "$out" >&2; return 1
}

start "$work/serve.out" "$work/cli" serve --tcp 127.0.0.1:0 --udp 127.0.0.1:0 --quiet || exit 1
echo_tcp=$(awk '$2=="tcp" {print $3}' "$work/serve.out")
echo_udp=$(awk '$2=="udp" {print $3}' "$work/serve.out")

# relay ARGS...: start our relay (not in a subshell: its pid is kept), set
# a to its address; stop_relay ends it.
relay() {
  local out=$work/relay.$RANDOM.out
  a=
  start "$out" "$work/cli" relay --quiet "$@" || return 1
  relay_pid=${pids[-1]}
  a=$(sed -n 's/^listening [a-z]* \([^ ]*\) .*/\1/p' "$out" | head -1)
}
stop_relay() { kill "$relay_pid" 2>/dev/null; wait "$relay_pid" 2>/dev/null; }

api=
if [ -n "$tp" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$tp" -host 127.0.0.1 -port "$port" >"$work/tp.log" 2>&1 &
  pids+=($!)
  api=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -sf "$api/version" >/dev/null && break; sleep 0.1; done
  curl -sf "$api/version" >/dev/null || { echo "compare: toxiproxy did not start" >&2; cat "$work/tp.log" >&2; api=; }
fi
# toxi NAME [TOXIC_JSON]: a toxiproxy proxy to the echo server with one toxic
# (or none); prints its listening address.
toxi() {
  [ -n "$api" ] || return 1
  curl -sf -X POST "$api/proxies" -d "{\"name\":\"$1\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"$echo_tcp\",\"enabled\":true}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["listen"])' || return 1
  if [ -n "${2:-}" ]; then curl -sf -X POST "$api/proxies/$1/toxics" -d "$2" >/dev/null || return 1; fi
}

echo "compare: direct round trip" >&2
direct=$(py rtt "$echo_tcp" 200 | field median_ms)

echo "compare: 1. latency 100 ms" >&2
relay --to "$echo_tcp" --condition latency=100ms,dir=down --seed 1
ours_lat=$(py rtt "$a" 20 | field median_ms); stop_relay
if t=$(toxi lat '{"type":"latency","stream":"downstream","attributes":{"latency":100}}'); then
  tp_lat=$(py rtt "$t" 20 | field median_ms)
fi

echo "compare: 2. bandwidth 1000 KB/s over 10 s" >&2
relay --to "$echo_tcp" --condition bandwidth=1000,dir=down --seed 1
ours_bw=$(py rate "$a" 10 | field KBps); stop_relay
if t=$(toxi bw '{"type":"bandwidth","stream":"downstream","attributes":{"rate":1000}}'); then
  tp_bw=$(py rate "$t" 10 | field KBps)
fi

echo "compare: 3. UDP loss 10%, 10,000 datagrams, twice with seed 42" >&2
relay --udp --to "$echo_udp" --condition loss=0.1,dir=up --seed 42
py udploss "$a" 10000 >"$work/loss1"; stop_relay
relay --udp --to "$echo_udp" --condition loss=0.1,dir=up --seed 42
py udploss "$a" 10000 >"$work/loss2"; stop_relay
relay --udp --to "$echo_udp" --condition loss=0.1,dir=up --seed 43
py udploss "$a" 10000 >"$work/loss3"; stop_relay
loss1=$(field loss_pct <"$work/loss1"); loss2=$(field loss_pct <"$work/loss2")
if [ "$(field lost_ids <"$work/loss1")" = "$(field lost_ids <"$work/loss2")" ]; then same=yes; else same=NO; fi
if [ "$(field lost_ids <"$work/loss1")" = "$(field lost_ids <"$work/loss3")" ]; then other=same; else other=different; fi

echo "compare: 4. no conditions, 100 MiB echoed (best of 3) and round trip" >&2
best() { sort -n | tail -1; }
direct_tp=$(for _ in 1 2 3; do py echo "$echo_tcp" 100 | field MiBps; done | best)
relay --to "$echo_tcp"
ours_tp=$(for _ in 1 2 3; do py echo "$a" 100 | field MiBps; done | best)
ours_rtt=$(py rtt "$a" 2000 | field median_ms); stop_relay
direct2=$(py rtt "$echo_tcp" 2000 | field median_ms)
if t=$(toxi plain); then
  tp_tp=$(for _ in 1 2 3; do py echo "$t" 100 | field MiBps; done | best)
  tp_rtt=$(py rtt "$t" 2000 | field median_ms)
fi

echo "compare: 5. latency 500 ms at toxicity 0" >&2
relay --to "$echo_tcp" --condition latency=500ms,dir=down,toxicity=0 --seed 1
ours_t0=$(py rtt "$a" 3 5 | field median_ms); stop_relay
if t=$(toxi tox0 '{"type":"latency","stream":"downstream","toxicity":0,"attributes":{"latency":500}}'); then
  tp_t0=$(py rtt "$t" 3 5 | field median_ms)
fi

echo "compare: 6. half-close with 100 MiB echoed" >&2
relay --to "$echo_tcp"
ours_hc=$(py halfclose "$a" 100 | field bytes); stop_relay
if t=$(toxi hc); then tp_hc=$(py halfclose "$t" 100 | field bytes); fi

want=$((100 * 1024 * 1024))
# ok COND: PASS or MISS for one of our figures (an awk condition); a MISS
# makes the script exit 1 after the table.
missed=0
ok() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
v1=$(ok "($ours_lat - $direct) >= 98 && ($ours_lat - $direct) <= 102")
v2=$(ok "$ours_bw >= 950 && $ours_bw <= 1050")
v3=$(ok "$loss1 >= 9 && $loss1 <= 11 && \"$same\" == \"yes\"")
v4=$(ok "${tp_tp:-0} == 0 || $ours_tp / ${tp_tp:-1} >= 1.5")
v4b=$(ok "${tp_rtt:-0} == 0 || $ours_rtt <= ${tp_rtt:-0}")
v5=$(ok "($ours_t0 - $direct) < 5")
v6=$(ok "$ours_hc == $want")
case "$v1$v2$v3$v4$v4b$v5$v6" in *MISS*) missed=1 ;; esac
echo
echo "conditions-compare $(date -u '+%Y-%m-%d %H:%M UTC'), 127.0.0.1, direct round trip ${direct} ms"
printf '%-44s %12s %12s  %s\n' "figure" "ours" "toxiproxy" "target"
printf '%-44s %12s %12s  %s\n' "1. latency 100ms: added round trip (ms)" "$(calc '%.2f' "$ours_lat - $direct")" \
  "$( [ -n "${tp_lat:-}" ] && calc '%.2f' "$tp_lat - $direct" || echo n/a)" "100 ± 2  $v1"
printf '%-44s %12s %12s  %s\n' "2. bandwidth 1000 KB/s: measured KB/s" "$ours_bw" "${tp_bw:-n/a}" "950..1050  $v2"
printf '%-44s %12s %12s  %s\n' "3. UDP loss 10%, seed 42: lost % (run 1, 2)" "$loss1, $loss2" "no UDP" "9..11  $v3"
printf '%-44s %12s %12s  %s\n' "   same datagrams lost with the same seed" "$same" "no UDP" "yes (seed 43: $other)"
printf '%-44s %12s %12s  %s\n' "4. no conditions: 100 MiB echo MiB/s" "$ours_tp" "${tp_tp:-n/a}" "direct $direct_tp"
[ -n "${tp_tp:-}" ] && printf '%-44s %12s %12s  %s\n' "   throughput ratio ours/toxiproxy" "$(calc '%.2fx' "$ours_tp / $tp_tp")" "" ">= 1.5x  $v4"
printf '%-44s %12s %12s  %s\n' "   added round trip, 64 B (ms)" "$(calc '%.3f' "$ours_rtt - $direct2")" \
  "$( [ -n "${tp_rtt:-}" ] && calc '%.3f' "$tp_rtt - $direct2" || echo n/a)" "ours <= toxiproxy's  $v4b"
printf '%-44s %12s %12s  %s\n' "5. latency 500ms toxicity 0: added ms" "$(calc '%.2f' "$ours_t0 - $direct")" \
  "$( [ -n "${tp_t0:-}" ] && calc '%.2f' "$tp_t0 - $direct" || echo n/a)" "~0 (toxiproxy#603)  $v5"
printf '%-44s %12s %12s  %s\n' "6. half-close, 100 MiB echo: bytes back" "$ours_hc" "${tp_hc:-n/a}" "$want  $v6"
printf '%-44s %12s %12s  %s\n' "   short by (bytes)" "$((want - ours_hc))" \
  "$( [ -n "${tp_hc:-}" ] && echo $((want - tp_hc)) || echo n/a)" "0"
[ "$missed" = 0 ] || { echo "conditions-compare: a target was missed (MISS above)"; exit 1; }
