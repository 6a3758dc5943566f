#!/usr/bin/env bash
# Checks the Windows installer (make check-package-msi):
#   scripts/check-msi.sh FILE.msi
# With msiinfo: the tables an installer with files, a shortcut, an icon and
# an upgrade rule has; the two exes in File; the shortcut with its icon; the
# Add or Remove Programs properties (version, publisher, icon). Under Wine
# and Xvfb, in a fresh prefix: `msiexec /i FILE /qn` installs into
# Program Files\Socket Tester with a Start-menu shortcut and an uninstall
# entry; the installed exe's window comes up and quits; `msiexec /x FILE
# /qn` leaves none of it (the folder, the shortcut, the registry keys).
set -euo pipefail
st_name=check-msi
. "$(dirname "$0")/xvfb-lib.sh"
. "$(dirname "$0")/wine-lib.sh"
st_need msiinfo
msi=$(realpath "${1:?usage: check-msi.sh FILE.msi}")
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' "$st_root/FyneApp.toml")

# msiinfo export writes a table's binary streams (the Icon table's .ico)
# into a folder in the current directory: a scratch one.
msidir=$(mktemp -d)
st_tmp_msi=$msidir/shortcut.tsv
cd "$msidir"
st_step_start
tables=$(msiinfo tables "$msi")
for t in File Component Directory Feature FeatureComponents Shortcut Icon Property Registry Upgrade Media; do
  grep -qx "$t" <<<"$tables" || st_fail "$msi has no $t table"
done
files=$(msiinfo export "$msi" File)
for f in sockettester.exe sockettester-cli.exe; do
  grep -q "	$f	" <<<"$files" || st_fail "$msi's File table lacks $f"
done
props=$(msiinfo export "$msi" Property)
prop() { awk -F'\t' -v k="$1" '$1 == k {print $2}' <<<"$props" | tr -d '\r'; }
[ "$(prop ProductVersion)" = "$version" ] || st_fail "ProductVersion is '$(prop ProductVersion)', want $version"
[ "$(prop Manufacturer)" = "Socket Tester authors" ] || st_fail "Manufacturer is '$(prop Manufacturer)'"
[ "$(prop ARPPRODUCTICON)" = sockettester.ico ] || st_fail "ARPPRODUCTICON is '$(prop ARPPRODUCTICON)'"
grep -q '^sockettester.ico' <<<"$(msiinfo export "$msi" Icon)" || st_fail "the Icon table lacks sockettester.ico"
msiinfo export "$msi" Shortcut | tr -d '\r' >"$st_tmp_msi"
awk -F'\t' '$3 == "Socket Tester" && $5 == "[INSTALLDIR]sockettester.exe" && $9 == "sockettester.ico" {ok = 1} END {exit !ok}' "$st_tmp_msi" || st_fail "no Start-menu shortcut 'Socket Tester' to [INSTALLDIR]sockettester.exe with the icon"
grep -q '^INSTALLDIR	ProgramFiles64Folder	Socket Tester' <<<"$(msiinfo export "$msi" Directory)" ||
  st_fail "INSTALLDIR is not Program Files\\Socket Tester"
code=$(prop ProductCode)
cd "$st_root"
rm -rf "$msidir"
st_step_done "msiinfo: tables, files, shortcut, icon and version $version are there"

st_xvfb 1280x800
st_wine_prefix
dir="$WINEPREFIX/drive_c/Program Files/Socket Tester"
# Windows puts a per-machine install's shortcut in the all-users Start
# menu (ProgramData); Wine 8.0 puts it in the user's. Either will do.
lnks=("$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Socket Tester.lnk"
  "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Socket Tester.lnk")
arp="HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$code"
ours="HKLM\\Software\\Socket Tester"
query() { wine reg query "$1" 2>/dev/null | tr -d '\r'; }

st_step_start
wine msiexec /i "$msi" /qn || st_fail "msiexec /i exited with $?"
st_step_done "msiexec /i /qn"
[ -f "$dir/sockettester.exe" ] && [ -f "$dir/sockettester-cli.exe" ] || st_fail "nothing installed in $dir"
lnk=""
for l in "${lnks[@]}"; do if [ -f "$l" ]; then lnk=$l; fi; done
[ -n "$lnk" ] || st_fail "no Start-menu shortcut 'Socket Tester.lnk'; the prefix's shortcuts: $(find "$WINEPREFIX/drive_c" -name '*.lnk')"
# reg query's exit status says whether a key exists (it prints an error
# to stdout when not); checked here both ways.
wine reg query "$ours" >/dev/null 2>&1 || st_fail "no $ours after install"
wine reg query "$arp" >/dev/null 2>&1 || st_fail "no uninstall entry $arp after install"
entry=$(query "$arp")
for want in "DisplayVersion	REG_SZ	$version" "Publisher	REG_SZ	Socket Tester authors" "DisplayName	REG_SZ	Socket Tester"; do
  grep -qF "$want" <<<"$(sed 's/^ *//; s/    /\t/g' <<<"$entry")" || st_fail "the uninstall entry $arp lacks '$want'; it has: $entry"
done
# Add or Remove Programs takes the icon from the product's ProductIcon (the
# ARPPRODUCTICON, cached under windows\Installer), as on Windows.
icon="$WINEPREFIX/drive_c/windows/Installer/$code/sockettester.ico"
[ -f "$icon" ] || st_fail "the ARP icon was not cached at $icon"
wine regedit /E "$st_tmp/products.reg" 'HKEY_LOCAL_MACHINE\Software\Classes\Installer\Products' 2>/dev/null
iconv -f utf-16 -t utf-8 "$st_tmp/products.reg" | tr -d '\r' | grep -qF "\"ProductIcon\"=\"C:\\\\windows\\\\Installer\\\\$code\\\\sockettester.ico\"" ||
  st_fail "no ProductIcon pointing at the cached icon"
echo "$st_name: installed: $(cd "$dir" && ls | tr '\n' ' ')+ Start-menu shortcut (${lnk#"$WINEPREFIX/"}) + uninstall entry (DisplayVersion $version, Publisher) + ProductIcon (windows/Installer/$code/sockettester.ico)"

st_step_start
st_wine_open "$dir/sockettester.exe" 60
st_wait_painted 30
st_step_done "the installed exe's window appeared"
st_settle
st_quit 10
[ "$st_exit" -eq 0 ] || st_fail "the installed app exited with status $st_exit after Ctrl+Q"

st_step_start
wine msiexec /x "$msi" /qn || st_fail "msiexec /x exited with $?"
st_step_done "msiexec /x /qn"
left=""
[ -e "$dir" ] && left+=" $dir ($(ls -A "$dir" | tr '\n' ' '))"
[ -e "$lnk" ] && left+=" $lnk"
wine reg query "$arp" >/dev/null 2>&1 && left+=" $arp"
wine reg query "$ours" >/dev/null 2>&1 && left+=" $ours"
[ -e "$icon" ] && left+=" $icon"
[ -z "$left" ] || st_fail "uninstall left:$left"
echo "$st_name: uninstalled: the folder, the shortcut, the uninstall entry, the cached icon and HKLM\\Software\\Socket Tester are gone"
echo "$st_name: ok ($(basename "$msi"))"
