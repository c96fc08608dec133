//! Reading workbooks: the Mall file saved as .xlsx reads and trains like its CSV; real files in
//! every format calamine reads (from calamine's own test suite, tests/corpus/workbooks, MIT);
//! errors name the sheet and the cell; arbitrary bytes never panic; generated workbooks round-trip.

use engine::{
    prep::{read_for_training, Preparation},
    segment_table, DataError, Place, Table, TrainRequest,
};
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

fn mall_csv() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv")).unwrap()
}

fn corpus(file: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/corpus/workbooks/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The Mall file as Excel saves it: a notes sheet first, then the customers under a title row
/// and a blank row, numbers stored as numbers.
fn mall_xlsx(bad_cell: Option<(u32, u16, &str)>) -> Vec<u8> {
    let csv = Table::from_csv_bytes(&mall_csv()).unwrap();
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Mall customers, exported for segmentation").unwrap();
    notes.write_string(1, 0, "Source: Mall_Customers.csv; one row per customer.").unwrap();
    let data = book.add_worksheet().set_name("Customers").unwrap();
    data.write_string(0, 0, "Mall customers").unwrap();
    for (c, h) in csv.headers().iter().enumerate() {
        data.write_string(2, c as u16, h).unwrap();
    }
    for r in 0..csv.row_count() {
        for c in 0..csv.headers().len() {
            let (row, col, text) = (r as u32 + 3, c as u16, csv.cell(r, c));
            match text.parse::<f64>() {
                Ok(v) if !text.starts_with('0') => data.write_number(row, col, v).unwrap(),
                _ => data.write_string(row, col, text).unwrap(),
            };
        }
    }
    if let Some((row, col, text)) = bad_cell {
        data.write_string(row, col, text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_mall_workbook_reads_and_trains_like_its_csv() {
    let csv = Table::from_csv_bytes(&mall_csv()).unwrap();
    let book = Table::from_file_bytes(&mall_xlsx(None), None).unwrap();
    assert_eq!(book.sheets(), Some((&["Notes".to_owned(), "Customers".to_owned()][..], "Customers")));
    assert_eq!(book.headers(), csv.headers());
    assert_eq!(book.row_count(), 200);
    for r in 0..200 {
        assert_eq!(book.row(r), csv.row(r), "row {r}");
        assert_eq!(book.line(r), r as u64 + 4, "sheet row of customer {r}");
    }
    let notes = book.notes().join(" · ");
    assert!(notes.starts_with("Excel workbook (.xlsx), sheet \"Customers\""), "{notes}");
    assert!(notes.contains("header on row 3"), "{notes}");
    let features = engine::default_features(&book);
    let model = segment_table(&book, &TrainRequest::new(features, 5)).unwrap().model;
    assert_eq!(format!("{:.2}", model.training.inertia), "44448.46");
    let mut sizes: Vec<usize> = model.segments.iter().map(|s| s.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sizes, [81, 39, 35, 23, 22]);
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_cell_reference() {
    // Customer 14 sits on sheet row 17; income is column D.
    let book = Table::from_file_bytes(&mall_xlsx(Some((16, 3, "unknown"))), None).unwrap();
    let income = book.headers().iter().position(|h| h == "Annual Income (k$)").unwrap();
    let e = read_for_training(&book, &[income], &Preparation::default()).unwrap().extraction.skipped.remove(0);
    let at = Place::Cell { sheet: "Customers".into(), cell: "D17".into() };
    assert_eq!(e, DataError::NotANumber { at, column: "Annual Income (k$)".into(), value: "unknown".into() });
    assert_eq!(
        e.to_string(),
        "Sheet \"Customers\", cell D17, column \"Annual Income (k$)\": \"unknown\" is not a number."
    );
}

#[test]
fn a_named_sheet_is_read_and_an_unknown_one_refused() {
    let bytes = mall_xlsx(None);
    let notes = Table::from_file_bytes(&bytes, Some("Notes")).unwrap();
    assert_eq!(notes.sheets().unwrap().1, "Notes");
    assert!(matches!(notes.numeric_columns(), Err(DataError::NoNumericColumns { .. })));
    // A workbook's first rows are not all titles when the sheet is one column of text.
    assert_eq!(notes.row_count(), 1);
    let e = Table::from_file_bytes(&bytes, Some("Sheet9")).unwrap_err();
    assert_eq!(e.to_string(), "This workbook has no sheet named \"Sheet9\". Sheets: \"Notes\", \"Customers\".");
}

#[test]
fn every_format_reads_its_sheets_and_dates() {
    let formats = [
        ("xlsx", "Excel workbook (.xlsx)"),
        ("xls", "Excel 97–2003 workbook (.xls)"),
        ("xlsb", "Excel binary workbook (.xlsb)"),
        ("ods", "OpenDocument spreadsheet (.ods)"),
    ];
    for (ext, label) in formats {
        let file = format!("date.{ext}");
        let t = Table::from_file_bytes(&corpus(&file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(t.headers(), ["2021-01-01", "15"], "{file}: a date reads as an ISO date");
        assert!(t.row(1)[0].contains("10:10"), "{file}: a time or duration as hours and minutes: {:?}", t.row(1));
        assert_eq!(t.notes()[0], format!("{label}, sheet \"Sheet1\""));

        let file = format!("any_sheets.{ext}");
        let t = Table::from_file_bytes(&corpus(&file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (sheets, read) = t.sheets().unwrap();
        assert_eq!(read, "Visible", "{file}");
        assert_eq!(&sheets[..3], ["Visible", "Hidden", "VeryHidden"], "{file}");
        // Excel formats say which sheet is a chart, and it is not offered; OpenDocument does not say.
        assert_eq!(sheets.len(), if ext == "ods" { 4 } else { 3 }, "{file}: {sheets:?}");
    }
}

#[test]
fn a_value_merged_down_belongs_to_every_row_it_spans() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "income", "spending"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.merge_range(1, 0, 3, 0, "North", &rust_xlsxwriter::Format::new()).unwrap();
    sheet.write_string(4, 0, "South").unwrap();
    for r in 1..5 {
        sheet.write_number(r, 1, f64::from(r * 10)).unwrap();
        sheet.write_number(r, 2, f64::from(r)).unwrap();
    }
    let t = Table::from_file_bytes(&book.save_to_buffer().unwrap(), None).unwrap();
    let regions: Vec<&str> = (0..4).map(|r| t.cell(r, 0)).collect();
    assert_eq!(regions, ["North", "North", "North", "South"]);
    // Calamine's own file of merged headers: an answer with a reason, not a panic.
    for file in ["merge_cells.xlsx", "merge_cells.xls"] {
        let _ = Table::from_file_bytes(&corpus(file), None);
    }
}

#[test]
fn hostile_workbooks_are_refused_with_a_reason() {
    let e = Table::from_file_bytes(&corpus("../password-protected.xlsx"), None).unwrap_err();
    assert_eq!(e, DataError::Encrypted);
    let e = Table::from_file_bytes(&corpus("pass_protected.xlsb"), None).unwrap_err();
    assert_eq!(e, DataError::Encrypted);
    for file in ["OOM_alloc3.xls", "issue_594_dos.ods"] {
        // Crafted files from calamine's fuzzing: an answer, not a panic or a hang.
        let _ = Table::from_file_bytes(&corpus(file), None);
    }
    let whole = mall_xlsx(None);
    let e = Table::from_file_bytes(&whole[..whole.len() / 2], None).unwrap_err();
    assert!(matches!(e, DataError::Workbook { .. }), "{e}");
}

/// A cell of a generated sheet, and the text the table must show for it.
fn cell() -> impl Strategy<Value = (Option<f64>, String)> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|i| (Some(i as f64), i.to_string())),
        (-1e6f64..1e6).prop_map(|f| (Some(f), engine::dataset::cell_text(&calamine::Data::Float(f)))),
        "[A-Za-z][A-Za-z ]{0,11}[A-Za-z]".prop_map(|s| (None, s)),
    ]
}

/// Everything the app asks of a table it has read, so a panic anywhere shows; and what every
/// table promises: one cell per header in every row, rows in sheet order.
fn exercise(t: &Table) -> Result<(), TestCaseError> {
    let width = t.headers().len();
    prop_assert!(width > 0 && t.row_count() > 0, "a table has a header and a row");
    for row in 0..t.row_count() {
        prop_assert_eq!(t.row(row).len(), width);
        if row > 0 {
            prop_assert!(t.line(row) > t.line(row - 1), "rows keep the sheet's order");
        }
        for col in 0..width {
            let _ = t.number(row, col).map_err(|e| e.to_string());
        }
    }
    let _ = (t.notes(), t.sheets(), engine::prep::category_columns(t));
    if t.numeric_columns().is_ok() {
        let features = engine::default_features(t);
        let reading = read_for_training(t, &features, &Preparation::default());
        let reading = reading.map_err(|e| TestCaseError::fail(format!("its own columns are read: {e}")))?;
        let e = &reading.extraction;
        prop_assert_eq!(e.row_indices.len() + e.skipped.len(), t.row_count(), "every row is read or says why not");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), zip in any::<bool>()) {
        let mut bytes = bytes;
        if zip {
            bytes.splice(0..0, *b"PK\x03\x04");
        }
        if let Ok(t) = Table::from_file_bytes(&bytes, None) {
            exercise(&t)?;
        }
    }

    #[test]
    fn a_damaged_workbook_never_panics(cut in 0usize..100, flips in proptest::collection::vec((0usize..100, any::<u8>()), 0..8)) {
        let mut bytes = mall_xlsx(None);
        let len = bytes.len();
        for (at, value) in flips {
            bytes[at * len / 100] = value;
        }
        bytes.truncate(len - cut * len / 200);
        if let Ok(t) = Table::from_file_bytes(&bytes, None) {
            exercise(&t)?;
            prop_assert!(t.row_count() <= 200, "a damaged Mall workbook has no more customers than the whole one");
        }
    }

    #[test]
    fn generated_workbooks_round_trip(rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 1..30)) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Data").unwrap();
        for (c, name) in ["first", "second", "third"].iter().enumerate() {
            sheet.write_string(0, c as u16, *name).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, (number, text)) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match number {
                    Some(v) => sheet.write_number(r, c, *v).unwrap(),
                    None => sheet.write_string(r, c, text).unwrap(),
                };
            }
        }
        let table = Table::from_file_bytes(&book.save_to_buffer().unwrap(), None).unwrap();
        prop_assert_eq!(table.row_count(), rows.len());
        for (r, row) in rows.iter().enumerate() {
            let expected: Vec<&str> = row.iter().map(|(_, t)| t.as_str()).collect();
            prop_assert_eq!(table.row(r), expected);
        }
    }
}

#[test]
fn a_value_beyond_the_header_is_named_by_its_cell() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Data").unwrap();
    for (c, h) in ["income", "spending"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..4 {
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        sheet.write_number(r, 1, f64::from(r * 2)).unwrap();
    }
    sheet.write_string(2, 3, "stray").unwrap();
    let t = Table::from_file_bytes(&book.save_to_buffer().unwrap(), None).unwrap();
    let e = read_for_training(&t, &[0, 1], &Preparation::default()).unwrap().extraction.skipped.remove(0);
    assert_eq!(e.to_string(), "Sheet \"Data\", cell D3 holds \"stray\", but its column has no header. Give the column a name or clear the cell.");
}

#[test]
fn a_feature_past_the_last_column_names_where_the_header_ends() {
    // Features chosen on a wider file, asked of this one: the header (sheet row 3, from column B)
    // ends at cell C3.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Data").unwrap();
    sheet.write_string(0, 0, "Customers").unwrap();
    for (c, h) in ["income", "spending"].iter().enumerate() {
        sheet.write_string(2, c as u16 + 1, *h).unwrap();
    }
    for r in 3..6 {
        sheet.write_number(r, 1, f64::from(r)).unwrap();
        sheet.write_number(r, 2, f64::from(r * 2)).unwrap();
    }
    let t = Table::from_file_bytes(&book.save_to_buffer().unwrap(), None).unwrap();
    let e = read_for_training(&t, &[0, 3], &Preparation::default()).unwrap_err();
    let at = Place::Cell { sheet: "Data".into(), cell: "C3".into() };
    assert_eq!(e, DataError::NoSuchColumn { at, column: 4, width: 2 });
    assert_eq!(
        e.to_string(),
        "The header ends at column 2 (Sheet \"Data\", cell C3), so column 4 cannot be read. \
         Choose the features again for this file."
    );
}
