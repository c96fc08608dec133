#!/usr/bin/env bash
# Installs what is missing, then builds and serves Segmentum with the demo data.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "[serve] building; open the address trunk prints (http://127.0.0.1:8080/ by default)"
# No auto-reload: trunk rewrites its reload script at serve time, so the page's CSP
# (which allows inline scripts only by the hash taken at build time) would block it.
exec trunk serve --release --no-autoreload "$@"
