#!/usr/bin/env bash
# Checks a Linux package made by `make package-linux`: the archive holds the
# binary, a .desktop entry with the right Name, Exec and Icon, and the icon;
# its own Makefile installs it into a temporary prefix; and the installed
# binary opens its window under Xvfb and quits cleanly.
set -euo pipefail
pkg=${1:?usage: check-linux-package.sh PACKAGE.tar.xz}
id=io.github.sockettester.sockettester
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "check-linux-package: $*" >&2; exit 1; }
list=$(tar tJf "$pkg")
for f in usr/local/bin/sockettester "usr/local/share/applications/$id.desktop" "usr/local/share/pixmaps/$id.png" Makefile; do
  grep -q "/$f\$" <<<"$list" || fail "$pkg lacks $f"
done

tar xJf "$pkg" -C "$work"
root=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
desktop="$root/usr/local/share/applications/$id.desktop"
for want in "Name=Socket Tester" "Exec=sockettester" "Icon=$id" "Type=Application"; do
  grep -qx "$want" "$desktop" || fail "$desktop lacks '$want'"
done
grep -q '^Categories=.*Network' "$desktop" || fail "$desktop lacks the Network category"
file "$root/usr/local/share/pixmaps/$id.png" | grep -q 'PNG image data, 512 x 512' || fail "icon is not a 512x512 PNG"

prefix="$work/prefix"
make -s -C "$root" install DESTDIR="$prefix" PREFIX=/usr >/dev/null
bin="$prefix/usr/bin/sockettester"
[ -x "$bin" ] || fail "install did not place $bin"
[ -f "$prefix/usr/share/applications/$id.desktop" ] || fail "install did not place the .desktop file"
"$bin" --version 2>/dev/null | grep -qx "sockettester $(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)" || fail "--version does not print the FyneApp.toml version"

APP="$bin" ./scripts/smoke.sh
echo "check-linux-package: ok ($pkg)"
