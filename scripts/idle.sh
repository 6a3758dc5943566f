#!/usr/bin/env bash
# Idle CPU (make idle): what the app uses while nothing happens, under a
# private Xvfb, beside a bare Fyne window (internal/barewindow, built here)
# measured the same way. Each case launches the window, waits SETTLE
# seconds (default 5), then reads the process's user + system CPU time
# (utime + stime in /proc/PID/stat) at the start and end of WINDOW seconds
# (default 30) and prints it as a share of one core:
#
#   bare            a bare window with one label
#   bare+entry      the same with a focused Entry: what Fyne's blinking
#                   cursor costs on its own
#   app             the app as it opens (the focus on Use my server)
#   app+field       the cursor in Repeat's interval field ("every 1s")
#   app+connected   its client connected to its own server, the focus on
#                   the log (no text field focused), after 3 sends
#
# It fails if the app uses LIMIT % of a core or more (default 2) in any of
# its cases. Fyne's cursor blink has no public switch but the no_animations
# build tag, which make build, make run and the packages use; the bare
# window keeps the blink, so bare+entry shows what it would cost.
#
#   scripts/idle.sh
#   WINDOW=60 APP=./sockettester scripts/idle.sh
set -euo pipefail
st_name=idle
. "$(dirname "$0")/xvfb-lib.sh"
st_need awk

WINDOW=${WINDOW:-30}
SETTLE=${SETTLE:-5}
LIMIT=${LIMIT:-2}

st_app
BARE=${BARE:-$st_root/barewindow}
if [ ! -x "$BARE" ]; then
  echo "idle: building $BARE (go build ./internal/barewindow)" >&2
  (cd "$st_root" && go build -o "$BARE" ./internal/barewindow)
fi
st_xvfb 1280x800
APP_BIN=$APP

# Where the app's controls are at 1100x720 in English (read off a
# screenshot): Repeat's interval field, and an empty spot in the log.
interval_at="873 211"
log_at="300 600"

# measure NAME prints the share of a core the app used over WINDOW s.
declare -A pct
measure() {
  sleep "$SETTLE"
  local c0 c1
  c0=$(st_cpu_ms)
  sleep "$WINDOW"
  c1=$(st_cpu_ms)
  pct[$1]=$(awk -v ms=$((c1 - c0)) -v s="$WINDOW" 'BEGIN{printf "%.1f", ms / (s * 10)}')
  printf 'idle: %-14s %5s%% of a core (%d ms CPU in %d s)\n' "$1" "${pct[$1]}" $((c1 - c0)) "$WINDOW"
}

# stop ends the window by its pid: a focused Entry takes Ctrl+Q itself.
stop() {
  kill "$st_app_pid" 2>/dev/null || true
  wait "$st_app_pid" 2>/dev/null || true
  st_app_pid=""
}

echo "idle: $APP_BIN against $BARE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for args in "" -entry; do
  APP=$BARE
  rm -rf "${XDG_CONFIG_HOME:?}"/*
  st_launch $args
  st_wait_window 30
  st_park_pointer
  measure "bare${args/-/+}"
  stop
done

APP=$APP_BIN
for case in app app+field app+connected; do
  st_fresh_settings en 1100 720
  st_launch
  st_wait_window 30
  st_settle
  case $case in
  app+field)
    xdotool mousemove $interval_at click 1
    ;;
  app+connected)
    st_click_at en use_my_server
    st_wait_for "the client connecting" st_connected
    for _ in 1 2 3; do st_click_at en send; done
    xdotool mousemove $log_at click 1
    ;;
  esac
  st_park_pointer
  measure "$case"
  stop
done

fail=0
for case in app app+field app+connected; do
  if awk -v p="${pct[$case]}" -v l="$LIMIT" 'BEGIN{exit !(p >= l)}'; then
    echo "idle: $case used ${pct[$case]}% of a core; the limit is $LIMIT%" >&2
    fail=1
  fi
done
echo "idle: the cursor in a field: app ${pct[app+field]}% (built with -tags no_animations, as make build and the packages are), a bare Fyne window with a blinking cursor ${pct[bare+entry]}%"
exit $fail
