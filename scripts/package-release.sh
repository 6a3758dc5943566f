#!/usr/bin/env bash
# The release's last step (make release), after the packages and the CLI
# builds are in dist/:
#   - dist/sockettester-VERSION-windows-amd64.zip, the portable zip winget
#     installs: the GUI exe and the CLI exe;
#   - dist/winget/SocketTester.SocketTester.yaml, the winget manifest with
#     that zip's address and SHA256;
#   - dist/sockettester-VERSION-src-vendored.tar.gz, the source at HEAD
#     with vendor/ (go mod vendor), and dist/flatpak/…yml, the Flatpak
#     manifest with its sha256, so a Flatpak build needs no network;
#   - dist/SHA256SUMS over every release file.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
id=io.github.sockettester.sockettester
dist=dist
epoch=$(git log -1 --format=%ct)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gui="$dist/sockettester-$version-windows-amd64.exe"
cli="$dist/sockettester-cli-$version-windows-amd64.exe"
for f in "$gui" "$cli"; do [ -f "$f" ] || { echo "package-release: $f is missing" >&2; exit 1; }; done
zipfile="$dist/sockettester-$version-windows-amd64.zip"
mkdir -p "$work/zip"
cp "$gui" "$work/zip/sockettester.exe"
cp "$cli" "$work/zip/sockettester-cli.exe"
cp LICENSE "$work/zip/LICENSE.txt"
touch -d "@$epoch" "$work/zip"/*
rm -f "$zipfile"
(cd "$work/zip" && zip -q -X -9 "$OLDPWD/$zipfile" sockettester.exe sockettester-cli.exe LICENSE.txt)
mkdir -p "$dist/winget"
sed -e "s/@VERSION@/$version/g" -e "s/@SHA256@/$(sha256sum "$zipfile" | cut -d' ' -f1 | tr a-f A-F)/" \
  packaging/winget/manifest.yaml.in >"$dist/winget/SocketTester.SocketTester.yaml"

src="$dist/sockettester-$version-src-vendored.tar.gz"
git archive --prefix="sockettester-$version/" HEAD | tar x -C "$work"
(cd "$work/sockettester-$version" && go mod vendor)
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$work" -cf - "sockettester-$version" |
  gzip -9n >"$src"
mkdir -p "$dist/flatpak"
sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$(date -u -d "@$epoch" +%F)/g" \
  -e "s/@SRC_SHA256@/$(sha256sum "$src" | cut -d' ' -f1)/" \
  "packaging/flatpak/$id.yml" >"$dist/flatpak/$id.yml"

cd "$dist"
rm -f SHA256SUMS
sha256sum sockettester-* sockettester_* winget/*.yaml flatpak/*.yml >SHA256SUMS
cat SHA256SUMS
