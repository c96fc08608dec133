"""What the scoring oracles (sql_engines.py, onnx_runtime.py) share: CSV rows in and out, and the
cases they run — the Mall file and 100,000 generated customers, each with problems written in
by the oracle's own `damaged`, for each of its models."""

import csv
import subprocess
from pathlib import Path


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def cases(generate, mall, work, models, damaged):
    """Yields (label, train file, score file, model, output folder) for every file and model."""
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    generated = work / "customers-100000.csv"
    with open(generated, "w", encoding="utf-8") as f:
        subprocess.run([generate, "--rows", "100000", "--seed", "11"], stdout=f, check=True)
    for label, clean, every in [("mall", Path(mall), 23), ("generated", generated, 997)]:
        bad = work / f"{label}-damaged.csv"
        write_rows(bad, damaged(read_rows(clean), every))
        for model in models:
            # A model that fills missing numbers learns its fill values from a file that has some.
            train = bad if model == "fill_mean" else clean
            yield label, train, bad, model, work / f"{label}-{model}"
