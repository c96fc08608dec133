#!/usr/bin/env bash
# Installs whatever Segmentum needs and is missing; quick when everything is there.
# Usage: . scripts/setup.sh [--browser]   (--browser also installs the browsers and the Python
# packages the tests use). Sourced, it sets PATH and starts in the background whatever can be
# installed while the app compiles: wasm-bindgen-cli (needed only after cargo has compiled),
# and with --browser Debian's browsers and the test venv. `setup_wait` waits for them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The CLI must match the wasm-bindgen crate pinned in Cargo.toml exactly.
wasm_bindgen_version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"

export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
mkdir -p "$root/target/setup"

say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Jobs started here, by name, and their logs (target/setup/NAME.log). A job outlives a script
# that stops early (a failed lint, Ctrl-C): it finishes its install, which the next run finds.
setup_jobs=()
in_background() {
  local name=$1
  shift
  ("$@" > "$root/target/setup/$name.log" 2>&1) &
  setup_jobs+=("$name:$!")
}

# Waits for the background installs; a failed one prints its log and stops the script.
setup_wait() {
  local job name
  for job in "${setup_jobs[@]}"; do
    name=${job%%:*}
    if ! wait "${job##*:}"; then
      say "installing $name failed:"
      cat "$root/target/setup/$name.log"
      return 1
    fi
  done
  setup_jobs=()
}

# Builds the app (arguments as scripts/build.mjs takes them): compiles while the background
# installs go on (compiling needs no wasm-bindgen), waits for them, then finishes the build,
# which finds everything compiled.
build_app() {
  node scripts/build.mjs --compile-only "$@"
  setup_wait
  node scripts/build.mjs "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# npm packages: ECharts (served by the app), binaryen's wasm-opt, the browser test drivers.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# wasm-bindgen-cli, from crates.io: without its TLS client (only its test runner downloads
# anything) and at opt-level 1 (it runs for seconds; compiling it at 3 took twice as long).
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version in the background (a few minutes on 2 cores, once)"
  in_background wasm-bindgen-cli env CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --no-default-features --force
fi

if [ "${1:-}" = "--browser" ]; then
  # Browsers for the tests, from Debian: Chromium for the full suite; Firefox ESR and WebKitGTK
  # (its WebDriver and MiniBrowser, run under Xvfb) for the cross-browser suite. Then the Python
  # oracles, in a virtual environment: openpyxl writes and reads workbooks, scikit-learn and pandas
  # check the categorical model, DuckDB (and Python's own SQLite) run the exported SQL and sqlglot
  # parses it in the other dialects, ONNX Runtime scores the exported ONNX (onnx checks it), nyoka
  # writes scikit-learn's k-means as PMML and pypmml (on Java) scores the exported PMML. Both are downloads more than work: they go on while cargo
  # compiles.
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  [ -x /usr/bin/xvfb-run ] || missing+=(xvfb xauth)
  # A Java runtime for pypmml, the independent PMML evaluator the tests score exported models with.
  command -v java > /dev/null || missing+=(openjdk-17-jre-headless)
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  venv="$root/.test-venv"
  export TEST_PYTHON="$venv/bin/python"
  # The venv is current when it holds tests/requirements.txt as installed (a copy is kept in it).
  # The packages the tests import are pinned there; what they pull in is pip's choice.
  requirements="$root/tests/requirements.txt"
  venv_current() { cmp -s "$requirements" "$venv/requirements.txt" && "$TEST_PYTHON" -c '' 2>/dev/null; }
  browser_tools() {
    if [ "${#missing[@]}" -gt 0 ]; then
      as_root apt-get update
      # (waiting for another apt, e.g. a run of this script stopped early, rather than failing)
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "${missing[@]}"
    fi
    if ! venv_current; then
      # --clear: a package an earlier requirements file had does not linger.
      python3 -m venv --clear "$venv"
      "$venv/bin/pip" install --quiet -r "$requirements"
      cp "$requirements" "$venv/requirements.txt"
    fi
  }
  if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
    # Asked now, in the foreground: the background install cannot ask for a password.
    sudo -v
  fi
  if [ "${#missing[@]}" -gt 0 ] || ! venv_current; then
    say "installing ${missing[*]:+${missing[*]} (Debian) and }the test venv (PyPI, if missing) in the background"
    in_background browser-tools browser_tools
  fi
fi
