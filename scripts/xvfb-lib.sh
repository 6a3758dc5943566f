# Helpers shared by smoke.sh, screenshot.sh and guiperf.sh, which run the
# real desktop app under a private Xvfb server. Source it; it defines
# functions only. Everything stays on this machine: the app is only ever
# pointed at 127.0.0.1.

# st_root is the repository root.
st_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# st_need CMD... fails naming the first command that is missing.
st_need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || {
      echo "$st_name: $c is missing; scripts/deps.sh installs it" >&2
      exit 1
    }
  done
}

# st_app sets APP to the app binary: $APP if given, else ./sockettester,
# built first if it is missing. RACE=1 builds a race-detector binary
# instead (sockettester-race), for smoke runs that should catch races.
st_app() {
  if [ -n "${APP:-}" ]; then
    [ -x "$APP" ] || { echo "$st_name: APP=$APP is not an executable" >&2; exit 1; }
    return
  fi
  local out="$st_root/sockettester" flags=(-tags no_animations,migrated_fynedo)
  if [ "${RACE:-0}" = 1 ]; then
    out="$st_root/sockettester-race"
    flags=(-race -tags no_animations,migrated_fynedo)
  fi
  if [ ! -x "$out" ]; then
    echo "$st_name: building $out (a first cgo build takes minutes)" >&2
    (cd "$st_root" && go build "${flags[@]}" -o "$out" .)
  fi
  APP=$out
}

# st_xvfb WIDTHxHEIGHT starts Xvfb on a free display (Xvfb picks it and
# reports it through -displayfd), exports DISPLAY and arranges for the
# server to be stopped on exit. It also gives the app a fresh, empty
# settings directory, so saved window sizes or fields do not leak in.
st_xvfb() {
  st_need Xvfb xdotool
  st_tmp=$(mktemp -d)
  trap st_cleanup EXIT
  local fifo="$st_tmp/displayfd"
  mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 "${1}x24" -nolisten tcp 3>"$fifo" \
    >"$st_tmp/xvfb.log" 2>&1 &
  st_xvfb_pid=$!
  local n
  if ! read -r -t 10 n <"$fifo"; then
    echo "$st_name: Xvfb did not start:" >&2
    cat "$st_tmp/xvfb.log" >&2
    exit 1
  fi
  export DISPLAY=":$n"
  export XDG_CONFIG_HOME="$st_tmp/config"
  mkdir -p "$XDG_CONFIG_HOME"
}

# st_cleanup stops what st_xvfb and st_launch started, by their ids.
st_cleanup() {
  if [ -n "${st_app_pid:-}" ] && kill -0 "$st_app_pid" 2>/dev/null; then
    kill "$st_app_pid" 2>/dev/null || true
    wait "$st_app_pid" 2>/dev/null || true
  fi
  if [ -n "${st_xvfb_pid:-}" ]; then
    kill "$st_xvfb_pid" 2>/dev/null || true
    wait "$st_xvfb_pid" 2>/dev/null || true
  fi
  [ -n "${st_tmp:-}" ] && rm -rf "$st_tmp"
}

# st_now_ms prints a monotonic-enough wall clock in milliseconds.
st_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# st_launch ARGS... starts $APP with ARGS, stdout to $st_tmp/stdout and
# stderr to $st_tmp/stderr, and
# records its pid in st_app_pid and the start time in st_start_ms.
st_launch() {
  st_start_ms=$(st_now_ms)
  "$APP" "$@" >"$st_tmp/stdout" 2>"$st_tmp/stderr" &
  st_app_pid=$!
}

# st_wait_window SECONDS waits until the app's window is mapped, polling
# every 10 ms, and sets st_win (its X id) and st_window_ms (time since
# st_launch). It fails if the app exits or the time runs out.
st_wait_window() {
  st_try_window "$1" && return
  case $? in
    1) echo "$st_name: the app exited before showing a window; stderr:" >&2 ;;
    *) echo "$st_name: no \"Socket Tester\" window after $1 s; stderr:" >&2 ;;
  esac
  cat "$st_tmp/stderr" >&2
  exit 1
}

# st_try_window SECONDS is st_wait_window that returns instead of failing:
# 1 if the app exited first, 2 if the time ran out.
st_try_window() {
  local deadline=$(($(st_now_ms) + $1 * 1000))
  st_win=""
  while [ -z "$st_win" ]; do
    st_win=$(xdotool search --onlyvisible --name '^Socket Tester$' 2>/dev/null | head -1 || true)
    [ -n "$st_win" ] && break
    kill -0 "$st_app_pid" 2>/dev/null || return 1
    [ "$(st_now_ms)" -lt "$deadline" ] || return 2
    sleep 0.01
  done
  st_window_ms=$(($(st_now_ms) - st_start_ms))
}

# st_cpu_ms prints the CPU time (user + system) the app has used, in ms.
st_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz)}' "/proc/$st_app_pid/stat"
}

# st_wait_painted SECONDS waits until the window shows something other
# than black at its top-left menu bar, i.e. the first frame was drawn, and
# sets st_frame_ms (time since st_launch) and st_frame_cpu_ms (CPU time the
# app had used by then, which a busy machine does not inflate as much). One
# probe grabs the window, which costs ~20-50 ms, so the figures are that
# coarse.
st_wait_painted() {
  local deadline=$(($(st_now_ms) + $1 * 1000)) px
  while :; do
    px=$(import -silent -window "$st_win" -crop 1x1+2+2 +repage -format '%[hex:p{0,0}]' info: 2>/dev/null || true)
    if [ -n "$px" ] && [ "$px" != 000000 ] && [ "$px" != 000000FF ]; then
      break
    fi
    if [ "$(st_now_ms)" -ge "$deadline" ]; then
      echo "$st_name: the window stayed black for $1 s" >&2
      exit 1
    fi
    sleep 0.005
  done
  st_frame_ms=$(($(st_now_ms) - st_start_ms))
  st_frame_cpu_ms=$(st_cpu_ms)
}

# st_quit asks the app to quit as a user would: focus its window and press
# Ctrl+Q (File > Quit). It then waits up to SECONDS for it to exit and sets
# st_exit to its exit status; it fails if the app is still running.
st_quit() {
  xdotool windowfocus --sync "$st_win" 2>/dev/null || true
  xdotool key --clearmodifiers ctrl+q
  local deadline=$(($(st_now_ms) + $1 * 1000))
  while kill -0 "$st_app_pid" 2>/dev/null; do
    if [ "$(st_now_ms)" -ge "$deadline" ]; then
      # SIGQUIT has a Go program print every goroutine's stack: where it
      # hangs.
      kill -QUIT "$st_app_pid" 2>/dev/null || true
      sleep 1
      echo "$st_name: the app was still running $1 s after Ctrl+Q; stderr, with its goroutines:" >&2
      cat "$st_tmp/stderr" >&2
      exit 1
    fi
    sleep 0.05
  done
  st_exit=0
  wait "$st_app_pid" || st_exit=$?
  st_app_pid=""
}

# st_bad_stderr prints the lines of the app's stderr that mean trouble: a
# panic, a data race, Fyne's complaint about touching the app before it
# exists, any other Fyne error, or a logrus error. Fyne's "Error parsing
# user locale C" (with its Cause/At lines) is known noise from its locale
# lookup under LANG=C.UTF-8, the CI default, and is not reported.
st_bad_stderr() {
  grep -v -E 'Error parsing user locale C|Cause: language: tag is not well-formed|At: .*/lang/locale\.go' \
    "$st_tmp/stderr" |
    grep -E 'panic|fatal error|DATA RACE|Attempt to access current Fyne app|Fyne error|Cause:|level=(error|fatal)|^goroutine [0-9]+' || true
}

# --- Driving the app (screenshot.sh, workshop.sh) ---------------------------

# st_fresh_settings LANG WIDTH HEIGHT [JSON...] gives the next launch empty
# settings but the language, the window size and any extra "key": value
# pairs given.
st_fresh_settings() {
  local lang=$1 w=$2 h=$3 dir="$XDG_CONFIG_HOME/fyne/io.github.sockettester.sockettester"
  shift 3
  rm -rf "${XDG_CONFIG_HOME:?}"/*
  mkdir -p "$dir"
  local extra=""
  for kv in "$@"; do extra+=",$kv"; done
  printf '{"app.language":"%s","window.width":%s,"window.height":%s%s}\n' "$lang" "$w" "$h" "$extra" >"$dir/preferences.json"
}

# st_settle waits for the first layout after the window appeared: a click
# before it would miss (the window's size comes from the settings).
st_settle() { sleep 1.5; }

# Where the controls are in the window at 1100x720, by language (read off
# screenshots of that layout). send is the client's Send, in the same place
# before and after connecting (the connection's row takes the address row's
# place). The client pane's title row, "Client 2 [1] [2] [x] [3] [+]",
# moves with the current tab, the number of tabs and whether the tab is
# connected (the panes' split moves too), so its buttons are named by the
# state they are clicked in, the server listening in Chat mode
# (workshop.sh's step 6):
#   plus_1tab   "+" with one tab, not connected;
#   plus_2tabs  "+" with two tabs, on Client 2, not connected;
#   tab2_from3  "2" with three tabs, on Client 3, connected;
#   tab1_from2  "1" with three tabs, on Client 2, connected.
# udp_relay_start and udp_open are Start and Open socket with the server
# pane UDP in Forward to… with two condition rows (workshop.sh's step 9),
# where the server pane is the wider.
declare -A st_at=(
  [en.use_my_server]="808 53" [vi.use_my_server]="829 53"
  [en.send]="1056 211" [vi.send]="1060 211"
  [en.connect]="930 53" [vi.connect]="975 53"
  [en.start]="425 53" [vi.start]="394 53"
  [en.client_port]="1053 92" [vi.client_port]="1053 92"
  [en.plus_1tab]="602 53" [vi.plus_1tab]="628 53"
  [en.plus_2tabs]="645 53" [vi.plus_2tabs]="670 53"
  [en.tab2_from3]="577 53" [vi.tab2_from3]="603 53"
  [en.tab1_from2]="557 53" [vi.tab1_from2]="583 53"
  [en.udp_relay_start]="368 53" [vi.udp_relay_start]="328 53"
  [en.udp_open]="922 53" [vi.udp_open]="955 53"
)

# st_click_at LANG CONTROL clicks a control named in st_at.
st_click_at() {
  local at=${st_at[$1.$2]:?no position for $1.$2}
  xdotool mousemove $at click 1
  sleep 0.5
}

# st_park_pointer moves the pointer out of the window, so no hover shows.
st_park_pointer() { xdotool mousemove 1270 790; }

# st_shot FILE WxH saves the window's top-left WxH of the screen to FILE.
st_shot() {
  mkdir -p "$(dirname "$1")"
  import -window root -crop "$2+0+0" +repage "$st_tmp/raw.png"
  convert "$st_tmp/raw.png" -strip -define png:compression-level=9 "$1"
}

# st_wait_for WHAT CMD... retries CMD for 5 s, and fails saying WHAT did
# not happen, with the screen at that moment in /tmp/screenshot-failed.png.
st_wait_for() {
  local what=$1 i
  shift
  for i in $(seq 50); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "$st_name: $what did not happen; a click may have missed (layout changed?)" >&2
  import -window root /tmp/screenshot-failed.png &&
    echo "$st_name: the screen at that moment: /tmp/screenshot-failed.png" >&2
  exit 1
}

# st_listen_port prints the app's TCP listening port on 127.0.0.1.
st_listen_port() {
  ss -ltnpH | awk -v p="pid=$st_app_pid," 'index($0, p) && $4 ~ /^127\.0\.0\.1:/ {sub(/.*:/, "", $4); print $4; exit}'
}

# st_connected succeeds once the app's client is connected to its own
# server.
st_connected() {
  local port
  port=$(st_listen_port)
  [ -n "$port" ] && ss -tnpH state established "( dport = :$port )" | grep -q "pid=$st_app_pid,"
}

# st_echoed N succeeds once the app's client connection (to a server on
# any port the app listens on or to PORT) has received N bytes.
st_echoed() {
  local n=$1 port=${2:-$(st_listen_port)}
  ss -tnpiH state established "( dport = :$port )" | grep -A1 "pid=$st_app_pid," | grep -q "bytes_received:$n\b"
}

# st_received PORT prints the bytes the app's client connections to PORT
# have received in all (ss leaves bytes_received out while it is 0).
st_received() {
  ss -tnpiH state established "( dport = :$1 )" |
    awk -v p="pid=$st_app_pid," 'index($0, p) {mine = 1; next}
      mine && match($0, /bytes_received:[0-9]+/) {n += substr($0, RSTART + 15, RLENGTH - 15)}
      {mine = 0} END {print n + 0}'
}
