#!/usr/bin/env bash
# GUI performance figures (make guiperf), all under a private Xvfb, against
# a bare Fyne window with one label (internal/barewindow, built here) in
# the same run:
#
#  1. Start-up and idle memory: RUNS times (default 5), the bare window and
#     the app in turn, each from launch to its window being mapped and to
#     its first frame (the menu bar's pixels no longer black), then its
#     resident memory (VmRSS from /proc/PID/status) after IDLE seconds
#     (default 10: the app gives start-up's garbage back after 3 s of
#     quiet); then Ctrl+Q. Prints each run, the medians and the app's idle
#     memory as a ratio of the bare window's (target <= 1.10).
#  2. Flood: the --selftest-flood mode of a build with -tags selftest
#     (FLOOD_APP, default ./sockettester-selftest, built here unless
#     given; the app itself has no such mode). It starts its own echo
#     server on 127.0.0.1, connects its client to it through the panes'
#     own actions and sends "hello" back to back on that connection for
#     FLOOD (default 20s), while it measures how long a callback posted to
#     the UI goroutine waits (what handling a tap waits for) every 50 ms
#     and samples VmRSS; then it idles AFTER (default 60s) and reports its
#     memory again. Prints the app's report, and the peak and the memory
#     after as ratios of the bare window's idle memory. Targets: peak <=
#     200 MB, and after the idle back within 15 MB of where it started plus
#     the payload bytes the log holds.
#
#   scripts/guiperf.sh
#   RUNS=9 IDLE=10 FLOOD=20s AFTER=60s APP=./sockettester FLOOD_APP=./sockettester-selftest scripts/guiperf.sh
#   FLOOD=0 scripts/guiperf.sh             # start-up and idle only
#   RUNS=0 scripts/guiperf.sh              # flood only (no ratios)
#   PROFILE=/tmp/prof scripts/guiperf.sh   # CPU and heap profiles of the flood
#
# The figures depend on the machine and its load; the load average is
# printed with them. Under Xvfb, OpenGL is Mesa's llvmpipe software
# renderer, whose LLVM code counts in RSS (shown apart).
set -euo pipefail
st_name=guiperf
. "$(dirname "$0")/xvfb-lib.sh"
st_need import awk

RUNS=${RUNS:-5}
IDLE=${IDLE:-10}
FLOOD=${FLOOD:-20s}
AFTER=${AFTER:-60s}

st_app
BARE=${BARE:-$st_root/barewindow}
if [ ! -x "$BARE" ]; then
  echo "guiperf: building $BARE (go build ./internal/barewindow)" >&2
  (cd "$st_root" && go build -o "$BARE" ./internal/barewindow)
fi
st_xvfb 1280x800

# median reads numbers, one a line, and prints their median.
median() { sort -n | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# kb FIELD prints a /proc/PID/status field of the app in kB.
kb() { awk -v f="$1:" '$1==f{print $2}' "/proc/$st_app_pid/status"; }

# llvm_kb prints the resident kB of Mesa's libLLVM in the app.
llvm_kb() {
  awk '/^[0-9a-f]+-/{name=$6} /^Rss:/{if (name ~ /libLLVM/) s+=$2} END{print s+0}' "/proc/$st_app_pid/smaps"
}

# ratio A B prints A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

echo "guiperf: $APP against $BARE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
APP_BIN=$APP
declare -A rss frame win
for i in $(seq "$RUNS"); do # RUNS=0 skips to the flood
  for which in bare app; do
    APP=$APP_BIN
    [ "$which" = bare ] && APP=$BARE
    rm -rf "${XDG_CONFIG_HOME:?}"/*
    st_launch
    st_wait_window 30
    st_wait_painted 30
    sleep "$IDLE"
    r=$(kb VmRSS) a=$(kb RssAnon) l=$(llvm_kb)
    st_quit 5
    [ "$st_exit" -eq 0 ] || { echo "guiperf: $which run $i exited with $st_exit" >&2; cat "$st_tmp/stderr" >&2; exit 1; }
    printf 'run %d %-4s: window %5d ms, first frame %5d ms (CPU %4d ms), RSS after %ss idle %4d MB (anon %d MB, Mesa libLLVM %d MB)\n' \
      "$i" "$which" "$st_window_ms" "$st_frame_ms" "$st_frame_cpu_ms" "$IDLE" $((r / 1024)) $((a / 1024)) $((l / 1024))
    rss[$which]+="$r "
    frame[$which]+="$st_frame_ms "
    win[$which]+="$st_window_ms "
  done
done
APP=$APP_BIN
bare_kb=0
if [ "$RUNS" -gt 0 ]; then
  for which in bare app; do
    m=$(printf '%s\n' ${rss[$which]} | median)
    printf 'median of %d, %s: window %d ms, first frame %d ms, idle RSS %d MB\n' "$RUNS" "$which" \
      "$(printf '%s\n' ${win[$which]} | median)" "$(printf '%s\n' ${frame[$which]} | median)" $((m / 1024))
    [ "$which" = bare ] && bare_kb=$m
    [ "$which" = app ] && app_kb=$m
  done
  printf 'idle: app %d MB / bare window %d MB = %sx (target <= 1.10)\n' $((app_kb / 1024)) $((bare_kb / 1024)) "$(ratio "$app_kb" "$bare_kb")"
fi

[ "$FLOOD" = 0 ] && exit 0
if [ -z "${FLOOD_APP:-}" ]; then
  FLOOD_APP="$st_root/sockettester-selftest"
  echo "guiperf: building $FLOOD_APP (go build -tags selftest)" >&2
  (cd "$st_root" && go build -tags selftest -o "$FLOOD_APP" .)
fi
[ -x "$FLOOD_APP" ] || { echo "guiperf: FLOOD_APP=$FLOOD_APP is not an executable" >&2; exit 1; }
APP=$FLOOD_APP
echo "flood: $APP --selftest-flood=$FLOOD --selftest-after=$AFTER, load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "${XDG_CONFIG_HOME:?}"/*
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  export SOCKETTESTER_PROFILE_DIR=$(cd "$PROFILE" && pwd)
fi
st_launch --selftest-flood="$FLOOD" --selftest-after="$AFTER"
st_wait_window 30
status=0
wait "$st_app_pid" || status=$?
st_app_pid=""
cat "$st_tmp/stdout"
if [ "$bare_kb" -gt 0 ]; then
  peak=$(sed -n 's/.*peak \([0-9]*\) MB.*/\1/p' "$st_tmp/stdout" | head -1)
  after=$(sed -n 's/.* after the flood: RSS \([0-9]*\) MB.*/\1/p' "$st_tmp/stdout" | head -1)
  [ -n "$peak" ] && printf 'flood: peak %s MB = %sx the bare window (target <= 200 MB)\n' "$peak" "$(ratio $((peak * 1024)) "$bare_kb")"
  [ -n "$after" ] && printf 'after %s idle: %s MB = %sx the bare window\n' "$AFTER" "$after" "$(ratio $((after * 1024)) "$bare_kb")"
fi
bad=$(st_bad_stderr)
[ -z "$bad" ] || { echo "guiperf: stderr has:" >&2; echo "$bad" >&2; }
[ "$status" -eq 0 ] || { echo "guiperf: the flood self-test failed or missed a target (exit $status)" >&2; exit 1; }
