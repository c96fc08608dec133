"""DuckDB scoring a big customer file with the SQL Segmentum exports, beside DuckDB reading the
same file alone: what the query costs on top of the read (issue 20's benchmark).

    python bench/sql_score.py EXPORT_SQL CUSTOMERS.csv [RUNS]

EXPORT_SQL is the engine's example (release build); the model is trained on the file's first
10,000 rows (income and spending, standardised, income logged, Genre as a category, k = 5),
as a team would train on a sample and score the rest. Each run: a fresh in-memory DuckDB; the
file read into a table alone, then read and scored (`customers` a view over `read_csv`), each
result kept as a table so nothing is skipped. Medians of RUNS (default 3), DuckDB's own threads
(all cores).
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb


def timed(con, sql):
    started = time.perf_counter()
    con.execute(sql)
    return time.perf_counter() - started


def main():
    export, data = sys.argv[1], Path(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    work = Path(tempfile.mkdtemp())
    sample = work / "sample.csv"
    with open(data, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i > 10_000:
                break
            out.write(line)
    subprocess.run(
        [export, "--train", str(sample), "--features", "Annual Income (k$),Spending Score (1-100)",
         "--categories", "Genre", "--log", "Annual Income (k$)", "--scaling", "standard", "--k", "5",
         "--out", str(work)],
        check=True,
    )
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
    a, s = statistics.median(alone), statistics.median(scored)
    print(f"DuckDB {duckdb.__version__}, {rows:,} rows ({data.stat().st_size / 1e6:.0f} MB CSV), medians of {runs}:")
    print(f"| read the file alone | read and score with the exported SQL | the SQL's overhead |")
    print(f"| ---: | ---: | ---: |")
    print(f"| {a:.2f} s | {s:.2f} s | {s - a:.2f} s ({(s - a) / a * 100:.0f} %) |")
    print(f"runs: alone {', '.join(f'{t:.2f}' for t in alone)} s; scored {', '.join(f'{t:.2f}' for t in scored)} s; "
          f"segments {counts}")


if __name__ == "__main__":
    main()
