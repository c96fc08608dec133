//! Order lines into a customer table (issue 19), natively: every rule of the README's "Order
//! lines" section on hand-made lines, every date format, recognising order-lines files from
//! their headers and values, and the generated files of `tests/data/orders/generate.mjs`
//! streamed through `RecordStream` in 64 KiB chunks, whose customer table the generator knows.

use std::path::{Path, PathBuf};

use engine::{
    dataset::{Decimal, RecordStream},
    dates::{days_from_civil, DateOrder, OrderFound},
    rfm::{recognise, Aggregator, BuildSummary, CustomerTable, LeftOut, OrderColumns, OrderNames, ONLY_CANCELLATIONS},
    Table,
};

const QTY_PRICE: OrderColumns =
    OrderColumns { customer: 1, date: 2, order: Some(0), amount: None, quantity: Some(3), price: Some(4) };
/// Order, customer, date, amount: no quantity.
const AMOUNT: OrderColumns =
    OrderColumns { customer: 1, date: 2, order: Some(0), amount: Some(3), quantity: None, price: None };
/// Customer, date, amount: no order column.
const NO_ORDER: OrderColumns =
    OrderColumns { customer: 0, date: 1, order: None, amount: Some(2), quantity: None, price: None };

fn aggregate(columns: OrderColumns, lines: &[&str]) -> Aggregator {
    let mut a = Aggregator::new(columns, Decimal::Point);
    for (i, line) in lines.iter().enumerate() {
        a.add(i as u64 + 2, &line.split(',').collect::<Vec<_>>());
    }
    a
}

fn day(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d).unwrap()
}

#[test]
fn a_line_without_a_customer_is_left_out_and_counted() {
    let a = aggregate(QTY_PRICE, &["1,,2024-03-01,1,5", "2, ,2024-03-01,1,5", "3,A,2024-03-01,1,5"]);
    assert_eq!((a.lines, a.without_customer), (3, 2));
    assert_eq!(a.finish(DateOrder::DayFirst, None).rows.len(), 1);
}

#[test]
fn cancellations_are_negative_quantities_negative_amounts_or_c_orders() {
    let by_quantity = aggregate(QTY_PRICE, &["1,A,2024-03-01,2,5", "2,A,2024-03-02,-1,5"]);
    let by_amount = aggregate(AMOUNT, &["1,A,2024-03-01,10", "2,A,2024-03-02,-5"]);
    let by_order = aggregate(AMOUNT, &["1,A,2024-03-01,10", "C2,A,2024-03-02,5"]);
    for a in [&by_quantity, &by_amount, &by_order] {
        assert_eq!(a.cancellations, 1);
        let t = a.finish(DateOrder::DayFirst, None);
        let r = &t.rows[0];
        assert_eq!(r.frequency, 1, "a cancellation is not an order");
        assert_eq!(r.last, day(2024, 3, 1), "nor a purchase: the last purchase is the 1st");
        assert_eq!(r.recency, 2, "the analysis date is the day after the latest line, the cancellation's");
    }
    let m = |a: &Aggregator| a.finish(DateOrder::DayFirst, None).rows[0].monetary;
    assert_eq!(m(&by_quantity), 5.0, "2 × 5 − 1 × 5: cancellations subtract");
    assert_eq!(m(&by_amount), 5.0);
    assert_eq!(m(&by_order), 15.0, "a C-order's value is as written: its sign is what subtracts");
}

#[test]
fn frequency_is_distinct_orders_or_lines_without_an_order_column() {
    let orders =
        aggregate(QTY_PRICE, &["1,A,2024-03-01,1,5", "1,A,2024-03-01,1,5", "2,A,2024-03-05,1,5", "1,A,2024-03-06,1,5"]);
    assert_eq!(orders.finish(DateOrder::DayFirst, None).rows[0].frequency, 2);
    let lines = aggregate(NO_ORDER, &["A,2024-03-01,5", "A,2024-03-01,5", "A,2024-03-02,-5"]);
    assert_eq!(lines.finish(DateOrder::DayFirst, None).rows[0].frequency, 2, "non-cancelled lines");
}

#[test]
fn recency_and_tenure_count_calendar_days_whatever_the_time_of_day() {
    let a = aggregate(NO_ORDER, &["A,2024-03-01 23:59,5", "A,2024-03-10T00:01:00,5", "B,2024-03-10 23:59,1"]);
    let t = a.finish(DateOrder::DayFirst, None);
    assert_eq!(t.analysis, day(2024, 3, 11), "by default the day after the latest date");
    assert_eq!((t.rows[0].recency, t.rows[0].tenure), (1, 10));
    assert_eq!((t.rows[1].recency, t.rows[1].tenure), (1, 1), "the latest buyers have Recency 1");
    let explicit = a.finish(DateOrder::DayFirst, Some(day(2024, 4, 1)));
    assert_eq!((explicit.analysis, explicit.rows[0].recency, explicit.rows[0].tenure), (day(2024, 4, 1), 22, 31));
}

#[test]
fn only_cancelled_customers_are_left_out_and_net_negative_ones_kept() {
    let a = aggregate(
        QTY_PRICE,
        &[
            "1,A,2024-03-01,1,5",
            "C2,B,2024-03-01,-1,5",
            "3,C,2024-03-01,1,5",
            "C4,C,2024-03-02,-2,5",
            "5,D,2024-03-03,1,5",
        ],
    );
    let t = a.finish(DateOrder::DayFirst, None);
    assert_eq!(t.left_out, [LeftOut { position: 1, customer: "B".into(), why: ONLY_CANCELLATIONS }]);
    assert_eq!(t.rows.iter().map(|r| r.customer.as_str()).collect::<Vec<_>>(), ["A", "C", "D"]);
    assert_eq!((t.net_not_positive, t.rows[1].monetary), (1, -5.0));
    let s = a.summary(&t, DateOrder::DayFirst, &headers("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice"));
    assert_eq!((s.lines, s.cancellations, s.customers, s.left_out, s.net_not_positive), (5, 2, 3, 1, 1));
    assert_eq!((s.date_order, s.analysis_date.as_str()), (OrderFound::NotNeeded, "2024-03-04"));
}

fn headers(line: &str) -> Vec<String> {
    line.split(',').map(String::from).collect()
}

#[test]
fn every_date_format_reads_as_the_same_day() {
    let day_first =
        ["A,05/03/2024,1", "A,5/3/24,1", "A,05.03.2024 14:10,1", "A,05-03-2024 09:15:59,1", "A,25/12/2023,1"];
    let month_first = ["A,03/05/2024,1", "A,3/5/24 9:15 AM,1", "A,12/25/2023,1"];
    let iso_and_serial = ["A,2024-03-05,1", "A,2024-03-05T14:10:00,1", "A,45356,1", "A,45356.75,1", "A,2023-12-25,1"];
    for (lines, found) in [
        (&day_first[..], OrderFound::Decided(DateOrder::DayFirst)),
        (&month_first[..], OrderFound::Decided(DateOrder::MonthFirst)),
        (&iso_and_serial[..], OrderFound::NotNeeded),
    ] {
        let a = aggregate(NO_ORDER, lines);
        assert_eq!(a.date_order(), found, "{lines:?}");
        let order = match found {
            OrderFound::Decided(order) => order,
            _ => DateOrder::DayFirst,
        };
        let r = &a.finish(order, None).rows[0];
        assert_eq!((r.first, r.last), (day(2023, 12, 25), day(2024, 3, 5)), "{lines:?}");
        assert_eq!(a.lines_without_a_day(order), 0);
    }
}

#[test]
fn ambiguous_dates_wait_for_the_users_choice_and_mixed_ones_are_told() {
    let a = aggregate(NO_ORDER, &["A,01/02/2024,1", "A,03/04/2024,1"]);
    assert_eq!(a.date_order(), OrderFound::Ambiguous);
    assert_eq!(a.finish(DateOrder::DayFirst, None).rows[0].last, day(2024, 4, 3));
    assert_eq!(a.finish(DateOrder::MonthFirst, None).rows[0].last, day(2024, 3, 4));
    let mixed = aggregate(NO_ORDER, &["A,13/02/2024,1", "A,02/13/2024,1"]);
    assert_eq!(mixed.date_order(), OrderFound::Mixed);
    let t = mixed.finish(DateOrder::DayFirst, None);
    let s = mixed.summary(&t, DateOrder::DayFirst, &headers("CustomerID,InvoiceDate,Amount"));
    assert_eq!(s.without_a_day, 1);
    assert_eq!(
        s.first_problems,
        ["line 3, column InvoiceDate: \"02/13/2024\" is no day of the calendar read as day/month/year"]
    );
}

#[test]
fn problems_name_the_line_the_column_and_the_value() {
    let a = aggregate(QTY_PRICE, &["1,A,31/31/2024,1,5", "2,A,2024-03-01,two,5", "3,A,2024-03-01,1,5"]);
    let t = a.finish(DateOrder::DayFirst, None);
    let s = a.summary(&t, DateOrder::DayFirst, &headers("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice"));
    assert_eq!(s.unreadable, 1, "31/31/2024 is written as a date: it is no day either way");
    assert_eq!(
        s.first_problems,
        [
            "line 2, column InvoiceDate: \"31/31/2024\" is no day of the calendar read as day/month/year",
            "line 3, column Quantity: \"two\" is not a number",
        ]
    );
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<BuildSummary>(&json).unwrap(), s);
}

#[test]
fn the_table_written_as_csv_reads_back_exactly() {
    let a = aggregate(
        AMOUNT,
        &[
            "1,A,2024-03-01,0.1",
            "2,A,2024-03-02,0.2",
            "3,B,2024-03-02,-4",
            "4,C,2024-03-03,1e-7",
            "5,D,2024-03-04,123456789.123",
        ],
    );
    let mut t = a.finish(DateOrder::DayFirst, None);
    t.rows[0].customer = "A, \"Ltd\"".into();
    let csv = t.to_csv("Customer ID", false);
    assert!(csv.starts_with(
        "Customer ID,Recency,Frequency,Monetary,Tenure,First purchase,Last purchase\n\"A, \"\"Ltd\"\"\",3,2,0.30000000000000004,4,2024-03-01,2024-03-02\n"
    ), "{csv}");
    let back = Table::from_csv_bytes(csv.as_bytes()).unwrap();
    assert_eq!(back.row_count(), t.rows.len());
    for (i, r) in t.rows.iter().enumerate() {
        assert_eq!(back.cell(i, 0), r.customer);
        let figures = [r.recency as f64, r.frequency as f64, r.monetary, r.tenure as f64];
        for (c, want) in figures.into_iter().enumerate() {
            assert_eq!(back.number(i, c + 1).unwrap().to_bits(), want.to_bits(), "row {i} column {c}");
        }
    }
    let with = t.to_csv("Customer ID", true);
    let lines: Vec<&str> = with.lines().collect();
    assert!(lines[0].ends_with(",Last purchase,Left out"));
    assert_eq!(lines[2], "B,,,,,,,only cancellations: no purchase to measure", "in its first-seen place");
    assert!(lines[1].ends_with(",2024-03-02,"), "{}", lines[1]);
}

#[test]
fn a_mapping_is_remembered_by_header_names_and_found_in_another_file() {
    let columns =
        OrderColumns { customer: 6, date: 4, order: Some(0), amount: None, quantity: Some(3), price: Some(5) };
    let names =
        columns.names(&headers("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"));
    assert_eq!(names.customer, "CustomerID");
    let json = serde_json::to_string(&names).unwrap();
    let back: OrderNames = serde_json::from_str(&json).unwrap();
    let next_month = headers("customer_id,invoice_no,invoice date,unit price,quantity");
    assert_eq!(
        back.resolve(&next_month),
        Ok(OrderColumns { customer: 0, date: 2, order: Some(1), amount: None, quantity: Some(4), price: Some(3) })
    );
    let missing = back.resolve(&headers("customer_id,invoice date")).unwrap_err();
    assert!(missing.contains("no column \"InvoiceNo\""), "{missing}");
}

// Recognising order lines.

fn recognised(csv: &str) -> Option<OrderColumns> {
    recognise(&Table::from_csv_bytes(csv.as_bytes()).unwrap())
}

#[test]
fn a_shopify_orders_export_is_order_lines_by_lineitem_quantity_and_price() {
    let csv = "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Billing Name\n\
        #1001,ann@example.com,paid,2024-03-05 14:10:00 +0100,fulfilled,EUR,50.00,5.00,9.50,64.50,0.00,2024-03-05 14:09:12 +0100,2,Mug,20.00,,Ann\n\
        #1001,ann@example.com,,,,,,,,,,2024-03-05 14:09:12 +0100,1,Tin,10.00,12.00,\n\
        #1002,bob@example.com,paid,2024-03-06 10:00:00 +0100,fulfilled,EUR,8.00,5.00,1.52,14.52,0.00,2024-03-06 09:59:00 +0100,1,Card,8.00,,Bob\n\
        #1003,ann@example.com,paid,2024-03-09 10:00:00 +0100,fulfilled,EUR,8.00,5.00,1.52,14.52,0.00,2024-03-09 09:59:00 +0100,1,Card,8.00,,Ann\n";
    let found = recognised(csv).unwrap();
    assert_eq!(
        found,
        OrderColumns { customer: 1, date: 11, order: Some(0), amount: None, quantity: Some(12), price: Some(14) }
    );
}

#[test]
fn a_pos_log_is_order_lines() {
    let csv = "Receipt,Date,Time,Customer,Item,Qty,Price\nR1,2024-03-05,09:15,C-17,Coffee,2,3.20\nR1,2024-03-05,09:15,C-17,Bun,1,2.10\nR2,2024-03-05,09:20,C-18,Tea,1,2.90\n";
    assert_eq!(
        recognised(csv),
        Some(OrderColumns { customer: 3, date: 1, order: Some(0), amount: None, quantity: Some(5), price: Some(6) })
    );
    let amounts = "Order ID,Customer Email,Order Date,Line Total\n1,a@x.org,2024-01-02,5.5\n2,a@x.org,2024-01-03,7\n";
    assert_eq!(
        recognised(amounts),
        Some(OrderColumns { customer: 1, date: 2, order: Some(0), amount: Some(3), quantity: None, price: None })
    );
}

fn file(path: &Path) -> Option<Table> {
    std::fs::read(path).ok().map(|bytes| Table::from_csv_bytes(&bytes).unwrap())
}

#[test]
fn customer_tables_are_not_order_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tables = [
        root.join("data/mall_customers_demo.csv"),
        root.join("../shared/data/Mall_Customers.csv"),
        root.join("tests/data/shaped/marketing.csv"),
        root.join("tests/data/shaped/telco.csv"),
    ];
    let mut read = 0;
    for path in tables {
        let Some(table) = file(&path) else { continue };
        read += 1;
        assert_eq!(recognise(&table), None, "{}", path.display());
    }
    assert!(read >= 3, "the repository's customer tables are there");
    // One line per customer, even with a date and an amount: not order lines.
    assert_eq!(recognised("CustomerID,Signup Date,Total\n1,2024-01-01,5\n2,2024-01-02,6\n"), None);
}

// The generated files: a customer table known exactly.

/// The generator's files in a directory of this test's own (`tag`): tests run at once.
fn generated(tag: &str, lines: Option<usize>) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("segmentum-orders-{}-{tag}", std::process::id()));
    let mut node = std::process::Command::new("node");
    node.arg(root.join("tests/data/orders/generate.mjs")).arg(&dir);
    if let Some(n) = lines {
        node.args(["--lines", &n.to_string()]);
    }
    let status = node.status().expect("node runs tests/data/orders/generate.mjs");
    assert!(status.success());
    dir
}

/// Streams `bytes` in 64 KiB chunks into an aggregator, the columns recognised from the first chunk.
fn stream_file(bytes: &[u8]) -> (Aggregator, Vec<String>) {
    let first = &bytes[..bytes.len().min(64 * 1024)];
    let mut stream = RecordStream::start(first).unwrap();
    let complete = first.iter().rposition(|&b| b == b'\n').map_or(first.len(), |p| p + 1);
    let columns = recognise(&Table::from_csv_bytes(&first[..complete]).unwrap()).expect("recognised as order lines");
    assert_eq!(
        columns,
        OrderColumns { customer: 6, date: 4, order: Some(0), amount: None, quantity: Some(3), price: Some(5) }
    );
    let mut lines = Aggregator::new(columns, stream.decimal());
    let mut add = |line: u64, cells: &[&str]| lines.add(line, cells);
    for chunk in bytes.chunks(64 * 1024) {
        stream.feed(chunk, &mut add).unwrap();
    }
    stream.finish(&mut add).unwrap();
    let headers = stream.headers().to_vec();
    (lines, headers)
}

fn expected_summary(dir: &Path, base: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(format!("{base}.expected.json"))).unwrap()).unwrap()
}

/// The engine's table against the generator's: every cell equal, Monetary within 1e-9 relative
/// (the generator sums in the same order as the engine, and the CSV files do match bit for bit).
fn assert_same_table(got: &CustomerTable, expected: &str) {
    let got = got.to_csv("CustomerID", false);
    let (got, expected): (Vec<&str>, Vec<&str>) = (got.lines().collect(), expected.lines().collect());
    assert_eq!(got.len(), expected.len(), "customers");
    for (g, e) in got.iter().zip(&expected) {
        let (g, e): (Vec<&str>, Vec<&str>) = (g.split(',').collect(), e.split(',').collect());
        assert_eq!((&g[..3], &g[4..]), (&e[..3], &e[4..]), "{g:?} vs {e:?}");
        if g[3] != e[3] {
            let (g3, e3): (f64, f64) = (g[3].parse().unwrap(), e[3].parse().unwrap());
            assert!((g3 - e3).abs() <= 1e-9 * e3.abs().max(1.0), "Monetary of {}: {g3} vs {e3}", g[0]);
        }
    }
}

fn check_generated(dir: &Path, base: &str, order: DateOrder) {
    let bytes = std::fs::read(dir.join(format!("{base}.csv"))).unwrap();
    let (lines, headers) = stream_file(&bytes);
    let summary = expected_summary(dir, base);
    assert_eq!(serde_json::to_value(lines.date_order()).unwrap(), summary["date_order"], "{base}");
    assert_eq!(lines.unreadable, 0, "{:?}", lines.problems);
    let table = lines.finish(order, None);
    let s = lines.summary(&table, order, &headers);
    let counts = [s.lines, s.without_customer, s.cancellations, s.customers, s.left_out, s.net_not_positive];
    let keys = ["lines", "without_customer", "cancellations", "customers", "left_out", "net_not_positive"];
    for (got, key) in counts.into_iter().zip(keys) {
        assert_eq!(serde_json::json!(got), summary[key], "{base}: {key}");
    }
    assert_eq!(serde_json::json!(s.analysis_date), summary["analysis"]);
    assert!(s.left_out > 0 && s.net_not_positive > 0 && s.without_customer > 0, "every group is there: {s:?}");
    let expected = std::fs::read_to_string(dir.join(format!("{base}.expected.csv"))).unwrap();
    assert_same_table(&table, &expected);
}

#[test]
fn the_generated_files_stream_into_the_table_the_generator_knows() {
    let dir = generated("small", None);
    check_generated(&dir, "orders", DateOrder::DayFirst);
    check_generated(&dir, "orders_us", DateOrder::MonthFirst);
    let ambiguous = std::fs::read(dir.join("orders_ambiguous.csv")).unwrap();
    let (lines, _) = stream_file(&ambiguous);
    assert_eq!(lines.date_order(), OrderFound::Ambiguous);
    assert_eq!(lines.finish(DateOrder::DayFirst, None).rows.len(), 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_bigger_generated_file_streams_into_its_known_table() {
    let dir = generated("bigger", Some(60_000));
    check_generated(&dir, "orders", DateOrder::DayFirst);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A workbook's order lines through the aggregator: recognised, dates arriving as ISO text,
/// every line read.
fn workbook_lines(table: &Table) -> Aggregator {
    let columns = recognise(table).expect("recognised as order lines");
    let mut lines = Aggregator::new(columns, table.layout().decimal);
    for i in 0..table.row_count() {
        lines.add(table.line(i), &table.row(i));
    }
    assert_eq!(lines.date_order(), OrderFound::NotNeeded, "dates arrive as ISO text");
    assert_eq!(lines.unreadable, 0, "{:?}", lines.problems);
    lines
}

/// The same lines in a workbook (`tests/spreadsheets/make.py` writes `orders.xlsx` from the
/// generated `orders.csv`, dates as real Excel dates) give the same customer table. Runs where
/// scripts/test.sh set SPREADSHEETS.
#[test]
fn the_workbook_gives_the_same_table() {
    let Ok(dir) = std::env::var("SPREADSHEETS") else { return };
    let dir = Path::new(&dir);
    let table = Table::from_file_bytes(&std::fs::read(dir.join("orders.xlsx")).unwrap(), None).unwrap();
    let lines = workbook_lines(&table);
    let expected = std::fs::read_to_string(dir.join("orders/orders.expected.csv")).unwrap();
    assert_same_table(&lines.finish(DateOrder::DayFirst, None), &expected);
}

/// The same lines in a workbook written here with rust_xlsxwriter (dates as real Excel dates,
/// numbers as numbers, a line without a customer an empty cell): read through calamine, they
/// give the generator's customer table. Runs everywhere; `the_workbook_gives_the_same_table`
/// checks openpyxl's workbook too.
#[test]
fn a_workbook_of_the_generated_lines_gives_the_same_table() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = generated("workbook", None);
    let csv = Table::from_csv_bytes(&std::fs::read(dir.join("orders.csv")).unwrap()).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in csv.headers().iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let digits = |s: &str| s.split(['-', '/', ' ', ':']).map(|p| p.parse::<u16>().unwrap()).collect::<Vec<_>>();
    for i in 0..csv.row_count() {
        let row = (i + 1) as u32;
        for (c, cell) in csv.row(i).into_iter().enumerate() {
            let col = c as u16;
            match (c, cell) {
                (_, "") => {}
                (4, date) => {
                    let d = digits(date);
                    let (y, m, day) = if date.contains('/') { (d[2], d[1], d[0]) } else { (d[0], d[1], d[2]) };
                    let at =
                        ExcelDateTime::from_ymd(y, m as u8, day as u8).unwrap().and_hms(d[3], d[4] as u8, 0).unwrap();
                    sheet.write_datetime_with_format(row, col, at, &date_format).unwrap();
                }
                (3 | 5 | 6, number) => {
                    sheet.write_number(row, col, number.parse::<f64>().unwrap()).unwrap();
                }
                (_, text) => {
                    sheet.write_string(row, col, text).unwrap();
                }
            }
        }
    }
    let table = Table::from_file_bytes(&book.save_to_buffer().unwrap(), None).unwrap();
    assert_eq!(table.row_count(), csv.row_count());
    let lines = workbook_lines(&table);
    let expected = std::fs::read_to_string(dir.join("orders.expected.csv")).unwrap();
    assert_same_table(&lines.finish(DateOrder::DayFirst, None), &expected);
    std::fs::remove_dir_all(dir).unwrap();
}
