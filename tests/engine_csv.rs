//! Reading CSV bytes: encodings, line endings, quoting, and every error a user can meet.

use engine::{income_spending_columns, DataError, Role, Table};

fn table(text: &str) -> Table {
    Table::from_csv_bytes(text.as_bytes()).unwrap()
}

fn error(text: &str) -> DataError {
    Table::from_csv_bytes(text.as_bytes()).unwrap_err()
}

#[test]
fn bom_crlf_and_quotes_are_handled() {
    let t = Table::from_csv_bytes(b"\xEF\xBB\xBFName,Income,Spending\r\n\"Smith, J\",15,39\r\n\"O\"\"Neil\",16,81")
        .unwrap();
    assert_eq!(t.headers(), ["Name", "Income", "Spending"]);
    assert_eq!(t.rows()[0][0], "Smith, J");
    assert_eq!(t.rows()[1][0], "O\"Neil");
    assert_eq!(t.row_count(), 2);
}

#[test]
fn semicolon_and_tab_delimiters_are_detected() {
    assert_eq!(table("a;b\n1;2\n").rows()[0], ["1", "2"]);
    assert_eq!(table("a\tb\n1\t2\n").delimiter(), b'\t');
    assert_eq!(table("\"x;y\",b\n1,2\n").delimiter(), b',', "delimiters inside quotes do not count");
}

#[test]
fn original_cell_text_is_kept() {
    let t = table("id,income,spending\n0007, 15 ,39.50\n");
    assert_eq!(t.rows()[0], ["0007", " 15 ", "39.50"]);
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
fn ragged_row_names_its_line() {
    let e = error("income,spending\n1,2\n3\n");
    assert_eq!(e, DataError::RaggedRow { line: 3, expected: 2, found: 1 });
    assert!(e.to_string().contains("Line 3 has 1 cells but the header has 2"));
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
    let e = t.extract_strict(&[0, 1]).unwrap_err();
    assert_eq!(e, DataError::NotANumber { line: 3, column: "spending".into(), value: "abc".into() });
    assert_eq!(e.to_string(), "Line 3, column \"spending\": \"abc\" is not a number.");
}

#[test]
fn empty_cell_names_line_and_column() {
    let t = table("income,spending\n1,\n");
    let e = t.extract_strict(&[0, 1]).unwrap_err();
    assert_eq!(e, DataError::EmptyCell { line: 2, column: "spending".into() });
    assert!(e.to_string().contains("Line 2, column \"spending\" is empty"));
}

#[test]
fn infinite_and_nan_are_rejected() {
    let t = table("income,spending\n1,inf\n2,NaN\n");
    let x = t.extract(&[0, 1]);
    assert_eq!(x.matrix.rows(), 0);
    assert!(matches!(x.skipped[0], DataError::NotFinite { line: 2, .. }));
    assert!(matches!(x.skipped[1], DataError::NotFinite { line: 3, .. }));
}

#[test]
fn extract_keeps_good_rows_and_reports_bad_ones() {
    let t = table("income,spending\n1,2\nx,4\n5,6\n");
    let x = t.extract(&[0, 1]);
    assert_eq!(x.row_indices, vec![0, 2]);
    assert_eq!(x.matrix.values(), &[1.0, 2.0, 5.0, 6.0]);
    assert_eq!(x.skipped.len(), 1);
}

#[test]
fn invalid_utf8_names_its_line() {
    let e = Table::from_csv_bytes(b"name,income\nJos\xE9,5\n").unwrap_err();
    assert_eq!(e, DataError::NotUtf8 { line: 2 });
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
    assert_eq!(error("a,b\r\n1,2\r\n3\r\n"), DataError::RaggedRow { line: 3, expected: 2, found: 1 });
    let t = table("income,spending\r\n1,2\r\n3,x\r\n");
    assert!(matches!(t.extract_strict(&[0, 1]).unwrap_err(), DataError::NotANumber { line: 3, .. }));
}
