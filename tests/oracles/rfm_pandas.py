"""The RFM customer table by pandas, against engine::rfm's (engine/examples/rfm_table.rs).

Writes a seeded order-lines file shaped like the Online Retail export (100,000 lines: repeat
customers, multi-line orders, cancellations as C-orders with negative quantities, lines without a
customer, day/month/year dates with times), applies the README's rules with a pandas group-by,
runs the engine's example on the same file and checks every row and count are identical.

Usage: python rfm_pandas.py PATH/TO/rfm_table WORK_DIR
"""
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd


def write_lines(path: Path, n: int = 100_000) -> None:
    rng = random.Random(19)
    lines = ["InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice"]
    invoice = 536000
    while len(lines) <= n:
        invoice += 1
        customer = "" if rng.random() < 0.05 else str(12000 + int(rng.paretovariate(1.2) * 10) % 4000)
        day = rng.randrange(0, 365)
        date = pd.Timestamp("2010-12-01") + pd.Timedelta(days=day, minutes=rng.randrange(8 * 60, 20 * 60))
        cancel = rng.random() < 0.03
        for _ in range(rng.randrange(1, 6)):
            quantity = rng.randrange(1, 25) * (-1 if cancel else 1)
            price = round(rng.uniform(0.2, 20.0), 2)
            lines.append(f"{'C' if cancel else ''}{invoice},{customer},{date:%d/%m/%Y %H:%M},{quantity},{price}")
    path.write_text("\n".join(lines[: n + 1]) + "\n")


def by_pandas(path: Path) -> tuple[pd.DataFrame, dict]:
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "CustomerID": str})
    counts = {"lines": len(df), "without_customer": int(df.CustomerID.isna().sum())}
    df = df[df.CustomerID.notna()].copy()
    df["day"] = pd.to_datetime(df.InvoiceDate, format="%d/%m/%Y %H:%M").dt.normalize()
    df["value"] = df.Quantity * df.UnitPrice
    df["cancelled"] = (df.Quantity < 0) | (df.value < 0) | df.InvoiceNo.str.startswith("C")
    counts["cancellations"] = int(df.cancelled.sum())
    analysis = df.day.max() + pd.Timedelta(days=1)
    bought = df[~df.cancelled]
    table = pd.DataFrame({
        "recency": (analysis - bought.groupby("CustomerID").day.max()).dt.days,
        "frequency": bought.groupby("CustomerID").InvoiceNo.nunique(),
        "monetary": df.groupby("CustomerID").value.sum(),
        "tenure": (analysis - df.groupby("CustomerID").day.min()).dt.days,
    })
    counts["only_cancelled"] = int(table.recency.isna().sum())
    table = table.dropna(subset=["recency"])
    counts["net_not_positive"] = int((table.monetary <= 0).sum())
    # The engine lists customers in first-seen order.
    first_seen = df.drop_duplicates("CustomerID").CustomerID
    table = table.loc[[c for c in first_seen if c in table.index]]
    table = table.astype({"recency": int, "frequency": int, "tenure": int})
    return table, counts


def by_engine(binary: str, path: Path) -> tuple[pd.DataFrame, dict]:
    out = subprocess.run([binary, str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    counts = {k: int(v) for k, v in (kv.split("=") for kv in out[0].lstrip("# ").split())}
    rows = [line.split(",") for line in out[2:]]
    table = pd.DataFrame(
        {"recency": [int(r[1]) for r in rows], "frequency": [int(r[2]) for r in rows],
         "monetary": [float(r[3]) for r in rows], "tenure": [int(r[4]) for r in rows]},
        index=pd.Index([r[0] for r in rows], name="CustomerID"),
    )
    return table, counts


def main() -> None:
    binary, work = sys.argv[1], Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    path = work / "order_lines_100k.csv"
    write_lines(path)
    expected, expected_counts = by_pandas(path)
    got, got_counts = by_engine(binary, path)
    assert got_counts.pop("unreadable") == 0, "every generated line reads"
    assert got_counts == expected_counts, (got_counts, expected_counts)
    assert list(got.index) == list(expected.index), "the same customers in first-seen order"
    for column in ["recency", "frequency", "tenure"]:
        assert (got[column] == expected[column]).all(), column
    assert ((got.monetary - expected.monetary).abs() < 1e-6).all(), "monetary"
    print(f"rfm oracle: {len(got)} customers, {expected_counts} — identical to pandas")


if __name__ == "__main__":
    main()
