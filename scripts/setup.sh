#!/usr/bin/env bash
# Installs whatever Segmentum needs and is missing; quick when everything is there.
# Usage: scripts/setup.sh [--browser]   (--browser also installs the browsers the tests drive)
# Source it (`. scripts/setup.sh`) to get the PATH it sets up.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

trunk_version=0.21.14
# The CLI must match the wasm-bindgen crate pinned in Cargo.toml exactly.
wasm_bindgen_version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"

export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $trunk_version\$"; then
  say "installing trunk $trunk_version (about 10 minutes on 2 cores, once)"
  cargo install trunk --version "$trunk_version" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# npm packages: ECharts (served by the app), binaryen's wasm-opt, Playwright.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# Browsers for the tests, from Debian: Chromium for the full suite; Firefox ESR and WebKitGTK
# (its WebDriver and MiniBrowser, run under Xvfb) for the cross-browser smoke suite.
if [ "${1:-}" = "--browser" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  [ -x /usr/bin/xvfb-run ] || missing+=(xvfb xauth)
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian's ${missing[*]} for the browser tests"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# Python oracles for the tests, in a virtual environment: openpyxl writes and reads workbooks,
# scikit-learn and pandas check the categorical model.
if [ "${1:-}" = "--browser" ]; then
  venv="$root/.test-venv"
  if ! "$venv/bin/python" -c 'import openpyxl, sklearn, pandas' 2>/dev/null; then
    say "installing openpyxl, scikit-learn and pandas from PyPI into .test-venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet openpyxl scikit-learn pandas
  fi
  export TEST_PYTHON="$venv/bin/python"
fi
