#!/usr/bin/env bash
# Builds the Windows installer (make package-msi) from the packaged GUI exe
# and the Windows CLI with wixl (Debian's wixl, from msitools):
#   scripts/package-msi.sh GUI.exe CLI.exe OUT.msi
# packaging/windows/sockettester.wxs says what it installs; the icon is
# assets/icon.png at 16, 32, 48 and 256 px in one .ico.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${1:?usage: package-msi.sh GUI.exe CLI.exe OUT.msi}
cli=${2:?usage: package-msi.sh GUI.exe CLI.exe OUT.msi}
out=${3:?usage: package-msi.sh GUI.exe CLI.exe OUT.msi}
for c in wixl convert; do
  command -v "$c" >/dev/null || { echo "package-msi: $c is missing; scripts/deps.sh installs it" >&2; exit 1; }
done
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$gui" "$stage/sockettester.exe"
cp "$cli" "$stage/sockettester-cli.exe"
convert assets/icon.png -define icon:auto-resize=256,48,32,16 "$stage/sockettester.ico"
wxs=$(realpath packaging/windows/sockettester.wxs)
out_abs=$(realpath -m "$out")
# wixl finds Source files relative to where it runs.
(cd "$stage" && wixl --arch x64 -D "Version=$version" -o "$out_abs" "$wxs")
echo "$out"
