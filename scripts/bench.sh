#!/usr/bin/env bash
# Benchmarks (figures for the README and issue notes; never thresholds in tests):
# page load, predict latency, the k sweep at 200 / 10,000 / 100,000 rows, the big-file
# pipeline at 10,000 / 100,000 / 1,000,000 rows beside scikit-learn + pandas doing the
# same work (installed from PyPI into .bench-venv/ on first use), choosing k with every criterion
# and stability beside scikit-learn, a 1,000,000-row workbook beside pandas + openpyxl, training
# with a category at 1,000,000 rows beside scikit-learn on the same encoded matrix, order lines
# into the RFM customer table at 100,000 / 1,000,000 / 10,000,000 lines beside pandas, scoring
# 10,000,000 rows with the exported SQL in DuckDB and the exported ONNX in ONNX Runtime, and
# silhouette cost natively.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --browser

work="$(mktemp -d)"
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for rows in 200 10000 100000 1000000; do
  cargo run -q --release -p engine --example generate_customers -- --rows "$rows" --seed 11 > "$work/customers-$rows.csv"
done

build_app
port=4190
node scripts/serve.mjs dist "$port" > /dev/null & server=$!
sleep 1
url="http://127.0.0.1:$port/"

echo "== machine: $(nproc) cores, $(uname -m), $(chromium --version 2>/dev/null | head -1)"
echo "== release sizes"
for f in dist/*.wasm dist/echarts*.js; do
  printf '%-45s raw %9d B  gzip %8d B\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
echo "== page load"
node bench/page_load.mjs "$url" 5
echo "== predict latency"
node bench/predict.mjs "$url" 50
echo "== k sweep in the browser"
node bench/sweep.mjs "$url" 3 "$work/customers-200.csv" "$work/customers-10000.csv" "$work/customers-100000.csv"
echo "== big files: Segmentum in the browser beside scikit-learn + pandas"
venv="$(dirname "${BASH_SOURCE[0]}")/../.bench-venv"
if ! "$venv/bin/python" -c 'import sklearn, pandas, openpyxl' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet scikit-learn pandas openpyxl
fi
SKLEARN_PYTHON="$venv/bin/python" node bench/bigfile.mjs "$url" 3 \
  "$work/customers-10000.csv" "$work/customers-100000.csv" "$work/customers-1000000.csv"
echo "== choosing k (five criteria, k = 2..25) and stability (20 refits) beside scikit-learn"
awk 'BEGIN { print "x,y" } { print $1 "," $2 }' tests/data/sipu/s1.data > "$work/s1.csv"
SKLEARN_PYTHON="$venv/bin/python" node bench/criteria.mjs "$url" 3 15 "$work/s1.csv"
SKLEARN_PYTHON="$venv/bin/python" node bench/criteria.mjs "$url" 3 5 "$work/customers-10000.csv" "$work/customers-100000.csv"
echo "== a 1,000,000-row workbook (.xlsx) beside pandas + openpyxl"
cargo run -q --release -p engine --example csv_to_xlsx -- "$work/customers-1000000.csv" "$work/customers-1000000.xlsx"
SKLEARN_PYTHON="$venv/bin/python" node bench/xlsx.mjs "$url" 3 "$work/customers-1000000.xlsx"
echo "== a category among the features: Genre + age, income, spending at 1,000,000 rows beside scikit-learn"
SKLEARN_PYTHON="$venv/bin/python" node bench/categories.mjs "$url" 3 "$work/customers-1000000.csv"
echo "== order lines → RFM customer table in the browser beside pandas"
# 100,000 / 1,000,000 / 10,000,000 generated lines (6 / 64 / 640 MB; the last takes about a
# minute to write), one table; removed once measured.
for lines in 100000 1000000 10000000; do
  node tests/data/orders/generate.mjs "$work/orders-$lines" --lines "$lines"
done
SKLEARN_PYTHON="$venv/bin/python" node bench/orders.mjs "$url" 5 \
  "$work/orders-100000/orders.csv" "$work/orders-1000000/orders.csv" "$work/orders-10000000/orders.csv"
rm -rf "$work"/orders-*
echo "== scoring at scale: DuckDB with the exported SQL, ONNX Runtime with the exported ONNX"
# 10,000,000 generated customers (250 MB); the browser's Batch at 1,000,000 rows is the big-files
# section above.
cargo build -q --release -p engine --example export_sql --example export_onnx
cargo run -q --release -p engine --example generate_customers -- --rows 10000000 --seed 11 > "$work/customers-10000000.csv"
"$TEST_PYTHON" bench/score_engines.py target/release/examples/export_sql target/release/examples/export_onnx \
  "$work/customers-10000000.csv" 3
rm -f "$work/customers-10000000.csv"
echo "== exact silhouette in the browser (every pair, k = 5)"
node bench/silhouette.mjs "$url" 3 "$work/customers-100000.csv"
echo "== silhouette (native)"
cargo run -q --release -p engine --example bench_metrics 1000 10000 20000 50000
