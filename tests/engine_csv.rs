//! Reading CSV bytes: encodings, line endings, quoting, and every error a user can meet.

use engine::{
    income_spending_columns,
    prep::{read_for_training, Preparation, Reading},
    DataError, Matrix, Place, Role, Table,
};

fn table(text: &str) -> Table {
    Table::from_csv_bytes(text.as_bytes()).unwrap()
}

/// `columns` as training reads them, as the app does: no categories, a missing number leaves its row out.
fn read(t: &Table, columns: &[usize]) -> Reading {
    read_for_training(t, columns, &Preparation::default()).unwrap()
}

/// Why the first row left out was left out.
fn first_bad_cell(t: &Table, columns: &[usize]) -> DataError {
    let mut skipped = read(t, columns).extraction.skipped;
    assert!(!skipped.is_empty(), "a row is left out");
    skipped.remove(0)
}

/// The numbers of every row, none left out.
fn numbers(t: &Table, columns: &[usize]) -> Matrix {
    let extraction = read(t, columns).extraction;
    assert_eq!(extraction.skipped, []);
    extraction.matrix
}

fn error(text: &str) -> DataError {
    Table::from_csv_bytes(text.as_bytes()).unwrap_err()
}

#[test]
fn bom_crlf_and_quotes_are_handled() {
    let t = Table::from_csv_bytes(b"\xEF\xBB\xBFName,Income,Spending\r\n\"Smith, J\",15,39\r\n\"O\"\"Neil\",16,81")
        .unwrap();
    assert_eq!(t.headers(), ["Name", "Income", "Spending"]);
    assert_eq!(t.cell(0, 0), "Smith, J");
    assert_eq!(t.cell(1, 0), "O\"Neil");
    assert_eq!(t.row_count(), 2);
}

#[test]
fn semicolon_and_tab_delimiters_are_detected() {
    assert_eq!(table("a;b\n1;2\n").row(0), ["1", "2"]);
    assert_eq!(table("a\tb\n1\t2\n").delimiter(), b'\t');
    assert_eq!(table("\"x;y\",b\n1,2\n").delimiter(), b',', "delimiters inside quotes do not count");
}

#[test]
fn original_cell_text_is_kept() {
    let t = table("id,income,spending\n0007, 15 ,39.50\n");
    assert_eq!(t.row(0), ["0007", " 15 ", "39.50"]);
}

#[test]
fn line_numbers_count_the_header_as_line_one() {
    let t = table("income,spending\n1,2\n\"3\",4\n");
    assert_eq!((t.line(0), t.line(1)), (2, 3));
}

#[test]
fn empty_file_is_an_error() {
    assert_eq!(error(""), DataError::EmptyFile);
    assert_eq!(error(" \r\n"), DataError::EmptyFile);
    assert_eq!(Table::from_csv_bytes(b"\xEF\xBB\xBF").unwrap_err(), DataError::EmptyFile);
}

#[test]
fn header_without_rows_is_an_error() {
    assert_eq!(error("income,spending\n"), DataError::NoDataRows);
}

#[test]
fn ragged_rows_are_kept_and_name_their_line() {
    let t = table("income,spending\n1,2\n3\n4,5,six,7\n8,9,,\n");
    assert_eq!(t.row_count(), 4, "no row is lost");
    assert_eq!(t.row(1), ["3", ""]);
    assert_eq!(t.row(2), ["4", "5"]);
    let e = t.number(1, 0).unwrap_err();
    assert_eq!(e, DataError::TooFewCells { line: 3, expected: 2, found: 1 });
    assert!(e.to_string().contains("Line 3 has 1 cells but the header has 2"), "{e}");
    let e = t.number(2, 0).unwrap_err();
    assert!(e.to_string().contains("Line 4 has 4 cells but the header has 2 (extra: \"six\", \"7\")"), "{e}");
    assert_eq!(t.number(3, 1), Ok(9.0), "empty trailing cells are only trailing delimiters");
    assert_eq!(read(&t, &[0, 1]).extraction.row_indices, vec![0, 3]);
}

#[test]
fn missing_column_lists_found_and_accepted_names() {
    let t = table("CustomerID,Age\n1,20\n");
    let e = income_spending_columns(&t).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, DataError::MissingColumn { .. }));
    assert!(msg.contains("\"CustomerID\", \"Age\""), "{msg}");
    assert!(msg.contains("\"Annual Income (k$)\""), "{msg}");
}

#[test]
fn aliases_find_the_features() {
    let t = table("annual_income,spending_score\n50,60\n");
    assert_eq!(income_spending_columns(&t).unwrap(), vec![0, 1]);
    assert_eq!(Role::Spending.find_in(&table("x,Spending Score (1-100)\n1,2\n")).unwrap(), 1);
}

#[test]
fn non_numeric_cell_names_line_column_and_value() {
    let t = table("income,spending\n1,2\n3,abc\n");
    let e = first_bad_cell(&t, &[0, 1]);
    assert_eq!(e, DataError::NotANumber { at: Place::Line(3), column: "spending".into(), value: "abc".into() });
    assert_eq!(e.to_string(), "Line 3, column \"spending\": \"abc\" is not a number.");
}

#[test]
fn empty_cell_names_line_and_column() {
    let t = table("income,spending\n1,\n");
    let e = first_bad_cell(&t, &[0, 1]);
    assert_eq!(e, DataError::EmptyCell { at: Place::Line(2), column: "spending".into() });
    assert!(e.to_string().contains("Line 2, column \"spending\" is empty"));
}

#[test]
fn infinity_is_rejected_and_nan_is_a_missing_value() {
    let t = table("income,spending\n1,inf\n2,NaN\n");
    let x = read(&t, &[0, 1]).extraction;
    assert_eq!(x.matrix.rows(), 0);
    assert!(matches!(x.skipped[0], DataError::NotFinite { at: Place::Line(2), .. }));
    assert!(matches!(x.skipped[1], DataError::MissingValue { at: Place::Line(3), .. }));
}

#[test]
fn reading_keeps_good_rows_and_reports_bad_ones() {
    let t = table("income,spending\n1,2\nx,4\n5,6\n");
    let x = read(&t, &[0, 1]).extraction;
    assert_eq!(x.row_indices, vec![0, 2]);
    assert_eq!(x.matrix.values(), &[1.0, 2.0, 5.0, 6.0]);
    assert_eq!(x.skipped.len(), 1);
}

#[test]
fn windows_1252_text_is_decoded() {
    let t = Table::from_csv_bytes(b"name,income\nJos\xE9,5\n").unwrap();
    assert_eq!(t.cell(0, 0), "José");
    assert_eq!(t.layout().encoding, engine::dataset::Encoding::Windows1252);
}

#[test]
fn numeric_columns_are_detected() {
    let t = table("id,name,income\n1,Ann,5\n2,Bob,\n");
    assert!(t.is_numeric_column(0));
    assert!(!t.is_numeric_column(1));
    assert!(t.is_numeric_column(2), "empty cells do not make a column text");
}

#[test]
fn line_numbers_are_right_with_crlf() {
    let t = table("income,spending\r\n1,2\r\n3,4\r\n");
    assert_eq!((t.line(0), t.line(1)), (2, 3));
}

#[test]
fn error_lines_are_right_with_crlf() {
    let t = table("a,b\r\n1,2\r\n3\r\n");
    assert_eq!(t.number(1, 0).unwrap_err(), DataError::TooFewCells { line: 3, expected: 2, found: 1 });
    let t = table("income,spending\r\n1,2\r\n3,x\r\n");
    assert!(matches!(first_bad_cell(&t, &[0, 1]), DataError::NotANumber { at: Place::Line(3), .. }));
}

#[test]
fn decimal_commas_in_semicolon_files() {
    let t = table("name;income;spending\nAnn;45,5;39\nBob;1.234,5;81,25\n");
    assert_eq!(t.layout().decimal, engine::dataset::Decimal::Comma);
    assert_eq!(numbers(&t, &[1, 2]).values(), &[45.5, 39.0, 1234.5, 81.25]);
}

#[test]
fn thousands_separators_in_quoted_cells() {
    let t = table("income,spending\n\"1,234\",5\n\"12,500.50\",6\n");
    assert_eq!(numbers(&t, &[0, 1]).values(), &[1234.0, 5.0, 12500.5, 6.0]);
}

#[test]
fn title_lines_above_the_header_are_skipped() {
    let t = table("Customer export\nGenerated 2026-01-05, by CRM\n\nid,income,spending\n1,15,39\n2,16,81\n");
    assert_eq!(t.headers(), ["id", "income", "spending"]);
    assert_eq!(t.layout().header_line, 4);
    assert!(t.notes()[1].starts_with("header on line 4"));
    assert_eq!((t.line(0), t.line(1)), (5, 6));
}

#[test]
fn blank_rows_and_trailing_delimiters_are_ignored() {
    let t = table("income,spending,\n1,2,\n\n,,\n3,4,\n , \n");
    assert_eq!(t.headers(), ["income", "spending"]);
    assert_eq!(t.rows().collect::<Vec<_>>(), [vec!["1", "2"], vec!["3", "4"]]);
    assert_eq!((t.layout().empty_rows, t.layout().empty_columns), (2, 1));
    assert_eq!(
        t.notes(),
        ["UTF-8 text, comma-separated", "2 rows with no values ignored", "1 column with no name and no values ignored"]
    );
    assert_eq!(t.line(1), 5);
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_newlines() {
    let t = table("note,income\n\"a, \"\"b\"\"\nc\",5\nd,6\n");
    assert_eq!(t.row(0), ["a, \"b\"\nc", "5"]);
    assert_eq!((t.line(0), t.line(1)), (2, 4));
}

#[test]
fn header_problems_are_refused_with_the_column() {
    let e = error("id,income,Income ,spending\n1,2,3,4\n");
    assert_eq!(e, DataError::DuplicateColumn { name: "Income".into(), first: 2, second: 3 });
    assert!(e.to_string().contains("Columns 2 and 3 are both named \"Income\""));
    let e = error("id,,spending\n1,2,3\n");
    assert_eq!(e, DataError::UnnamedColumn { line: 1, column: 2 });
}

#[test]
fn a_huge_single_line_is_refused_or_read_without_panic() {
    let line = "x,".repeat(600_000);
    assert!(matches!(error(&line), DataError::TooManyColumns { .. }));
    let long = format!("a,b\n{},1\n", "9".repeat(1_000_000));
    let t = table(&long);
    let msg = t.number(0, 0).unwrap_err().to_string();
    assert!(msg.len() < 300, "values are shortened in messages: {msg}");
}

#[test]
fn binary_files_are_refused_by_kind() {
    let e = Table::from_csv_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
    assert!(e.to_string().starts_with("This file looks like a PNG image, not CSV text."), "{e}");
}

#[test]
fn negative_huge_and_non_finite_values() {
    let t = table("income,spending\n-5,2\n1e300,2\n");
    assert_eq!(t.number(0, 0), Ok(-5.0));
    assert!(matches!(t.number(1, 0), Err(DataError::TooLarge { at: Place::Line(3), .. })));
}

#[test]
fn files_without_numbers_are_refused() {
    let e = table("name,city\nAnn,Paris\n").numeric_columns().unwrap_err();
    assert!(e.to_string().contains("No column holds numbers"), "{e}");
    assert_eq!(table("name,n\nAnn,1\n").numeric_columns().unwrap(), vec![false, true]);
}

#[test]
fn a_feature_past_the_last_column_names_the_header_line() {
    let t = table("Export\nincome,spending\n1,2\n");
    let e = read_for_training(&t, &[2], &Preparation::default()).unwrap_err();
    assert_eq!(e, DataError::NoSuchColumn { at: Place::Line(2), column: 3, width: 2 });
    assert_eq!(
        e.to_string(),
        "The header ends at column 2 (Line 2), so column 3 cannot be read. Choose the features again for this file."
    );
}
