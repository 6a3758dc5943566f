#!/usr/bin/env bash
# Makes the workshop's screenshots (docs/workshop/*.png) by doing each step
# of docs/workshop.md and docs/workshop.vi.md for real, in English and in
# Vietnamese, under a private Xvfb:
#
#  1. the two-click demo: launch, "Use my server", Send (the server pane's
#     port set to the lesson's 65432);
#  2. the app's client against the lesson's server.py;
#  3. the lesson's client.py against the app's server;
#
# and the second lesson, the chat (lesson2 below):
#
#  6. the app's server in Chat mode with three client tabs;
#  7. two copies of chat_client.py talking through the app's server, the
#     tabs still connected;
#
# and a bad network in between (lesson3 below, the guide's section 6):
#
#  8. the app's relay (Forward to…) between its client and server.py, with
#     300 ms of latency both ways;
#  9. the same over UDP, to a python3 UDP echo, with 10% loss as well
#     (seed 7, so the same datagrams are lost each run).
#
# Each step is checked (with ss, and the Python programs' output) before its
# screenshot is taken. python3 runs the lesson's programs from
# docs/lesson/. Everything stays on 127.0.0.1:65432, which must be free.
#
#   scripts/workshop.sh                        # uses ./sockettester, building it if missing
#   APP=/path/to/bin OUT=/tmp/ws scripts/workshop.sh
#   LESSONS=2 scripts/workshop.sh              # the second lesson's screenshots only
#   LESSONS=3 scripts/workshop.sh              # the bad network's only
#   LESSONS=4 scripts/workshop.sh              # the panel's only
#
# and a panel of three buttons (lesson4 below, the guide's section 8):
#
# 10. the panel of docs/examples/workshop-panel.yaml driving the app's own
#     server in rules mode (docs/examples/workshop-led.yaml): Ctrl+1 and
#     Ctrl+2 answered, Ctrl+3's STATUS running every second.
set -euo pipefail
st_name=workshop
. "$(dirname "$0")/xvfb-lib.sh"
st_need import convert ss python3

OUT=${OUT:-$st_root/docs/workshop}
LESSON=${LESSON:-$st_root/docs/lesson}
PORT=65432
st_app
st_xvfb 1280x800
LESSONS=${LESSONS:-1 2 3 4}
py_pid=""
cleanup_py() { [ -n "$py_pid" ] && kill "$py_pid" 2>/dev/null; wait "$py_pid" 2>/dev/null || true; py_pid=""; }
# The two chat_client.py copies of lesson 2: their pids. The script writes
# their lines to FIFOs they read, through fds 7 and 8; closing those ends
# their input, and they close and exit.
chat_pids=()
end_chat() {
  exec 7>&- 8>&-
  local p
  for p in "${chat_pids[@]}"; do
    [ "${1:-}" = kill ] && kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null || true
  done
  chat_pids=()
}
trap 'cleanup_py; end_chat kill; st_cleanup' EXIT

port_free() { ! ss -ltnH "( sport = :$PORT )" | grep -q .; }
st_wait_for "127.0.0.1:$PORT to be free" port_free

# listening_on PORT succeeds once something listens on 127.0.0.1:PORT.
listening_on() { ss -ltnH "( sport = :$1 )" | grep -q .; }
# app_connected_to PORT succeeds once the app has a connection to PORT.
app_connected_to() { ss -tnpH state established "( dport = :$1 )" | grep -q "pid=$st_app_pid,"; }
# app_serving PORT succeeds once the app's server on PORT has a client.
app_serving() { ss -tnpH state established "( sport = :$1 )" | grep -q "pid=$st_app_pid,"; }

# lesson1 LANG makes the first lesson's five screenshots: the echo.
lesson1() {
  local lang=$1 out
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
}

# app_clients PORT N succeeds once the app's server on PORT has N clients.
app_clients() { [ "$(ss -tnpH state established "( sport = :$1 )" | grep -c "pid=$st_app_pid,")" -ge "$2" ]; }
# received_is PORT N succeeds once the app's clients (the tabs) connected
# to PORT have received N bytes in all.
received_is() { [ "$(st_received "$1")" -eq "$2" ]; }
# said FILE TEXT succeeds once a chat client's output FILE holds TEXT.
said() { grep -qF "$2" "$1"; }

# lesson2 LANG makes the second lesson's screenshots: the chat.
lesson2() {
  local lang=$1 a=$st_tmp/chat-a b=$st_tmp/chat-b
  # The app's server in Chat mode on the lesson's port.
  st_fresh_settings "$lang" 1100 720 "\"server.port\":\"$PORT\"" '"server.mode":"chat"'
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" start
  st_wait_for "the app's server to listen on $PORT (Start, Chat mode)" listening_on $PORT

  # 6. Three client tabs talking through it: "+" twice opens Client 2 and
  # Client 3 (the last one opened is shown), then Use my server in each,
  # Client 3 first, so Client 1 is in front to send.
  st_click_at "$lang" plus_1tab
  st_click_at "$lang" plus_2tabs
  sleep 0.5
  st_click_at "$lang" use_my_server
  st_wait_for "Client 3 to connect (+ twice, Use my server)" app_clients $PORT 1
  st_click_at "$lang" tab2_from3
  st_click_at "$lang" use_my_server
  st_wait_for "Client 2 to connect (its tab, Use my server)" app_clients $PORT 2
  st_click_at "$lang" tab1_from2
  st_click_at "$lang" use_my_server
  st_wait_for "Client 1 to connect (its tab, Use my server)" app_clients $PORT 3
  # Use my server put the cursor in Client 1's payload: replace it.
  xdotool key --clearmodifiers ctrl+a
  xdotool type --delay 20 "hi from 1"
  st_click_at "$lang" send
  # Client 2 and Client 3 get its 9 bytes; Client 1 gets nothing back.
  st_wait_for "hi from 1 to reach Client 2 and Client 3 only (Send)" received_is $PORT 18
  st_park_pointer
  sleep 1.5
  received_is $PORT 18 || { echo "workshop: the tabs received $(st_received $PORT) bytes, not 18" >&2; exit 1; }
  st_shot "$OUT/$lang-6-chat-tabs.png" 1100x720

  # 7. Two copies of chat_client.py, each reading its lines from a FIFO the
  # script writes to, so it sends one when the other is connected.
  rm -f "$a.in" "$b.in"
  mkfifo "$a.in" "$b.in"
  (cd "$LESSON" && exec python3 -u chat_client.py) <"$a.in" >"$a.out" 2>&1 &
  chat_pids+=($!)
  (cd "$LESSON" && exec python3 -u chat_client.py) <"$b.in" >"$b.out" 2>&1 &
  chat_pids+=($!)
  exec 7>"$a.in" 8>"$b.in"
  # The tabs stay connected: five clients in all, and each line reaches
  # the three tabs too (13 bytes each).
  st_wait_for "both chat_client.py copies to connect" app_clients $PORT 5
  echo "Hello from A" >&7
  st_wait_for "B to receive A's line" said "$b.out" "Received b'Hello from A\n'"
  st_wait_for "the tabs to receive A's line" received_is $PORT $((18 + 3 * 13))
  echo "Hello from B" >&8
  st_wait_for "A to receive B's line" said "$a.out" "Received b'Hello from B\n'"
  st_wait_for "the tabs to receive B's line" received_is $PORT $((18 + 6 * 13))
  if grep -q "Hello from A" "$a.out" || grep -q "Hello from B" "$b.out"; then
    echo "workshop: a chat client got its own line back:" >&2
    cat "$a.out" "$b.out" >&2
    exit 1
  fi
  st_park_pointer
  sleep 1.5
  st_shot "$OUT/$lang-7-chat-python.png" 1100x720
  end_chat # the copies see the end of their input, close and exit
  st_quit 5
  echo "workshop: $lang: lesson 2 screenshots in $OUT; A printed: $(cat "$a.out"); B printed: $(cat "$b.out")"
}

# udp_echoed N succeeds once the python3 UDP echo has echoed N datagrams.
udp_echoed() { [ "$(wc -l <"$st_tmp/udpecho.out")" -ge "$1" ]; }
# udp_bound PORT succeeds once something has bound UDP 127.0.0.1:PORT.
udp_bound() { ss -lunH "( sport = :$1 )" | grep -q .; }

# lesson3 LANG makes the bad network's screenshots: latency, then loss.
lesson3() {
  local lang=$1 relay=$((PORT + 1))
  # 8. TCP: client -> relay (300 ms both ways) -> server.py.
  (cd "$LESSON" && exec python3 -u server.py) >"$st_tmp/server.out" 2>&1 &
  py_pid=$!
  st_wait_for "server.py to listen on $PORT" listening_on $PORT
  local rows='"server.conditions":"[{\"type\":\"latency\",\"dir\":\"both\",\"latency\":\"300ms\",\"toxicity\":\"1\"}]"'
  st_fresh_settings "$lang" 1100 720 '"server.mode":"forward"' "\"server.forwardTo\":\"127.0.0.1:$PORT\"" \
    "\"server.port\":\"$relay\"" '"server.conditionsOn":true' "$rows" "\"client.port\":\"$relay\""
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" start
  st_wait_for "the app's relay to listen on $relay (Start, Forward to…)" listening_on $relay
  st_click_at "$lang" connect
  st_wait_for "the client to connect to the relay (Connect)" app_connected_to $relay
  sleep 0.5
  st_click_at "$lang" send
  st_wait_for "Hello, world to come back through the relay (Send)" st_echoed 12 $relay
  st_park_pointer
  sleep 1.5
  st_shot "$OUT/$lang-8-latency.png" 1100x720
  st_quit 5
  wait "$py_pid" || true
  py_pid=""

  # 9. UDP: the same relay over UDP with 10% loss too, to a python3 echo
  # that prints a line per datagram it echoes.
  python3 -u -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    d, a = s.recvfrom(2048); s.sendto(d, a); print(len(d))' "$PORT" >"$st_tmp/udpecho.out" 2>&1 &
  py_pid=$!
  st_wait_for "the UDP echo to bind $PORT" udp_bound $PORT
  rows='"server.conditions":"[{\"type\":\"latency\",\"dir\":\"both\",\"latency\":\"300ms\",\"toxicity\":\"1\"},{\"type\":\"loss\",\"dir\":\"both\",\"loss\":\"0.1\",\"toxicity\":\"1\"}]"'
  st_fresh_settings "$lang" 1100 720 '"server.mode":"forward"' '"server.protocol":"udp"' "\"server.forwardTo\":\"127.0.0.1:$PORT\"" \
    "\"server.port\":\"$relay\"" '"server.conditionsOn":true' '"server.conditionsSeed":"7"' "$rows" \
    '"client.protocol":"udp"' "\"client.port\":\"$relay\"" '"client.repeat":"10"' '"client.interval":"200ms"'
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" udp_relay_start
  st_wait_for "the app's relay to bind UDP $relay (Start, Forward to…)" udp_bound $relay
  st_click_at "$lang" udp_open
  sleep 0.5
  st_click_at "$lang" send
  # Ten datagrams 200 ms apart, 300 ms each way: all is done in 3 s.
  sleep 3.5
  st_park_pointer
  sleep 1
  st_shot "$OUT/$lang-9-loss.png" 1100x720
  st_quit 5
  echo "workshop: $lang: bad-network screenshots in $OUT; the UDP echo echoed $(wc -l <"$st_tmp/udpecho.out") of 10 datagrams"
  cleanup_py
}

# json_string FILE prints FILE's text as a JSON string, for a setting.
json_string() { python3 -c 'import json, sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }

# lesson4 LANG makes the panel's screenshot: the LED board's rules in the
# app's server, the panel's packets file in the library (as Panel > Open
# packets file with a panel… leaves it), Use my server, then the keys.
lesson4() {
  local lang=$1 ex=$st_root/docs/examples
  st_fresh_settings "$lang" 1100 720 "\"server.port\":\"$PORT\"" '"server.mode":"rules"' \
    "\"server.rules\":$(json_string "$ex/workshop-led.yaml")" "\"client.packets\":$(json_string "$ex/workshop-panel.yaml")"
  st_launch
  st_wait_window 30
  st_wait_painted 30
  st_settle
  st_click_at "$lang" start
  st_wait_for "the app's server to listen on $PORT (Start, Rules mode)" listening_on $PORT
  st_click_at "$lang" use_my_server
  st_wait_for "the client to connect to the app's server (Use my server)" app_connected_to $PORT
  # The payload editor has the focus: the keys reach the panel all the same.
  xdotool key --clearmodifiers ctrl+1
  st_wait_for "OK LED=1 to come back (Ctrl+1)" received_is $PORT 9
  xdotool key --clearmodifiers ctrl+2
  st_wait_for "OK LED=0 to come back (Ctrl+2)" received_is $PORT 18
  xdotool key --clearmodifiers ctrl+3
  # Two STATUS answers of 21 bytes, a second apart.
  st_wait_for "the first STATUS answer (Ctrl+3)" received_is $PORT 39
  sleep 1.2
  st_park_pointer
  st_shot "$OUT/$lang-10-panel.png" 1100x720
  xdotool key --clearmodifiers ctrl+3
  echo "workshop: $lang: the panel's screenshot in $OUT; the client received $(st_received $PORT) bytes"
  st_quit 5
}

for lang in en vi; do
  case " $LESSONS " in *" 1 "*) lesson1 "$lang" ;; esac
  case " $LESSONS " in *" 2 "*) lesson2 "$lang" ;; esac
  case " $LESSONS " in *" 3 "*) lesson3 "$lang" ;; esac
  case " $LESSONS " in *" 4 "*) lesson4 "$lang" ;; esac
done
