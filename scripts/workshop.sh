#!/usr/bin/env bash
# Makes the workshop's screenshots (docs/workshop/*.png) by doing each step
# of docs/workshop.md and docs/workshop.vi.md for real, in English and in
# Vietnamese, under a private Xvfb:
#
#  1. the two-click demo: launch, "Use my server", Send (the server pane's
#     port set to the lesson's 65432);
#  2. the app's client against the lesson's server.py;
#  3. the lesson's client.py against the app's server.
#
# Each step is checked (with ss, and client.py's output) before its
# screenshot is taken. python3 runs the lesson's programs from
# docs/lesson/. Everything stays on 127.0.0.1:65432, which must be free.
#
#   scripts/workshop.sh                        # uses ./sockettester, building it if missing
#   APP=/path/to/bin OUT=/tmp/ws scripts/workshop.sh
set -euo pipefail
st_name=workshop
. "$(dirname "$0")/xvfb-lib.sh"
st_need import convert ss python3

OUT=${OUT:-$st_root/docs/workshop}
LESSON=${LESSON:-$st_root/docs/lesson}
PORT=65432
st_app
st_xvfb 1280x800
py_pid=""
cleanup_py() { [ -n "$py_pid" ] && kill "$py_pid" 2>/dev/null; wait "$py_pid" 2>/dev/null || true; py_pid=""; }
trap 'cleanup_py; st_cleanup' EXIT

port_free() { ! ss -ltnH "( sport = :$PORT )" | grep -q .; }
st_wait_for "127.0.0.1:$PORT to be free" port_free

# listening_on PORT succeeds once something listens on 127.0.0.1:PORT.
listening_on() { ss -ltnH "( sport = :$1 )" | grep -q .; }
# app_connected_to PORT succeeds once the app has a connection to PORT.
app_connected_to() { ss -tnpH state established "( dport = :$1 )" | grep -q "pid=$st_app_pid,"; }
# app_serving PORT succeeds once the app's server on PORT has a client.
app_serving() { ss -tnpH state established "( sport = :$1 )" | grep -q "pid=$st_app_pid,"; }

for lang in en vi; do
  # 1. The two-click demo, on the lesson's port.
  st_fresh_settings "$lang" 1100 720 "\"server.port\":\"$PORT\""
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_park_pointer
  st_shot "$OUT/$lang-1-launch.png" 1100x720
  st_click_at "$lang" use_my_server
  st_wait_for "the client to connect to the app's server (Use my server)" app_connected_to $PORT
  st_park_pointer
  sleep 1
  st_shot "$OUT/$lang-2-use-my-server.png" 1100x720
  st_click_at "$lang" send
  st_wait_for "Hello, world to come back (Send)" st_echoed 12 $PORT
  st_park_pointer
  sleep 1.5
  st_shot "$OUT/$lang-3-send.png" 1100x720
  st_quit 5
  st_wait_for "127.0.0.1:$PORT to be free" port_free

  # 2. The app's client against the lesson's server.py.
  (cd "$LESSON" && exec python3 -u server.py) >"$st_tmp/server.out" 2>&1 &
  py_pid=$!
  st_wait_for "server.py to listen on $PORT" listening_on $PORT
  st_fresh_settings "$lang" 1100 720 "\"client.port\":\"$PORT\""
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" connect
  st_wait_for "the client to connect to server.py (Connect)" app_connected_to $PORT
  sleep 0.5
  st_click_at "$lang" send
  st_wait_for "server.py to echo Hello, world (Send)" st_echoed 12 $PORT
  st_park_pointer
  sleep 1.5
  st_shot "$OUT/$lang-4-client-vs-server-py.png" 1100x720
  st_quit 5
  wait "$py_pid" || true # server.py ends once its client has gone
  py_pid=""
  grep -q "Connected by" "$st_tmp/server.out" || { echo "workshop: server.py saw no client:" >&2; cat "$st_tmp/server.out" >&2; exit 1; }

  # 3. The lesson's client.py against the app's server.
  st_fresh_settings "$lang" 1100 720 "\"server.port\":\"$PORT\""
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" start
  st_wait_for "the app's server to listen on $PORT (Start)" listening_on $PORT
  out=$(cd "$LESSON" && timeout 10 python3 client.py)
  [ "$out" = "Received b'Hello, world'" ] || { echo "workshop: client.py printed: $out" >&2; exit 1; }
  st_park_pointer
  sleep 1.5
  st_shot "$OUT/$lang-5-client-py-vs-app.png" 1100x720
  st_quit 5
  echo "workshop: $lang: five screenshots in $OUT; client.py printed: $out"
done
