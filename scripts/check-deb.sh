#!/usr/bin/env bash
# Checks the Debian package (make check-package-deb):
#   scripts/check-deb.sh FILE.deb
# lintian reports no errors (kept warnings are overridden, with the reason,
# in packaging/deb/lintian-overrides); the .desktop entry passes
# desktop-file-validate and the metainfo appstreamcli validate --no-net;
# the package holds the files it should; `dpkg -i` installs it on this
# machine (root, or sudo), the installed /usr/bin/sockettester's window comes
# up under Xvfb and quits cleanly, and `dpkg -r` removes every file dpkg -L
# listed.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(realpath "${1:?usage: check-deb.sh FILE.deb}")
id=io.github.sockettester.sockettester
fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
for c in lintian desktop-file-validate appstreamcli dpkg-deb; do
  command -v "$c" >/dev/null || fail "$c is missing; scripts/deps.sh installs it"
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t0=$(date +%s%N)
ms() { echo "$((($(date +%s%N) - t0) / 1000000)) ms"; }

# --fail-on error: warnings are printed (and explained in the overrides).
lintian --fail-on error --display-info "$deb" >"$work/lintian" 2>&1 || { cat "$work/lintian" >&2; fail "lintian reports errors"; }
if [ -s "$work/lintian" ]; then sed 's/^/check-deb: lintian: /' "$work/lintian"; fi
echo "check-deb: lintian: no errors ($(ms))"

dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/sockettester usr/bin/sockettester-cli "usr/share/applications/$id.desktop" \
  "usr/share/metainfo/$id.metainfo.xml" usr/share/doc/sockettester/copyright \
  "usr/share/icons/hicolor/scalable/apps/$id.svg"; do
  [ -e "$work/root/$f" ] || fail "$deb lacks /$f"
done
for px in 16 24 32 48 64 128 256 512; do
  png="$work/root/usr/share/icons/hicolor/${px}x$px/apps/$id.png"
  file "$png" | grep -q "PNG image data, $px x $px" || fail "$png is not a ${px}x$px PNG"
done
desktop-file-validate "$work/root/usr/share/applications/$id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"
dpkg-deb -f "$deb" Depends | grep -q 'libgl1' || fail "Depends lacks libgl1: $(dpkg-deb -f "$deb" Depends)"
echo "check-deb: contents, .desktop and metainfo valid; Depends: $(dpkg-deb -f "$deb" Depends)"

t0=$(date +%s%N)
$sudo dpkg -i "$deb" >/dev/null || fail "dpkg -i $deb"
dpkg -L sockettester >"$work/listed"
echo "check-deb: dpkg -i installed $(wc -l <"$work/listed") paths ($(ms))"
/usr/bin/sockettester --version | grep -qx "sockettester $(dpkg-deb -f "$deb" Version)" || fail "/usr/bin/sockettester --version"
/usr/bin/sockettester-cli --version >/dev/null || fail "/usr/bin/sockettester-cli --version"
APP=/usr/bin/sockettester ./scripts/smoke.sh || fail "the installed app's window"

t0=$(date +%s%N)
$sudo dpkg -r sockettester >/dev/null || fail "dpkg -r sockettester"
left=$(while read -r p; do [ -f "$p" ] || [ -L "$p" ] && echo "$p"; done <"$work/listed" || true)
[ -z "$left" ] || fail "dpkg -r left: $left"
status=$(dpkg-query -W -f='${db:Status-Status}' sockettester 2>/dev/null || true)
case "$status" in "" | not-installed) ;; *) fail "dpkg still has sockettester as '$status'" ;; esac
echo "check-deb: dpkg -r removed every file dpkg -L listed ($(ms))"
echo "check-deb: ok ($(basename "$deb"))"
