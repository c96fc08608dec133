//! The results file as an Excel workbook: the same rows, cells and result columns as the CSV
//! ([`super::results_csv`]), with numbers stored as numbers and dates as dates, so the file
//! opens ready to sort and sum.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{neutralise, result_columns, source_cluster, BatchResult};
use crate::{
    dataset::{float_text, parse_number, Decimal, Table},
    model::SegmentModel,
};

/// Rows an Excel sheet holds below its header row.
pub const XLSX_MAX_ROWS: usize = 1_048_575;
/// Columns an Excel sheet holds.
const XLSX_MAX_COLUMNS: usize = 16_384;

/// Why a results workbook could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum XlsxResultsError {
    #[error(
        "The results have {rows} rows, more than an Excel sheet holds ({max} below the header). \
         Download the CSV instead: it has every row."
    )]
    TooManyRows { rows: usize, max: usize },
    #[error("The results have {columns} columns, more than an Excel sheet holds. Download the CSV instead.")]
    TooManyColumns { columns: usize },
    #[error("The workbook could not be written: {0}")]
    Writer(String),
}

impl From<XlsxError> for XlsxResultsError {
    fn from(e: XlsxError) -> Self {
        XlsxResultsError::Writer(e.to_string())
    }
}

/// The results workbook: one sheet "Segments", every input row in input order with every
/// original cell, then the result columns. A cell is a number when its text reads back as
/// that number (so `000123` and `45.50` stay text, as typed), a date when it is an ISO date
/// ("2024-03-01", "2024-03-01 13:45:00"); other text keeps the CSV's formula guard.
pub fn results_xlsx(model: &SegmentModel, table: &Table, result: &BatchResult) -> Result<Vec<u8>, XlsxResultsError> {
    let rows = table.row_count();
    if rows > XLSX_MAX_ROWS {
        return Err(XlsxResultsError::TooManyRows { rows, max: XLSX_MAX_ROWS });
    }
    let width = table.headers().len();
    let added = result_columns(model);
    if width + added.len() > XLSX_MAX_COLUMNS {
        return Err(XlsxResultsError::TooManyColumns { columns: width + added.len() });
    }
    let formats = Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Segments")?;
    for (col, header) in
        table.headers().iter().map(|h| neutralise(h)).chain(added.into_iter().map(Into::into)).enumerate()
    {
        sheet.write_string_with_format(0, col as u16, header.as_ref(), &formats.header)?;
    }
    let decimal = table.layout().decimal;
    for row in 0..rows {
        let at = row as u32 + 1;
        for col in 0..width {
            write_cell(sheet, at, col as u16, table.cell(row, col), decimal, &formats)?;
        }
        let first = width as u16;
        match result.get(row) {
            Ok(r) => {
                let segment = &model.segments[r.segment];
                sheet.write_number(at, first, segment.id as f64)?;
                sheet.write_string(at, first + 1, neutralise(&segment.label.name).as_ref())?;
                sheet.write_number_with_format(at, first + 2, r.distance, &formats.fixed4)?;
                sheet.write_number_with_format(at, first + 3, r.confidence, &formats.fixed4)?;
                if let Some(id) = source_cluster(model, r.segment) {
                    write_cell(sheet, at, first + 5, id, Decimal::Point, &formats)?;
                }
            }
            Err(e) => {
                sheet.write_string(at, first + 4, e.to_string())?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

struct Formats {
    header: Format,
    fixed4: Format,
    date: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            fixed4: Format::new().set_num_format("0.0000"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        }
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    decimal: Decimal,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    if let Some(number) = as_number(text, decimal) {
        sheet.write_number(row, col, number)?;
    } else if let Some((date, format)) = as_date(text, formats) {
        sheet.write_datetime_with_format(row, col, &date, format)?;
    } else {
        sheet.write_string(row, col, neutralise(text).as_ref())?;
    }
    Ok(())
}

/// The number `text` is, when writing that number back gives the same text.
fn as_number(text: &str, decimal: Decimal) -> Option<f64> {
    let number = parse_number(text, decimal).ok()?;
    let mut written = float_text(number);
    if decimal == Decimal::Comma {
        written = written.replace('.', ",");
    }
    (written == text).then_some(number)
}

/// An ISO date ("2024-03-01") or date and time ("2024-03-01 13:45:00"), with its display format.
fn as_date<'f>(text: &str, formats: &'f Formats) -> Option<(ExcelDateTime, &'f Format)> {
    let bytes = text.as_bytes();
    let date_shape = |b: &[u8]| {
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    let format = match bytes.len() {
        10 if date_shape(bytes) => &formats.date,
        19 if date_shape(&bytes[..10]) && bytes[10] == b' ' && bytes[13] == b':' && bytes[16] == b':' => {
            &formats.datetime
        }
        _ => return None,
    };
    let date = ExcelDateTime::parse_from_str(text).ok()?;
    Some((date, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_a_number_only_when_the_number_reads_back_as_its_text() {
        assert_eq!(as_number("45", Decimal::Point), Some(45.0));
        assert_eq!(as_number("-3.25", Decimal::Point), Some(-3.25));
        assert_eq!(as_number("45,5", Decimal::Comma), Some(45.5));
        for text in ["000123", "45.50", "+3", "1e3", "1,000", " 7", "Female", ""] {
            assert_eq!(as_number(text, Decimal::Point), None, "{text:?} stays text");
        }
    }

    #[test]
    fn iso_dates_become_dates() {
        let formats = Formats::new();
        assert!(as_date("2024-03-01", &formats).is_some());
        assert!(as_date("2024-03-01 13:45:00", &formats).is_some());
        for text in ["2024-3-1", "01/03/2024", "2024-13-45", "20240301", "2024-03-01T13:45"] {
            assert!(as_date(text, &formats).is_none(), "{text:?} stays text");
        }
    }
}
