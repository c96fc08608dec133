"""Scoring a big customer file where it lives, with what Segmentum exports (issue 20's benchmark):
DuckDB running the exported SQL beside DuckDB reading the same file alone (the query's cost on
top of the read), and ONNX Runtime scoring the same rows with the exported ONNX file.

    python bench/score_engines.py EXPORT_SQL EXPORT_ONNX CUSTOMERS.csv [RUNS]

EXPORT_SQL and EXPORT_ONNX are the engine's examples (release build); the models are trained on
the file's first 10,000 rows, as a team would train on a sample and score the rest: for SQL,
income and spending standardised, income logged, Genre as a category, k = 5; for ONNX the same
without Genre (categories are not exported to ONNX). DuckDB: each run a fresh in-memory
database; the file read into a table alone, then read and scored (`customers` a view over
`read_csv`), each result kept as a table so nothing is skipped; its own threads (all cores).
ONNX Runtime: the numbers read once with pandas (not timed), then scored in batches of
1,000,000 rows (what a scoring service would send), default session options. Medians of RUNS
(default 3).
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import onnxruntime as ort
import pandas as pd

TRAIN = ["--features", "Annual Income (k$),Spending Score (1-100)", "--log", "Annual Income (k$)",
         "--scaling", "standard", "--k", "5"]
BATCH = 1_000_000


def timed(con, sql):
    started = time.perf_counter()
    con.execute(sql)
    return time.perf_counter() - started


def onnx_scoring(export, sample, work, data, runs):
    """Seconds to score every row with ONNX Runtime (median of `runs`), and the rows per segment."""
    subprocess.run([export, "--train", str(sample), "--score", str(sample), *TRAIN, "--out", str(work / "onnx")], check=True)
    session = ort.InferenceSession(str(work / "onnx" / "model.onnx"))
    names = [i.name for i in session.get_inputs()]
    frame = pd.read_csv(data, usecols=names)
    columns = {n: frame[n].to_numpy(dtype=np.float64).reshape(-1, 1) for n in names}
    times, counts = [], None
    for _ in range(runs):
        started = time.perf_counter()
        ids = [session.run(["segment_id"], {n: c[i:i + BATCH] for n, c in columns.items()})[0]
               for i in range(0, len(frame), BATCH)]
        times.append(time.perf_counter() - started)
        counts = np.unique(np.concatenate(ids), return_counts=True)
    return times, list(zip(counts[0].tolist(), counts[1].tolist()))


def main():
    export, export_onnx, data = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    work = Path(tempfile.mkdtemp())
    sample = work / "sample.csv"
    with open(data, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i > 10_000:
                break
            out.write(line)
    subprocess.run([export, "--train", str(sample), *TRAIN, "--categories", "Genre", "--out", str(work)], check=True)
    sql = (work / "duckdb.sql").read_text(encoding="utf-8")
    read = f"read_csv('{data}', header = true, types = {{'CustomerID': 'VARCHAR'}})"
    alone, scored = [], []
    rows = 0
    for _ in range(runs):
        con = duckdb.connect()
        alone.append(timed(con, f"CREATE TABLE plain AS SELECT * FROM {read}"))
        rows = con.execute("SELECT count(*) FROM plain").fetchone()[0]
        con.close()
        con = duckdb.connect()
        con.execute(f"CREATE VIEW customers AS SELECT * FROM {read}")
        scored.append(timed(con, f"CREATE TABLE scored AS {sql}"))
        counts = con.execute("SELECT segment_id, count(*) FROM scored GROUP BY 1 ORDER BY 1").fetchall()
        con.close()
    onnx_times, onnx_counts = onnx_scoring(export_onnx, sample, work, data, runs)
    a, s, o = statistics.median(alone), statistics.median(scored), statistics.median(onnx_times)
    print(f"{rows:,} rows ({data.stat().st_size / 1e6:.0f} MB CSV), medians of {runs}; "
          f"DuckDB {duckdb.__version__}, ONNX Runtime {ort.__version__}:")
    print("| DuckDB: read the file alone | DuckDB: read and score with the exported SQL | the SQL's overhead | ONNX Runtime: score the numbers |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {a:.2f} s | {s:.2f} s | {s - a:.2f} s ({(s - a) / a * 100:.0f} %) | {o:.2f} s ({rows / o / 1e6:.1f} M rows/s) |")
    print(f"runs: alone {', '.join(f'{t:.2f}' for t in alone)} s; scored {', '.join(f'{t:.2f}' for t in scored)} s; "
          f"onnx {', '.join(f'{t:.2f}' for t in onnx_times)} s; segments (SQL) {counts}; segments (ONNX) {onnx_counts}")


if __name__ == "__main__":
    main()
