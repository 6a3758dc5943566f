#!/usr/bin/env bash
# Runs the Windows build for real (make check-package-windows): the packaged
# GUI exe under Wine and a private Xvfb, driven as a user would (Use my
# server, then Send), and the CLI exe's serve and send on 127.0.0.1.
#
#   scripts/check-windows-package.sh GUI.exe CLI.exe
#
# Debian 12's Wine 8.0 lacks bcryptprimitives.dll, which Go's runtime needs:
# scripts/wine-lib.sh builds a stand-in into a fresh Wine prefix under a
# temporary directory, removed at the end with its wineserver.
#
# Checks, each timed: the window appears; after Use my server there is an
# ESTABLISHED pair on the app's port on 127.0.0.1 (ss), after Send the
# client's side has received the 12 bytes of "Hello, world" (ss), and the
# window's log shows the new rows (a screenshot's log area goes from empty
# to holding text); Ctrl+Q quits it. Then the CLI
# exe serves on 127.0.0.1:0 and sends to itself bytes that include a NUL,
# 0xff and CR LF, and what comes back must be those bytes exactly.
set -euo pipefail
st_name=check-windows-package
. "$(dirname "$0")/xvfb-lib.sh"
. "$(dirname "$0")/wine-lib.sh"
st_need ss import convert

gui_exe=$(realpath "${1:?usage: check-windows-package.sh GUI.exe CLI.exe}")
cli_exe=$(realpath "${2:?usage: check-windows-package.sh GUI.exe CLI.exe}")
st_xvfb 1280x800
st_wine_prefix

st_step_start
st_wine_open "$gui_exe" 60
st_wait_painted 30
st_step_done "window \"Socket Tester\" appeared and painted"
st_settle

# inkof FILE GEOMETRY: how much is drawn in that part of a shot: the grey
# level's standard deviation, x1000, which is 0 for an empty area in the
# light theme (Windows' default) and the dark alike, and well above 0 with
# rows of text.
inkof() {
  convert "$1" -crop "$2" +repage -colorspace Gray \
    -format '%[fx:round(standard_deviation*1000)]' info:
}
# ink FILE: a shot of the window, and the ink in the log's rows below the
# first three (listening, two connects) at 1100x720.
ink() {
  import -window "$st_win" "$1"
  inkof "$1" 690x120+5+440
}

st_step_start
st_wine_click use_my_server
st_wait_for "the server to start and the client to connect (Use my server)" st_wine_ss st_connected
port=$(st_wine_ss st_listen_port)
pairs=$(ss -tnH state established "( sport = :$port or dport = :$port )" |
  awk '$3 ~ /^127\.0\.0\.1:/ && $4 ~ /^127\.0\.0\.1:/' | wc -l)
[ "$pairs" -eq 2 ] || st_fail "want one ESTABLISHED pair (2 sockets) on 127.0.0.1:$port, ss shows $pairs"
st_step_done "Use my server: listening and connected on 127.0.0.1:$port"
# The sockets connect before the window has drawn the rows that say so
# (the log refreshes in batches): wait for the first three rows, so that
# the area below them is measured as the exchange leaves it.
for _ in $(seq 30); do
  before=$(ink "$st_tmp/before-send.png")
  [ "$(inkof "$st_tmp/before-send.png" 690x90+5+310)" -gt 50 ] && break
  sleep 0.2
done

st_step_start
st_wine_click send
st_wait_for "Hello, world to come back from the echo server (Send)" st_wine_ss st_echoed 12 "$port"
st_step_done "Send: 12 bytes echoed on 127.0.0.1:$port (ss bytes_received:12)"
# The log refreshes in batches (~30 a second) and draws after that.
after=0
for _ in $(seq 30); do
  after=$(ink "$st_tmp/after-send.png")
  [ "$after" -gt 50 ] && break
  sleep 0.2
done
if [ "$before" -gt 5 ] || [ "$after" -le 50 ]; then
  cp "$st_tmp/before-send.png" /tmp/check-windows-before-send.png
  cp "$st_tmp/after-send.png" /tmp/check-windows-after-send.png
  st_fail "the log should go from empty to four rows: ink $before before Send, $after after (shots in /tmp/check-windows-*-send.png)"
fi
echo "$st_name: the window's log shows the exchange (ink in the new rows' area: $before before Send, $after after)"
if [ -n "${SHOT:-}" ]; then cp "$st_tmp/after-send.png" "$SHOT"; fi

st_step_start
st_quit 10
[ "$st_exit" -eq 0 ] || st_fail "the app exited with status $st_exit after Ctrl+Q"
st_step_done "Ctrl+Q: exited with status 0"

# The CLI exe: serve on 127.0.0.1:0, read the port it reports, send to it.
st_step_start
wine "$cli_exe" serve --tcp 127.0.0.1:0 >"$st_tmp/serve.out" 2>"$st_tmp/serve.err" &
serve_pid=$!
cport=""
for _ in $(seq 300); do
  cport=$(sed -n 's/^listening tcp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$st_tmp/serve.out" | tr -d '\r')
  [ -n "$cport" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$st_tmp/serve.err" >&2; st_fail "the CLI's serve exited"; }
  sleep 0.1
done
[ -n "$cport" ] || st_fail "the CLI's serve printed no 'listening tcp' line in 30 s"
st_step_done "CLI serve: listening on 127.0.0.1:$cport"

st_step_start
printf 'Hi\000\377\r\n' >"$st_tmp/want.bin"
timeout 60 wine "$cli_exe" send --tcp "127.0.0.1:$cport" --hex --out raw --max-bytes 6 --timeout 20s \
  "48 69 00 ff 0d 0a" >"$st_tmp/got.bin" 2>"$st_tmp/send.err" ||
  { cat "$st_tmp/send.err" >&2; st_fail "the CLI's send failed"; }
cmp "$st_tmp/want.bin" "$st_tmp/got.bin" ||
  st_fail "the echo differs: want $(od -An -tx1 "$st_tmp/want.bin"), got $(od -An -tx1 "$st_tmp/got.bin")"
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
st_step_done "CLI send: 6 bytes (48 69 00 ff 0d 0a) echoed back exactly"
echo "$st_name: ok ($(basename "$gui_exe"), $(basename "$cli_exe"))"
