#!/usr/bin/env bash
# GUI smoke test (make smoke): start the real app under Xvfb, wait for its
# window, quit it with Ctrl+Q as a user would, and check that it exits with
# status 0 within 5 s and printed nothing alarming on stderr. Needs no
# display or user; runs as root in CI.
#
#   scripts/smoke.sh            # uses ./sockettester, building it if missing
#   APP=/path/to/bin scripts/smoke.sh
#   RACE=1 scripts/smoke.sh     # builds and runs a -race binary
#
# Prints "smoke: ok (window in N ms)" and exits 0, or says what failed and
# exits 1.
set -euo pipefail
st_name=smoke
. "$(dirname "$0")/xvfb-lib.sh"

st_app
st_xvfb 1280x800
st_launch
st_wait_window 30
# Let the first frames and the status ticker run before quitting.
sleep 1
st_quit 5

bad=$(st_bad_stderr)
if [ "$st_exit" -ne 0 ] || [ -n "$bad" ]; then
  echo "smoke: FAIL: exit status $st_exit" >&2
  [ -n "$bad" ] && { echo "smoke: stderr has:" >&2; echo "$bad" >&2; }
  echo "--- full stderr ---" >&2
  cat "$st_tmp/stderr" >&2
  exit 1
fi
echo "smoke: ok (window in $st_window_ms ms)"
