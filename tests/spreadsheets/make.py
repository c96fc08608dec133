"""Workbooks for the end-to-end tests, written with openpyxl (from PyPI, in the test venv).

    python tests/spreadsheets/make.py MALL_CSV OUT_DIR

- mall.xlsx: a "Notes" sheet first, then "Customers": a title row, a blank row, then the Mall
  file's header and rows, numbers stored as numbers (as Excel saves an opened CSV).
- formulas-only.xlsx: a sheet of formulas with no saved results (openpyxl never calculates).
- chart-only.xlsx: a chart sheet and nothing else to read.
- chart-and-data.xlsx: a chart sheet first, the customers after it.
- bad-cell.xlsx: mall.xlsx with "unknown" as the income in cell D17.
- corrupt.xlsx: the first half of mall.xlsx.
- huge.xlsx: 1,048,576 rows, Excel's limit: a header and 1,048,575 customers.
- orders/: the generated order lines (tests/data/orders/generate.mjs, run with node), and
  orders.xlsx: orders/orders.csv as a workbook, dates as real Excel dates (calamine shows them
  as ISO text), quantities, prices and customer ids as numbers, a line without a customer empty.
"""

import csv
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference


def number(text):
    try:
        return int(text)
    except ValueError:
        return text


def mall(rows, path, bad_income_row=None):
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Mall customers, exported for segmentation"])
    notes.append(["Source: Mall_Customers.csv; one row per customer."])
    data = book.create_sheet("Customers")
    data.append(["Mall customers"])
    data.append([])
    for i, row in enumerate(rows):
        cells = [number(cell) for cell in row]
        if i == bad_income_row:
            cells[3] = "unknown"
        data.append(cells)
    book.save(path)


def formulas_only(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Totals"
    for r in range(1, 6):
        sheet.append([f"=ROW()*{r}", f"=A{r}*2"])
    book.save(path)


def with_chart(rows, path, data_too):
    book = Workbook()
    data = book.active
    data.title = "Customers"
    for row in rows:
        data.append([number(cell) for cell in row])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=4, min_row=1, max_row=11), titles_from_data=True)
    sheet = book.create_chartsheet("Chart", 0)
    sheet.add_chart(chart)
    if not data_too:
        data.sheet_state = "hidden"
        for row in data.iter_rows():
            for cell in row:
                cell.value = None
    book.save(path)


def huge(path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Customers")
    sheet.append(["Annual Income (k$)", "Spending Score (1-100)"])
    for i in range(1_048_575):
        sheet.append([15 + i % 120, 1 + (i * 37) % 99])
    book.save(path)


def order_date(text):
    """The generator's two ways of writing a date: ISO, or day first."""
    for form in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"):
        try:
            return datetime.strptime(text, form)
        except ValueError:
            pass
    raise ValueError(text)


def orders(out):
    generator = Path(__file__).resolve().parent.parent / "data" / "orders" / "generate.mjs"
    subprocess.run(["node", str(generator), str(out / "orders")], check=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    with (out / "orders" / "orders.csv").open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        sheet.append(next(rows))
        for invoice, stock, description, quantity, date, price, customer, country in rows:
            sheet.append([
                number(invoice), number(stock), description, int(quantity), order_date(date),
                float(price), int(customer) if customer else None, country,
            ])
    for cell in sheet["E"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    book.save(out / "orders.xlsx")


def main():
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    mall(rows, out / "mall.xlsx")
    # Row 14 of the CSV sits on sheet row 17: a title row and a blank row come first.
    mall(rows, out / "bad-cell.xlsx", bad_income_row=14)
    formulas_only(out / "formulas-only.xlsx")
    with_chart(rows, out / "chart-only.xlsx", data_too=False)
    with_chart(rows, out / "chart-and-data.xlsx", data_too=True)
    whole = (out / "mall.xlsx").read_bytes()
    (out / "corrupt.xlsx").write_bytes(whole[: len(whole) // 2])
    orders(out)
    if not (out / "huge.xlsx").exists():
        huge(out / "huge.xlsx")


main()
