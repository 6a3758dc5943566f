#!/usr/bin/env bash
# Takes docs/screenshot.png and docs/screenshot-vi.png (make screenshot):
# runs the real app under a private Xvfb, in English and then in
# Vietnamese, each time fresh (no saved settings but the language), and
# does the two-click demo as a user would: "Use my server" (which starts
# the server, fills in its address, connects and puts the cursor in the
# payload, which holds the lesson's Hello, world), then Send. It checks
# with ss that each step happened, and saves the window showing the echo
# in the log and the sequence diagram.
#
#   scripts/screenshot.sh                  # uses ./sockettester, building it if missing
#   APP=/path/to/bin OUT=/tmp/shots scripts/screenshot.sh    # writes OUT/screenshot.png, OUT/screenshot-vi.png
#
# Everything stays on 127.0.0.1: the server binds to it and the client
# connects to it.
#
# Clicks are positions in the window, which sits at 0,0 of an Xvfb screen
# with no window manager (so no decorations) at the default size 1100x720.
# They were read off screenshots of that layout (st_click_at in
# xvfb-lib.sh names them); the script checks the effect of each one (a
# listener, a connection, the payload echoed), so a changed layout fails
# loudly instead of producing a wrong picture.
set -euo pipefail
st_name=screenshot
. "$(dirname "$0")/xvfb-lib.sh"
st_need import convert ss

OUT=${OUT:-$st_root/docs}
st_app
st_xvfb 1280x800

for lang in en vi; do
  st_fresh_settings "$lang" 1100 720
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" use_my_server
  st_wait_for "the server to start and the client to connect (Use my server)" st_connected
  st_click_at "$lang" send
  st_wait_for "Hello, world to come back from the echo server (Send)" st_echoed 12
  st_park_pointer
  sleep 1.5 # the log's batch, the status bar's tick
  name=screenshot.png
  [ "$lang" = en ] || name=screenshot-$lang.png
  st_shot "$OUT/$name" 1100x720
  port=$(st_listen_port)
  st_quit 5
  [ "$st_exit" -eq 0 ] || { echo "screenshot: the app exited with $st_exit" >&2; exit 1; }
  echo "screenshot: wrote $OUT/$name ($(($(stat -c %s "$OUT/$name") / 1024)) KiB), echo on 127.0.0.1:$port"
done
