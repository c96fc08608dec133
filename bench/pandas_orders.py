"""Order lines into the RFM customer table with pandas, beside bench/orders.mjs: the same file,
the same rules (README "Order lines", as tests/oracles/rfm_pandas.py applies them), the way an
analyst would write it. Prints one JSON object: phase times in milliseconds, the peak resident
memory of this process in MB (ru_maxrss, taken before any check) and the counts.

The generator writes ISO dates (`2023-01-05 14:10`) on even invoices and day-first ones
(`05/01/2023 14:10`) on odd ones. `pd.to_datetime(..., format="mixed", dayfirst=True)` reads the
ISO ones with day and month swapped when the day is 12 or less (dateutil takes dayfirst to mean
year-day-month after a leading year) and parses each cell on its own (about 60 µs a line here),
so the two formats are parsed as such: ISO 8601 first, then day/month/year for the rest.

Usage: python bench/pandas_orders.py FILE [--check EXPECTED.csv]
(--check compares every customer's Recency, Frequency, Monetary and Tenure with the generator's
orders.expected.csv, after the timings.)
"""
import json
import resource
import sys
import time

import pandas as pd

COLUMNS = ["InvoiceNo", "CustomerID", "InvoiceDate", "Quantity", "UnitPrice"]


def read_days(text: pd.Series) -> pd.Series:
    """Calendar days of the generator's two date formats; a cell neither reads is an error."""
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    rest = iso.isna()
    iso[rest] = pd.to_datetime(text[rest], format="%d/%m/%Y %H:%M")
    return iso.dt.normalize()


def customer_table(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    counts = {"lines": len(df), "without_customer": int(df.CustomerID.isna().sum())}
    df = df[df.CustomerID.notna()]
    value = df.Quantity * df.UnitPrice
    cancelled = (df.Quantity < 0) | (value < 0) | df.InvoiceNo.str.startswith("C")
    counts["cancellations"] = int(cancelled.sum())
    df = df.assign(value=value)
    # The day after the latest line with a customer, cancellations included.
    analysis = df.day.max() + pd.Timedelta(days=1)
    every = df.groupby("CustomerID", sort=False).agg(first=("day", "min"), monetary=("value", "sum"))
    bought = df[~cancelled].groupby("CustomerID", sort=False).agg(last=("day", "max"), frequency=("InvoiceNo", "nunique"))
    # Customers with only cancellations have no purchase: the inner join leaves them out.
    table = bought.join(every, how="inner")
    table = pd.DataFrame({
        "recency": (analysis - table["last"]).dt.days,
        "frequency": table.frequency,
        "monetary": table.monetary,
        "tenure": (analysis - table["first"]).dt.days,
    })
    counts["customers"] = len(table)
    counts["left_out"] = len(every) - len(table)
    counts["net_not_positive"] = int((table.monetary <= 0).sum())
    return table, counts


def check(table: pd.DataFrame, expected_path: str) -> None:
    want = pd.read_csv(expected_path, dtype={"CustomerID": str}).set_index("CustomerID")
    assert len(want) == len(table), (len(want), len(table))
    got = table.loc[want.index]
    for ours, theirs in [("recency", "Recency"), ("frequency", "Frequency"), ("tenure", "Tenure")]:
        assert (got[ours].to_numpy() == want[theirs].to_numpy()).all(), ours
    assert ((got.monetary.to_numpy() - want.Monetary.to_numpy()).__abs__() < 1e-6).all(), "monetary"


def main() -> None:
    path = sys.argv[1]
    times = {}
    t0 = t = time.perf_counter()
    df = pd.read_csv(path, usecols=COLUMNS, dtype={"InvoiceNo": str, "CustomerID": str})
    times["read CSV"] = time.perf_counter() - t
    t = time.perf_counter()
    df["day"] = read_days(df.InvoiceDate)
    times["parse dates"] = time.perf_counter() - t
    t = time.perf_counter()
    table, counts = customer_table(df)
    times["group-by"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if "--check" in sys.argv:
        check(table, sys.argv[sys.argv.index("--check") + 1])
        counts["checked"] = True
    print(json.dumps({**{k: round(v * 1000) for k, v in times.items()}, "peak MB": round(peak_mb), **counts,
                      "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
