#!/usr/bin/env bash
# Takes docs/screenshot.png (make screenshot): runs the real app under a
# private Xvfb, drives it with xdotool as a user would (Start the server,
# "Use my server", Connect, type "hello" in the payload, send), checks with
# ss that each step happened, and saves the window.
#
#   scripts/screenshot.sh                  # uses ./sockettester, building it if missing
#   APP=/path/to/bin OUT=/tmp/shot.png scripts/screenshot.sh
#
# Everything stays on 127.0.0.1: the server binds to it and the client
# connects to it.
#
# Clicks are positions in the window, which sits at 0,0 of an Xvfb screen
# with no window manager (so no decorations) at the default size 1100x720
# with fresh settings. They were read off a screenshot of that layout; the
# script checks the effect of each one (a listener, a connection, 5 bytes
# echoed), so a changed layout fails loudly instead of producing a wrong
# picture. Where a field can do it, the keyboard acts instead of a click:
# Enter in the Host field connects, Ctrl+Enter in the payload sends.
set -euo pipefail
st_name=screenshot
. "$(dirname "$0")/xvfb-lib.sh"
st_need import convert ss

OUT=${OUT:-$st_root/docs/screenshot.png}
W=1100 H=720
START_BUTTON="429 53"     # Server pane: Start
USE_MY_SERVER="1022 53"   # Client pane: Use my server
HOST_FIELD="779 131"      # Client pane: Host (Enter there connects)
PAYLOAD_FIELD="825 258"   # Client pane: payload editor, once connected
NEUTRAL="300 690"         # status bar: a click there just drops focus

st_app
st_xvfb 1280x800
st_launch
st_wait_window 30
st_wait_painted 30
xdotool windowmove "$st_win" 0 0 windowsize "$st_win" "$W" "$H"
sleep 1

click() { xdotool mousemove "$1" "$2" click 1; sleep 0.5; }

# wait_for WHAT CMD... retries CMD for 5 s.
wait_for() {
  local what=$1 i
  shift
  for i in $(seq 50); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "screenshot: $what did not happen; a click may have missed (layout changed?)" >&2
  import -window root "$st_tmp/failed.png" && cp "$st_tmp/failed.png" /tmp/screenshot-failed.png &&
    echo "screenshot: the screen at that moment: /tmp/screenshot-failed.png" >&2
  exit 1
}

listen_port() {
  ss -ltnpH | awk -v p="pid=$st_app_pid," 'index($0, p) && $4 ~ /^127\.0\.0\.1:/ {sub(/.*:/, "", $4); print $4; exit}'
}
has_listener() { [ -n "$(listen_port)" ]; }
connected() { ss -tnpH state established "( dport = :$port )" | grep -q "pid=$st_app_pid,"; }
echoed() { ss -tnpiH state established "( dport = :$port )" | grep -A1 "pid=$st_app_pid," | grep -q 'bytes_received:5\b'; }

click $START_BUTTON
wait_for "the server starting (Start)" has_listener
port=$(listen_port)
click $USE_MY_SERVER
click $HOST_FIELD
xdotool key Return
wait_for "the client connecting to 127.0.0.1:$port (Use my server, Connect)" connected
click $PAYLOAD_FIELD
xdotool type --delay 40 hello
xdotool key ctrl+Return
wait_for "\"hello\" coming back from the echo server (Send)" echoed
click $NEUTRAL
xdotool mousemove 1270 790
# Let the log's batch and the status bar's tick show up.
sleep 1.5

mkdir -p "$(dirname "$OUT")"
import -window root -crop "${W}x${H}+0+0" +repage "$st_tmp/raw.png"
convert "$st_tmp/raw.png" -strip -define png:compression-level=9 "$OUT"
st_quit 5
[ "$st_exit" -eq 0 ] || { echo "screenshot: the app exited with $st_exit" >&2; exit 1; }
echo "screenshot: wrote $OUT ($(($(stat -c %s "$OUT") / 1024)) KiB, ${W}x${H}), exchange on 127.0.0.1:$port"
