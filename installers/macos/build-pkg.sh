#!/bin/sh
# Builds the macOS installer package on a Mac (pkgbuild and productbuild exist only on macOS; nothing here runs on
# Linux). Input: the agent executable built by `npm run build:agent` (dist/ward-macos-x64, Intel, runs under Rosetta
# on Apple Silicon) or the universal one from build-arm64.sh (dist/ward-macos-universal).
#
#   WARD_CODESIGN_IDENTITY  "Developer ID Application: …" to sign the executable (default: ad hoc, "-")
#   WARD_PKG_IDENTITY       "Developer ID Installer: …" to sign the package (default: unsigned)
#   WARD_VERSION            package version (default: from package.json)
#
# Usage: installers/macos/build-pkg.sh [dist/ward-macos-x64]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
exe="${1:-$repo/dist/ward-macos-x64}"
version="${WARD_VERSION:-$(/usr/bin/plutil -extract version raw -o - "$repo/package.json" 2>/dev/null || sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$repo/package.json" | head -1)}"
identity="${WARD_CODESIGN_IDENTITY:--}"
out="$repo/dist/ward-agent-$version.pkg"

[ "$(uname -s)" = "Darwin" ] || { echo "build-pkg.sh runs on macOS only (pkgbuild, productbuild, codesign)" >&2; exit 1; }
[ -f "$exe" ] || { echo "missing $exe: run npm run build:agent first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/usr/local/ward/bin" "$root/Library/LaunchDaemons"
cp "$exe" "$root/usr/local/ward/bin/ward"
chmod 0755 "$root/usr/local/ward/bin/ward"

# node's own signature broke when the agent was injected: replace it. Hardened runtime + JIT entitlements for V8.
codesign --remove-signature "$root/usr/local/ward/bin/ward" || true
codesign --force --sign "$identity" --options runtime --entitlements "$here/entitlements.plist" \
	--identifier org.ward.agent "$root/usr/local/ward/bin/ward"
codesign --verify --strict --verbose=2 "$root/usr/local/ward/bin/ward"
"$root/usr/local/ward/bin/ward" help >/dev/null

cp "$here/org.ward.agent.plist" "$root/Library/LaunchDaemons/org.ward.agent.plist"
chmod 0644 "$root/Library/LaunchDaemons/org.ward.agent.plist"
plutil -lint "$root/Library/LaunchDaemons/org.ward.agent.plist"

pkgbuild --root "$root" --scripts "$here/scripts" --identifier org.ward.agent --version "$version" \
	--install-location / --ownership recommended "$work/ward-agent-component.pkg"
if [ -n "${WARD_PKG_IDENTITY:-}" ]; then
	productbuild --package "$work/ward-agent-component.pkg" --sign "$WARD_PKG_IDENTITY" "$out"
else
	productbuild --package "$work/ward-agent-component.pkg" "$out"
fi
shasum -a 256 "$out"
echo "built $out (notarize with: xcrun notarytool submit \"$out\" --keychain-profile … --wait)"
