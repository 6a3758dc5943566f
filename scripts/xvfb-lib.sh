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
  local out="$st_root/sockettester" flags=()
  if [ "${RACE:-0}" = 1 ]; then
    out="$st_root/sockettester-race"
    flags=(-race)
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
  local deadline=$(($(st_now_ms) + $1 * 1000))
  st_win=""
  while [ -z "$st_win" ]; do
    st_win=$(xdotool search --onlyvisible --name '^Socket Tester$' 2>/dev/null | head -1 || true)
    [ -n "$st_win" ] && break
    if ! kill -0 "$st_app_pid" 2>/dev/null; then
      echo "$st_name: the app exited before showing a window; stderr:" >&2
      cat "$st_tmp/stderr" >&2
      exit 1
    fi
    if [ "$(st_now_ms)" -ge "$deadline" ]; then
      echo "$st_name: no \"Socket Tester\" window after $1 s; stderr:" >&2
      cat "$st_tmp/stderr" >&2
      exit 1
    fi
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
      echo "$st_name: the app was still running $1 s after Ctrl+Q; stderr:" >&2
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
