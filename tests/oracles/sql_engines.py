"""The exported SQL run by real engines: DuckDB and SQLite (Python's own) execute it, sqlglot
parses every dialect. Each row's segment id, distance and confidence must be the engine's Batch
figures (distance 1e-9 relative), and each error Batch's message without its line.

    python tests/oracles/sql_engines.py EXPORT_SQL GENERATE_CUSTOMERS MALL.csv WORK_DIR
    python tests/oracles/sql_engines.py --app DUCKDB.sql SQLITE.sql DATA.csv RESULTS.csv

The second form checks the app itself: the SQL its export panel wrote against the results file
its Batch page wrote for the same Mall-shaped file (figures as that file prints them, 4 decimals,
and the segment names too).

EXPORT_SQL and GENERATE_CUSTOMERS are the engine's examples (built by scripts/test.sh). Cases:
the Mall file and 100,000 generated customers, each with a raw two-feature model, a standardised
model with a category and a log transform, and a model that fills missing numbers with the mean;
the files scored have rows with an empty number, an unseen category, a category written with
other spaces and case, and an empty category. And a small file with awkward names: headers with
a double quote, a backslash, a backtick and a line break, a category with an apostrophe and
non-ASCII capitals written in other cases and padded with a tab or a no-break space, an unseen
value with a quote, and numbers too large to segment on.
"""

import csv
import math
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import sqlglot

from cases import cases, read_rows, write_rows

SQLGLOT_DIALECTS = {
    "postgres": "postgres",
    "duckdb": "duckdb",
    "sqlite": "sqlite",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
    "sparksql": "spark",
}
INCOME, SPENDING, AGE = "Annual Income (k$)", "Spending Score (1-100)", "Age"
MODELS = {
    "raw": ["--features", f"{INCOME},{SPENDING}", "--k", "5"],
    "category_log": [
        "--features", f"{AGE},{INCOME},{SPENDING}", "--categories", "Genre", "--log", INCOME,
        "--scaling", "standard", "--k", "5",
    ],
    "fill_mean": ["--features", f"{AGE},{INCOME},{SPENDING}", "--scaling", "standard", "--missing", "mean", "--k", "4"],
}




def damaged(rows, every):
    """The file with problems every `every` rows: an empty income, an unseen genre, a genre
    written ' mALE ', an empty genre, an empty age."""
    header, body = rows[0], [list(r) for r in rows[1:]]
    col = {h: i for i, h in enumerate(header)}
    for i in range(0, len(body), every):
        body[i][col[INCOME]] = ""
        if i + 1 < len(body):
            body[i + 1][col["Genre"]] = "Other"
        if i + 2 < len(body):
            body[i + 2][col["Genre"]] = " mALE "
        if i + 3 < len(body):
            body[i + 3][col["Genre"]] = ""
        if i + 4 < len(body):
            body[i + 4][col[AGE]] = ""
    return [header] + body


def frame(path, headers, numbers=(AGE, INCOME, SPENDING)):
    """The file as a table: the features as numbers (empty → NULL), the rest as text."""
    text = [h for h in headers if h not in numbers]
    return pd.read_csv(path, dtype={h: str for h in text}, keep_default_na=False, na_values={n: [""] for n in numbers}).replace({"": None})


def without_line(message):
    """Batch's message without its place, as the SQL writes it."""
    rest = re.sub(r"^Line \d+, ", "", message)
    return rest[:1].upper() + rest[1:]


def same_error(got, want):
    """Batch's message without its line; a number too large is quoted as the database writes it
    (`2e+16` for the file's `20000000000000000`), so that one is compared by value."""
    want = without_line(want)
    if got == want:
        return True
    large = re.compile(r'^(.*)"([^"]*)" is too large(.*)$', re.S)
    a, b = large.match(got or ""), large.match(want)
    return bool(a and b) and a[1] == b[1] and a[3] == b[3] and float(a[2]) == float(b[2])


def same_printed(a, b):
    """Two figures the same at the 4 decimals a results file prints (a last digit may differ only
    when the two straddle a rounding boundary by less than the engines' difference)."""
    return f"{a:.4f}" == f"{b:.4f}" or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def compare(name, engine_rows, got, columns, exact=True):
    assert list(got.columns) == columns, f"{name}: columns {list(got.columns)} != {columns}"
    assert len(got) == len(engine_rows), f"{name}: {len(got)} rows, the engine {len(engine_rows)}"
    classified = 0
    for i, (want, row) in enumerate(zip(engine_rows, got.itertuples(index=False))):
        seg, dist, conf, err = row[-5], row[-3], row[-2], row[-1]
        if want["segment_id"]:
            classified += 1
            assert err is None, f"{name} row {i}: error {err!r}, the engine classified it"
            assert int(seg) == int(want["segment_id"]), f"{name} row {i}: segment {seg}, the engine {want['segment_id']}"
            d, c = float(want["distance_to_centroid"]), float(want["confidence"])
            if exact:
                assert math.isclose(dist, d, rel_tol=1e-9, abs_tol=1e-12), f"{name} row {i}: distance {dist!r} != {d!r}"
                assert math.isclose(conf, c, rel_tol=1e-9, abs_tol=1e-9), f"{name} row {i}: confidence {conf!r} != {c!r}"
            else:
                assert row[-4] == want["segment_name"], f"{name} row {i}: name {row[-4]!r} != {want['segment_name']!r}"
            assert same_printed(dist, d) and same_printed(conf, c), f"{name} row {i}: printed figures differ"
        else:
            assert seg is None or (isinstance(seg, float) and math.isnan(seg)), f"{name} row {i}: segment {seg} for an error row"
            assert same_error(err, want["error"]), f"{name} row {i}: error\n  {err!r}\n  {without_line(want['error'])!r}"
    return classified


def run_sql(dialect, sql, df):
    """The query's rows from DuckDB or SQLite, with `df` as the table `customers`."""
    if dialect == "duckdb":
        con = duckdb.connect()
        con.register("source", df)
        con.execute("CREATE TABLE customers AS SELECT * FROM source")
        got = con.execute(sql).fetchdf()
        return got.astype(object).where(got.notna(), None)
    lite = sqlite3.connect(":memory:")
    df.to_sql("customers", lite, index=False)
    cursor = lite.execute(sql)
    return pd.DataFrame(cursor.fetchall(), columns=[c[0] for c in cursor.description], dtype=object)


def check_app(duckdb_sql, sqlite_sql, data, results):
    """The app's exported SQL against the app's Batch results for the same file."""
    rows = list(csv.DictReader(open(results, newline="", encoding="utf-8")))
    headers = read_rows(data)[0]
    columns = headers + ["segment_id", "segment_name", "distance_to_centroid", "confidence", "error"]
    df = frame(data, headers)
    for dialect, path in [("duckdb", duckdb_sql), ("sqlite", sqlite_sql)]:
        sql = Path(path).read_text(encoding="utf-8")
        n = compare(f"app/{dialect}", rows, run_sql(dialect, sql, df), columns, exact=False)
        print(f"app/{dialect}: {len(rows)} rows ({n} classified) as the app's Batch results file")


def run_case(tools, label, train, score, model, out, flags=None, numbers=(AGE, INCOME, SPENDING)):
    flags = MODELS[model] if flags is None else flags
    subprocess.run([tools["export"], "--train", str(train), "--score", str(score), *flags, "--out", str(out)], check=True)
    engine_rows = list(csv.DictReader(open(out / "engine.csv", newline="", encoding="utf-8")))
    headers = read_rows(score)[0]
    columns = headers + ["segment_id", "segment_name", "distance_to_centroid", "confidence", "error"]
    df = frame(score, headers, numbers)
    for dialect, read in SQLGLOT_DIALECTS.items():
        sqlglot.parse_one((out / f"{dialect}.sql").read_text(encoding="utf-8"), read=read)

    n = 0
    for dialect in ["duckdb", "sqlite"]:
        got = run_sql(dialect, (out / f"{dialect}.sql").read_text(encoding="utf-8"), df)
        n = compare(f"{label}/{model} {dialect}", engine_rows, got, columns)
    print(f"{label}/{model}: {len(engine_rows):,} rows ({n:,} classified) equal in DuckDB and SQLite; 6 dialects parsed")


SPEND, VISITS, REGION = 'Spend "net" \\ $', "Visits\nper `month`", "Région's"


def awkward(export, work):
    """Names and values that quoting, trimming and case folding could get wrong, trained on a
    clean file and scored on one written every other way Batch reads (or refuses)."""
    work = Path(work)
    regions = ["Été", "Île", "Nord"]
    train = [["id", SPEND, VISITS, REGION]]
    for i in range(90):
        group = i % 3
        train.append([str(i + 1), f"{20 + 40 * group + i % 7}.5", str(2 + 5 * group + i % 3), regions[(i // 3) % 3]])
    spellings = ["ÉTÉ", "été", "\tÉté\u00a0", "  île", "ÎLE", "NORD", "nord\u3000", "d'Azur", "", "Été"]
    score = [train[0]]
    for i in range(40):
        spend = "20000000000000000" if i == 13 else "-3e16" if i == 27 else f"{15 + 3 * i}"
        score.append([str(i + 1), spend, str(1 + i % 13), spellings[i % len(spellings)]])
    write_rows(work / "awkward-train.csv", train)
    write_rows(work / "awkward-score.csv", score)
    flags = ["--features", f"{SPEND},{VISITS}", "--categories", REGION, "--scaling", "standard", "--k", "3"]
    run_case({"export": export}, "awkward", work / "awkward-train.csv", work / "awkward-score.csv", "names", work / "awkward", flags, (SPEND, VISITS))


def main():
    if sys.argv[1] == "--app":
        check_app(*sys.argv[2:6])
        return
    export, generate, mall, work = sys.argv[1:5]
    for case in cases(generate, mall, work, MODELS, damaged):
        run_case({"export": export}, *case)
    awkward(export, work)

if __name__ == "__main__":
    main()
