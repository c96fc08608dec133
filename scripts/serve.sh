#!/usr/bin/env bash
# Installs what is missing, builds, and serves Segmentum with the demo data.
# Usage: scripts/serve.sh [--port N]   (default 8080)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
port=8080
if [ "${1:-}" = "--port" ]; then port="$2"; fi
# Compiling needs no wasm-bindgen: it installs meanwhile, and the build waits for it after cargo.
node scripts/build.mjs --compile-only
setup_wait
node scripts/build.mjs
exec node scripts/serve.mjs dist "$port"
