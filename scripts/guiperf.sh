#!/usr/bin/env bash
# GUI performance figures (make guiperf), all under a private Xvfb:
#
#  1. Start-up: RUNS times (default 5), the time from launching the app to
#     its window being mapped and to its first frame (the menu bar's pixels
#     no longer black), and its resident memory (VmRSS from
#     /proc/PID/status) after IDLE seconds (default 3) of idling; then
#     Ctrl+Q. Prints each run and the medians.
#  2. Flood: the --selftest-flood mode of a build with -tags selftest
#     (FLOOD_APP, default ./sockettester-selftest, built here unless
#     given; the app itself has no such mode). It starts its own echo
#     server on 127.0.0.1, connects its client to it through the panes'
#     own actions and sends "hello" back to back on that connection for
#     FLOOD (default 10s), while it measures how long a callback posted to
#     the UI goroutine waits (what handling a tap waits for) every 50 ms
#     and samples VmRSS. Prints the app's report.
#
#   scripts/guiperf.sh
#   RUNS=9 IDLE=5 FLOOD=20s APP=./sockettester FLOOD_APP=./sockettester-selftest scripts/guiperf.sh
#   FLOOD=0 scripts/guiperf.sh             # start-up only
#   RUNS=0 scripts/guiperf.sh              # flood only
#   PROFILE=/tmp/prof scripts/guiperf.sh   # CPU and heap profiles of the flood
#
# Targets: first frame <= 1 s, idle RSS compared with Packet Sender
# (~0.5 s, 94 MB on the same machine), UI wait during the flood <= 100 ms,
# RSS during the flood < 200 MB. The figures depend on the machine and its
# load; the load average is printed with them. Under Xvfb, OpenGL is Mesa's
# llvmpipe software renderer, whose LLVM code counts in RSS (shown apart).
set -euo pipefail
st_name=guiperf
. "$(dirname "$0")/xvfb-lib.sh"
st_need import awk

RUNS=${RUNS:-5}
IDLE=${IDLE:-3}
FLOOD=${FLOOD:-10s}

st_app
st_xvfb 1280x800

# median reads numbers, one a line, and prints their median.
median() { sort -n | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# kb FIELD prints a /proc/PID/status field of the app in kB.
kb() { awk -v f="$1:" '$1==f{print $2}' "/proc/$st_app_pid/status"; }

# llvm_kb prints the resident kB of Mesa's libLLVM in the app.
llvm_kb() {
  awk '/^[0-9a-f]+-/{name=$6} /^Rss:/{if (name ~ /libLLVM/) s+=$2} END{print s+0}' "/proc/$st_app_pid/smaps"
}

echo "guiperf: $APP, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
win=() frame=() cpu=() rss=() anon=() llvm=()
for i in $(seq "$RUNS"); do # RUNS=0 skips to the flood
  rm -rf "$XDG_CONFIG_HOME"/*
  st_launch
  st_wait_window 30
  st_wait_painted 30
  sleep "$IDLE"
  r=$(kb VmRSS) a=$(kb RssAnon) l=$(llvm_kb)
  st_quit 5
  [ "$st_exit" -eq 0 ] || { echo "guiperf: run $i exited with $st_exit" >&2; cat "$st_tmp/stderr" >&2; exit 1; }
  printf 'run %d: window %5d ms, first frame %5d ms (app CPU %4d ms), idle RSS %4d MB (anon %d MB, Mesa libLLVM %d MB)\n' \
    "$i" "$st_window_ms" "$st_frame_ms" "$st_frame_cpu_ms" $((r / 1024)) $((a / 1024)) $((l / 1024))
  win+=("$st_window_ms") frame+=("$st_frame_ms") cpu+=("$st_frame_cpu_ms") rss+=("$r") anon+=("$a") llvm+=("$l")
done
[ "$RUNS" -gt 0 ] && printf 'median of %d: window %d ms, first frame %d ms (app CPU %d ms), idle RSS %d MB (anon %d MB, Mesa libLLVM %d MB)\n' "$RUNS" \
  "$(printf '%s\n' "${win[@]}" | median)" "$(printf '%s\n' "${frame[@]}" | median)" "$(printf '%s\n' "${cpu[@]}" | median)" \
  $(($(printf '%s\n' "${rss[@]}" | median) / 1024)) $(($(printf '%s\n' "${anon[@]}" | median) / 1024)) \
  $(($(printf '%s\n' "${llvm[@]}" | median) / 1024))

[ "$FLOOD" = 0 ] && exit 0
if [ -z "${FLOOD_APP:-}" ]; then
  FLOOD_APP="$st_root/sockettester-selftest"
  echo "guiperf: building $FLOOD_APP (go build -tags selftest)" >&2
  (cd "$st_root" && go build -tags selftest -o "$FLOOD_APP" .)
fi
[ -x "$FLOOD_APP" ] || { echo "guiperf: FLOOD_APP=$FLOOD_APP is not an executable" >&2; exit 1; }
APP=$FLOOD_APP
echo "flood: $APP --selftest-flood=$FLOOD, load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$XDG_CONFIG_HOME"/*
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  export SOCKETTESTER_PROFILE_DIR=$(cd "$PROFILE" && pwd)
fi
st_launch --selftest-flood="$FLOOD"
st_wait_window 30
status=0
wait "$st_app_pid" || status=$?
st_app_pid=""
cat "$st_tmp/stdout"
bad=$(st_bad_stderr)
[ -z "$bad" ] || { echo "guiperf: stderr has:" >&2; echo "$bad" >&2; }
[ "$status" -eq 0 ] || { echo "guiperf: the flood self-test failed or missed a target (exit $status)" >&2; exit 1; }
