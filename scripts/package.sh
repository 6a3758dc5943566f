#!/usr/bin/env bash
# Builds the desktop packages with fyne.io/tools (pinned) into dist/ and
# leaves the working tree as it found it: `fyne package` bumps Build in
# FyneApp.toml and drops binaries next to main.go, so both are undone here.
#   scripts/package.sh linux     -> dist/sockettester-VERSION-linux-amd64.tar.xz
#   scripts/package.sh windows   -> dist/sockettester-VERSION-windows-amd64.exe
#   scripts/package.sh darwin    -> dist/Socket Tester.app (on a Mac only)
set -euo pipefail
cd "$(dirname "$0")/.."

os=${1:?usage: package.sh linux|windows|darwin}
FYNE_TOOLS_VERSION=v1.7.4
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
gobin=$(go env GOPATH)/bin
fyne=$gobin/fyne
have=$("$fyne" version 2>/dev/null || true)
if [[ "$have" != *"cli version: $FYNE_TOOLS_VERSION"* ]]; then
  echo "package: installing fyne.io/tools $FYNE_TOOLS_VERSION"
  go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
fi

mkdir -p dist
backup=$(mktemp)
cp FyneApp.toml "$backup"
restore() { cp "$backup" FyneApp.toml; rm -f "$backup" sockettester sockettester.exe; }
trap restore EXIT

ldflags="-X=github.com/sockettester/sockettester/internal/version.Version=$version"
# no_animations: see APPTAGS in the Makefile (a focused field's blinking
# cursor costs a tenth of a core otherwise).
goflags="-buildvcs=false -tags=no_animations,migrated_fynedo -ldflags=$ldflags"
case "$os" in
linux)
  # fyne package builds with `go build`; GOFLAGS carries the version stamp.
  GOFLAGS="$goflags" "$fyne" package --os linux --release --name "Socket Tester"
  mv -f "Socket Tester.tar.xz" "dist/sockettester-$version-linux-amd64.tar.xz"
  echo "dist/sockettester-$version-linux-amd64.tar.xz"
  ;;
windows)
  cc_env=()
  if [ "$(go env GOHOSTOS)" != windows ]; then
    # Cross-compiling from Linux: cgo needs the mingw-w64 C compiler.
    if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
      echo "package: x86_64-w64-mingw32-gcc is missing; scripts/deps.sh installs it (gcc-mingw-w64-x86-64)" >&2
      exit 1
    fi
    cc_env=(CC=x86_64-w64-mingw32-gcc)
  fi
  env "${cc_env[@]}" CGO_ENABLED=1 GOOS=windows GOARCH=amd64 GOFLAGS="$goflags" \
    "$fyne" package --os windows --release --name "Socket Tester"
  mv -f "Socket Tester.exe" "dist/sockettester-$version-windows-amd64.exe"
  echo "dist/sockettester-$version-windows-amd64.exe"
  ;;
darwin)
  # On a Mac with Xcode command-line tools.
  GOFLAGS="$goflags" "$fyne" package --os darwin --release --name "Socket Tester"
  ditto -c -k --keepParent "Socket Tester.app" "dist/sockettester-$version-macos-$(go env GOARCH).zip"
  rm -rf "Socket Tester.app"
  echo "dist/sockettester-$version-macos-$(go env GOARCH).zip"
  ;;
*) echo "package: unknown target $os" >&2; exit 2 ;;
esac
