# Helpers for running the Windows build under Wine, for
# check-windows-package.sh and check-msi.sh. Source it after xvfb-lib.sh
# and st_xvfb; it defines functions only.
#
# Debian 12's Wine 8.0 lacks bcryptprimitives.dll, which Go 1.24+'s runtime
# loads from system32 at start ("bcryptprimitives.dll not found"): a small
# stand-in (scripts/wine/bcryptprimitives.c, ProcessPrng over advapi32's
# RtlGenRandom) is built with mingw-w64 into the fresh prefix.

# st_step_start and st_step_done NAME time a step and print its duration.
st_step_start() { st_step_t0=$(st_now_ms); }
st_step_done() { echo "$st_name: $1 ($(($(st_now_ms) - st_step_t0)) ms)"; }

# st_fail prints what went wrong and exits 1.
st_fail() {
  echo "$st_name: FAIL: $*" >&2
  exit 1
}

# st_wine_prefix makes a fresh 64-bit Wine prefix under $st_tmp (wineboot
# -i, no Mono or Gecko), puts the bcryptprimitives.dll stand-in in its
# system32, and on exit stops that prefix's wineserver (and so every Wine
# process under it) before st_cleanup removes it. It needs st_xvfb first.
st_wine_prefix() {
  st_need wine wineboot wineserver x86_64-w64-mingw32-gcc
  export WINEPREFIX="$st_tmp/wine" WINEARCH=win64 WINEDEBUG=-all
  # No Mono or Gecko: wineboot would otherwise offer to download them.
  # winemenubuilder off: Start-menu shortcuts stay in the prefix instead of
  # becoming .desktop files in the real home.
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  trap st_wine_cleanup EXIT
  st_step_start
  wineboot -i >"$st_tmp/wineboot.log" 2>&1 || { cat "$st_tmp/wineboot.log" >&2; st_fail "wineboot -i failed"; }
  wineserver -w
  st_step_done "fresh Wine prefix (wineboot -i)"
  st_step_start
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$st_root/scripts/wine/bcryptprimitives.c" -ladvapi32
  st_step_done "bcryptprimitives.dll built into system32"
  # The window's settings live in %AppData%\fyne\ID: English, 1100x720,
  # the size the click positions in xvfb-lib.sh were read at.
  local prefs
  prefs="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/fyne/io.github.sockettester.sockettester"
  mkdir -p "$prefs"
  printf '{"app.language":"en","window.width":1100,"window.height":720}\n' >"$prefs/preferences.json"
}

st_wine_cleanup() {
  wineserver -k 2>/dev/null || true
  st_cleanup
}

# st_wine_launch EXE starts EXE under Wine like st_launch. wine execs its
# loader, so st_app_pid is the exe's own process, the one ss names as a
# socket's owner.
st_wine_launch() {
  APP=wine
  st_launch "$@"
}

# st_wine_open EXE SECONDS starts EXE under Wine and waits for its window
# like st_wait_window, once more, under a new wineserver, if the first
# start failed because the graphics library did not start (the app's own
# message): one CI run saw that once under Wine, where the same exe starts
# in every other run. The first start's stderr is printed either way.
st_wine_open() {
  st_wine_launch "$1"
  st_try_window "$2" && return
  local why=$?
  if [ "$why" = 1 ] && grep -q 'the graphics library (GLFW) did not start' "$st_tmp/stderr"; then
    echo "$st_name: the app's graphics did not start under Wine; trying once more. Its stderr:" >&2
    cat "$st_tmp/stderr" >&2
    wait "$st_app_pid" 2>/dev/null || true
    # A new wineserver, so that Wine's desktop process starts again too:
    # the one that failed would be reused.
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    st_wine_launch "$1"
  fi
  st_wait_window "$2"
}

# st_wine_click CONTROL clicks a control named in st_at (English), relative
# to the window: Wine may not place it at 0,0.
st_wine_click() {
  local at=${st_at[en.$1]:?no position for $1}
  xdotool mousemove --window "$st_win" $at click 1
  sleep 0.5
}

# st_wine_server_pid prints the pid of this prefix's wineserver. Under Wine
# the server holds every socket (a listener only it), so ss names it, not
# the exe, as their owner.
st_wine_server_pid() {
  local p c
  for p in /proc/[0-9]*; do
    c=$(cat "$p/comm" 2>/dev/null) || continue
    case "$c" in wineserver | wineserver64) ;; *) continue ;; esac
    if tr '\0' '\n' <"$p/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX"; then
      echo "${p#/proc/}"
      return
    fi
  done
}

# st_wine_ss CMD... runs one of xvfb-lib.sh's ss checks (st_connected,
# st_echoed, st_listen_port) against the sockets of this prefix's Wine
# processes. There is only the app in the prefix, so they are its own.
st_wine_ss() {
  local st_app_pid
  st_app_pid=$(st_wine_server_pid)
  [ -n "$st_app_pid" ] || st_fail "no wineserver for $WINEPREFIX"
  "$@"
}
