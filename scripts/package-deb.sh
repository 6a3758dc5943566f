#!/usr/bin/env bash
# Builds the Debian package (make package-deb) with dpkg-deb from a staged
# tree, no Go dependency added:
#   scripts/package-deb.sh OUT.deb
# It holds /usr/bin/sockettester (the app, cgo) and /usr/bin/sockettester-cli
# (pure Go), the .desktop entry, hicolor icons (16-512 px PNG and the SVG),
# the AppStream metainfo, a machine-readable copyright and a changelog.
# Depends is what dpkg-shlibdeps finds the app's binary links (libc, libGL,
# libX11) plus the X11 libraries GLFW opens with dlopen at start, which
# dpkg-shlibdeps cannot see (their names are strings in the binary:
# libXcursor.so.1, libXrandr.so.2, libXinerama.so.1, libXi.so.6,
# libXxf86vm.so.1, libX11-xcb.so.1, libXrender.so.1). The files it starts from are in packaging/linux and
# packaging/deb.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: package-deb.sh OUT.deb}
for c in dpkg-deb dpkg-shlibdeps convert gzip; do
  command -v "$c" >/dev/null || { echo "package-deb: $c is missing; scripts/deps.sh installs it" >&2; exit 1; }
done
id=io.github.sockettester.sockettester
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
# The release date in the metainfo and the changelog: the last commit's,
# so the same tree makes the same package.
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
ldflags="-s -w -X github.com/sockettester/sockettester/internal/version.Version=$version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo" \
  "$root/usr/share/doc/sockettester" "$root/usr/share/icons/hicolor/scalable/apps" \
  "$root/usr/share/lintian/overrides"

# PIE, as Debian builds its binaries (lintian's hardening-no-pie).
go build -trimpath -buildvcs=false -buildmode=pie -tags no_animations,migrated_fynedo -ldflags "$ldflags" -o "$root/usr/bin/sockettester" .
CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$root/usr/bin/sockettester-cli" ./cmd/sockettester-cli

install -m 644 "packaging/linux/$id.desktop" "$root/usr/share/applications/"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u -d "@$epoch" +%F)/" \
  "packaging/linux/$id.metainfo.xml" >"$root/usr/share/metainfo/$id.metainfo.xml"
for px in 16 24 32 48 64 128 256 512; do
  dir="$root/usr/share/icons/hicolor/${px}x$px/apps"
  mkdir -p "$dir"
  convert assets/icon.png -resize "${px}x$px" -strip "$dir/$id.png"
done
install -m 644 assets/icon.svg "$root/usr/share/icons/hicolor/scalable/apps/$id.svg"
install -m 644 packaging/deb/copyright "$root/usr/share/doc/sockettester/copyright"
install -m 644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/sockettester"
{
  echo "sockettester ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version; the changes are in the project's history."
  echo
  echo " -- Socket Tester authors <sockettester@users.noreply.github.com>  $(date -u -R -d "@$epoch")"
} | gzip -9n >"$root/usr/share/doc/sockettester/changelog.gz"

# dpkg-shlibdeps reads debian/control for the package's name and arch.
mkdir -p "$work/src/debian"
printf 'Source: sockettester\n\nPackage: sockettester\nArchitecture: amd64\n' >"$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/sockettester" "$root/usr/bin/sockettester-cli" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
dlopened="libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, libx11-xcb1, libxrender1"
for lib in libXcursor.so.1 libXrandr.so.2 libXinerama.so.1 libXi.so.6 libXxf86vm.so.1 libX11-xcb.so.1 libXrender.so.1; do
  grep -qaF "$lib" "$root/usr/bin/sockettester" || { echo "package-deb: the app no longer names $lib: update dlopened" >&2; exit 1; }
done
depends="$depends, $dlopened"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
  packaging/deb/control.in >"$root/DEBIAN/control"

(cd "$root" && find usr -type f -exec md5sum {} + | sort -k2 >DEBIAN/md5sums)
find "$root" -type d -exec chmod 755 {} +
mkdir -p "$(dirname "$out")"
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
