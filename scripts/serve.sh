#!/usr/bin/env bash
# Installs what is missing, builds, and serves Segmentum with the demo data.
# Usage: scripts/serve.sh [--port N]   (default 8080)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
port=8080
if [ "${1:-}" = "--port" ]; then port="${2:?usage: scripts/serve.sh [--port N]}"; fi
build_app
exec node scripts/serve.mjs dist "$port"
