#!/usr/bin/env bash
# Installs the system packages Socket Tester needs on Debian/Ubuntu, only
# those missing: the C toolchain and X11/OpenGL headers Fyne's driver builds
# against, and the tools the tests use (Xvfb, xdotool, ImageMagick, socat,
# ncat, openssl, tshark, curl, Python's aiosmtpd for STARTTLS, Python's
# websockets, Node's ws, the proxies microsocks and tinyproxy), and what the
# packaging checks use (the mingw-w64 C compiler for the Windows build, Wine
# to run it, wixl and msitools for the MSI, lintian, desktop-file-utils and
# appstream for the .deb). Runs
# apt-get as root, or through sudo, without questions.
set -euo pipefail

# `deps.sh app` installs only what building and starting the app needs.
pkgs=(gcc make pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
      libxinerama-dev libxi-dev libxxf86vm-dev)
if [ "${1:-}" != app ]; then
  pkgs+=(xvfb xdotool imagemagick socat ncat
         openssl xz-utils file iproute2 tshark curl python3-aiosmtpd python3-websockets node-ws
         microsocks tinyproxy gcc-mingw-w64-x86-64 wine wine64 wixl msitools lintian desktop-file-utils appstream dpkg-dev zip)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # tshark's package asks whether non-root users may capture; the answer
  # (no) is given beforehand so the install never waits on it.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go 1.26 or newer is needed (https://go.dev/dl/); Debian's golang-go is too old" >&2
  exit 1
fi
