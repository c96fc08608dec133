//! `dataset::RecordStream` reads a file chunk by chunk into exactly the records, cells and line
//! numbers `Table::from_csv_bytes` reads from the whole file, however the file is cut: records,
//! quoted fields, UTF-8 characters and CRLFs split between chunks, chunks of one byte.
//!
//! scripts/test.sh fixes `PROPTEST_RNG_SEED` so CI runs are repeatable.

use engine::{
    dataset::{Decimal, RecordStream},
    Table,
};
use proptest::prelude::*;

type Records = Vec<(u64, Vec<String>)>;

/// The file read in chunks cut at `cuts` (byte offsets, any order): headers, records with their
/// lines (each fitted to the header's width, as a table's rows are), delimiter and decimal mark.
fn streamed(bytes: &[u8], cuts: &[usize]) -> (Vec<String>, Records, u8, Decimal) {
    let first = &bytes[..bytes.len().min(64 * 1024)];
    let mut s = RecordStream::start(first).unwrap();
    let width = s.headers().len();
    let mut out = Vec::new();
    let mut each = |line: u64, cells: &[&str]| {
        let mut row: Vec<String> = cells.iter().take(width).map(|c| c.to_string()).collect();
        row.resize(width, String::new());
        out.push((line, row));
    };
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.sort_unstable();
    let mut at = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        s.feed(&bytes[at..cut], &mut each).unwrap();
        at = cut;
    }
    s.finish(&mut each).unwrap();
    assert_eq!(s.bytes_read(), bytes.len() as u64);
    (s.headers().to_vec(), out, s.delimiter(), s.decimal())
}

fn read_whole(bytes: &[u8]) -> (Vec<String>, Records, u8, Decimal) {
    let t = Table::from_csv_bytes(bytes).unwrap();
    let rows = (0..t.row_count()).map(|i| (t.line(i), t.row(i).iter().map(|c| c.to_string()).collect())).collect();
    (t.headers().to_vec(), rows, t.delimiter(), t.layout().decimal)
}

fn in_chunks_of(bytes: &[u8], size: usize) -> Vec<usize> {
    (size..bytes.len()).step_by(size).collect()
}

/// A cell as order exports and people write them: text with delimiters, quotes, line breaks
/// and accents, decimal numbers, dates, or nothing.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Zé€0-9 ,;\"'.\n\r-]{0,10}",
        (-1e5f64..1e5).prop_map(|v| format!("{v:.2}")),
        Just("13/03/2024 09:15".to_string()),
        Just(String::new()),
    ]
}

/// A file: its headers and rows written with `delimiter`, quoting where needed (or always),
/// CRLF or LF, title lines above, with or without a final line break.
fn file() -> impl Strategy<Value = Vec<u8>> {
    (
        2usize..6,
        1usize..25,
        prop::sample::select(vec![b',', b';', b'\t']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
        any::<bool>(),
    )
        .prop_flat_map(|(width, rows, delimiter, always, crlf, final_break, titles, bom)| {
            let row = prop::collection::vec(cell(), width).prop_map(|mut r| {
                if r.iter().all(|c| c.trim().is_empty()) {
                    r[0] = "x".into();
                }
                r
            });
            prop::collection::vec(row, rows).prop_map(move |rows| {
                let headers: Vec<String> = (0..width).map(|i| format!("Col {i}")).collect();
                let style = if always { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
                let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
                let mut w = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .quote_style(style)
                    .terminator(terminator)
                    .from_writer(Vec::new());
                let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                for t in 0..titles {
                    bytes.extend_from_slice(format!("Order export {t}").as_bytes());
                    bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                }
                w.write_record(&headers).unwrap();
                for r in &rows {
                    w.write_record(r).unwrap();
                }
                bytes.extend(w.into_inner().unwrap());
                if !final_break {
                    while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                        bytes.pop();
                    }
                }
                bytes
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn records_read_in_any_chunks_are_the_tables_rows(bytes in file(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let whole = read_whole(&bytes);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        prop_assert_eq!(&streamed(&bytes, &cuts), &whole);
        prop_assert_eq!(&streamed(&bytes, &in_chunks_of(&bytes, 1)), &whole);
    }
}

#[test]
fn title_lines_semicolons_and_decimal_commas_are_read_as_a_table_reads_them() {
    let bytes = "Orders, March 2024\r\n\r\nInvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice\r\n\
                 536365;17850;13/03/2024 09:15;6;2,55\r\n536366;\"178;50\";14/03/2024;1;\"1\r\n0,5\"\r\n\r\n536367;13047;15/03/2024;2;3,10"
        .as_bytes();
    let whole = read_whole(bytes);
    assert_eq!((whole.2, whole.3), (b';', Decimal::Comma));
    assert_eq!(whole.1.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 5, 8], "the lines an editor shows");
    for size in [1, 2, 3, 5, 16, 1000] {
        assert_eq!(streamed(bytes, &in_chunks_of(bytes, size)), whole, "chunks of {size}");
    }
}

#[test]
fn the_last_record_without_a_line_break_comes_at_finish() {
    let bytes = b"a,b\n1,2\n3,4";
    let mut s = RecordStream::start(bytes).unwrap();
    let mut lines = Vec::new();
    s.feed(bytes, &mut |line, _| lines.push(line)).unwrap();
    assert_eq!(lines, [2]);
    s.finish(&mut |line, cells| {
        assert_eq!(cells, ["3", "4"]);
        lines.push(line)
    })
    .unwrap();
    assert_eq!(lines, [2, 3]);
}

#[test]
fn a_header_alone_has_no_data_rows() {
    let mut s = RecordStream::start(b"a,b\n").unwrap();
    s.feed(b"a,b\n", &mut |_, _| {}).unwrap();
    assert_eq!(s.finish(&mut |_, _| {}), Err(engine::DataError::NoDataRows));
}

/// Found in review: a quote never closed made the rest of a file one cell, growing until the
/// worker's memory ran out. Past a megabyte the record is refused, naming its line, column and
/// the cell's start.
#[test]
fn a_quote_never_closed_is_refused_naming_where_it_opened() {
    let mut text = String::from("InvoiceNo,CustomerID,Description\n1,c1,ok\n2,c2,\"OPEN QUOTE\n");
    while text.len() < 3 << 20 {
        text.push_str("3,c3,just another line that the open quote swallows\n");
    }
    let bytes = text.as_bytes();
    let mut stream = RecordStream::start(&bytes[..64 * 1024]).unwrap();
    let mut seen = 0;
    let mut each = |_: u64, _: &[&str]| seen += 1;
    let result = bytes.chunks(64 * 1024).try_for_each(|chunk| stream.feed(chunk, &mut each));
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with(
            "The file could not be read as CSV: line 3, column \"Description\": the cell starting \"OPEN QUOTE"
        ),
        "{message}"
    );
    assert!(message.contains("a quote (\") opened there is never closed"), "{message}");
    assert_eq!(seen, 1, "the line before is read");
}
