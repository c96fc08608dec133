//! Reading one sheet of a spreadsheet workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) into the same
//! table a CSV file gives, with the same rules: title rows above the header, empty rows and
//! columns left out, numbers stored as text read as numbers. What a cell shows is its text:
//! a formula its saved result, a date "2024-03-01", an error "#DIV/0!". Problems name the
//! sheet and the cell ("Sheet "Customers", cell C17"). A workbook too big to read safely (a
//! decompression bomb, or a sheet far beyond a customer table) is refused before it is read
//! (`limits` says how big, `parts` measures, `sheet_cells` counts).

pub mod limits;
mod parts;
mod sheet_cells;

use std::io::Cursor;

use calamine::{
    Data, Dimensions, Ods, Range, Reader, SheetType, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError, XlsxFormulaMetadata,
};

use super::{cells::Cells, sniff, Origin, Records, Table, MAX_COLUMNS};
use crate::{
    error::{DataError, Place},
    text::{excerpt, quoted_list},
};
use sheet_cells::SheetError;

/// Which spreadsheet program's format a workbook is in, as a user would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl WorkbookFormat {
    pub fn label(self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx => "Excel workbook (.xlsx)",
            WorkbookFormat::Xlsb => "Excel binary workbook (.xlsb)",
            WorkbookFormat::Xls => "Excel 97–2003 workbook (.xls)",
            WorkbookFormat::Ods => "OpenDocument spreadsheet (.ods)",
        }
    }
}

/// True when `bytes` start as a workbook container does: a ZIP archive (.xlsx, .xlsm, .xlsb,
/// .ods) or an OLE compound file (.xls, and password-protected workbooks of every Excel format).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// The file's bytes are read where they are, never copied.
type Book<'a> = Sheets<Cursor<&'a [u8]>>;

/// Opens the workbook in whichever format the container holds; a password is told apart from
/// damage (calamine's own `open_workbook_auto_from_rs` says only "Cannot detect file format").
/// A zipped one is measured first (`parts::check`): calamine reads parts as it opens them.
fn open(bytes: &[u8]) -> Result<Book<'_>, DataError> {
    let cursor = || Cursor::new(bytes);
    let damaged = |reason: String| DataError::Workbook { reason };
    if bytes.starts_with(b"PK") {
        parts::check(bytes)?;
        let xlsx = match Xlsx::new(cursor()) {
            Ok(book) => return Ok(Sheets::Xlsx(book)),
            Err(e) => e,
        };
        if let Ok(book) = Xlsb::new(cursor()) {
            return Ok(Sheets::Xlsb(book));
        }
        if let Ok(book) = Ods::new(cursor()) {
            return Ok(Sheets::Ods(book));
        }
        return Err(damaged(xlsx.to_string()));
    }
    // An encrypted .xlsx, .xlsm or .xlsb is an OLE file holding an "EncryptedPackage".
    if let Err(XlsxError::Password) = Xlsx::new(cursor()) {
        return Err(DataError::Encrypted);
    }
    match Xls::new(cursor()) {
        Ok(book) => Ok(Sheets::Xls(book)),
        Err(XlsError::Password) => Err(DataError::Encrypted),
        Err(e) => Err(damaged(e.to_string())),
    }
}

fn format_of(book: &Book<'_>) -> WorkbookFormat {
    match book {
        Sheets::Xlsx(_) => WorkbookFormat::Xlsx,
        Sheets::Xlsb(_) => WorkbookFormat::Xlsb,
        Sheets::Xls(_) => WorkbookFormat::Xls,
        Sheets::Ods(_) => WorkbookFormat::Ods,
    }
}

/// Worksheet names, in workbook order.
fn worksheets(book: &Book<'_>) -> Vec<String> {
    book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// The sheet's values, or why it cannot be read or is refused. .xlsx and .xlsb sheets are read
/// cell by cell within the limits; .xls and .ods readers lay a sheet out whole, and are checked
/// after.
fn values(book: &mut Book<'_>, name: &str) -> Result<Range<Data>, SheetError> {
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    match book {
        Sheets::Xlsx(b) => match b.worksheet_cells_reader(name) {
            Ok(mut cells) => sheet_cells::collect(name, cells.dimensions(), || cells.next_cell()),
            // calamine's `worksheet_range` gives a chart sheet as an empty range.
            Err(XlsxError::NotAWorksheet(_)) => Ok(Range::empty()),
            Err(e) => Err(unreadable(&e)),
        },
        Sheets::Xlsb(b) => match b.worksheet_cells_reader(name) {
            Ok(mut cells) => sheet_cells::collect(name, cells.dimensions(), || cells.next_cell()),
            Err(e) => Err(unreadable(&e)),
        },
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
            sheet_cells::check(name, &range).map_err(SheetError::Refused)?;
            Ok(range)
        }
    }
}

/// Whether the sheet holds formulas (their saved results are its values). .xlsx and .xlsb
/// sheets are looked through cell by cell, stopping at the first formula: calamine's
/// `worksheet_formula` lays every formula out in a block, and for .xlsx makes room for as many
/// shared formulas as a cell's `si` number says.
fn has_formulas(book: &mut Book<'_>, name: &str) -> bool {
    match book {
        Sheets::Xlsx(b) => {
            let Ok(mut cells) = b.worksheet_cells_reader(name) else { return false };
            while let Ok(Some(cell)) = cells.next_cell_with_formula_metadata() {
                match cell.formula {
                    Some(XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. })
                        if formula.is_empty() => {}
                    Some(_) => return true,
                    None => {}
                }
            }
            false
        }
        Sheets::Xlsb(b) => {
            let Ok(mut cells) = b.worksheet_cells_reader(name) else { return false };
            while let Ok(Some(cell)) = cells.next_formula() {
                if !cell.get_value().is_empty() {
                    return true;
                }
            }
            false
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            book.worksheet_formula(name).is_ok_and(|f| f.used_cells().any(|(_, _, formula)| !formula.is_empty()))
        }
    }
}

/// Merged regions of the sheet (the formats that record them).
fn merged(book: &mut Book<'_>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    }
}

impl Table {
    /// Reads the sheet named `sheet` of a workbook, or (when `None`) the worksheet with the most
    /// filled cells, with the same rules as [`Table::from_csv_bytes`]. [`Table::sheets`] lists
    /// the worksheets (chart and macro sheets are not offered).
    pub fn from_workbook_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Table, DataError> {
        let mut book = open(bytes)?;
        let sheets = worksheets(&book);
        let listed = || quoted_list(&sheets);
        let (chosen, mut values) = match sheet {
            Some(name) => {
                if !sheets.iter().any(|s| s == name) {
                    return Err(DataError::NoSuchSheet { name: excerpt(name), sheets: listed() });
                }
                let values = values(&mut book, name).map_err(|e| match e {
                    SheetError::Unreadable(reason) => DataError::Workbook { reason },
                    SheetError::Refused(e) => e,
                })?;
                (name.to_owned(), values)
            }
            None => {
                let mut best: Option<(String, Range<Data>, usize)> = None;
                for name in &sheets {
                    // A sheet that cannot be read is passed over; one over a limit is refused, as
                    // the user would want the fullest sheet, and it may be that one.
                    let values = match values(&mut book, name) {
                        Ok(values) => values,
                        Err(SheetError::Unreadable(_)) => continue,
                        Err(SheetError::Refused(e)) => return Err(e),
                    };
                    let filled = values.used_cells().filter(|(_, _, v)| !is_blank(v)).count();
                    if best.as_ref().is_none_or(|(_, _, most)| filled > *most) {
                        best = Some((name.clone(), values, filled));
                    }
                }
                match best {
                    Some((name, values, _)) => (name, values),
                    None => return Err(DataError::NoSheetWithData { sheets: listed() }),
                }
            }
        };
        if values.used_cells().all(|(_, _, v)| is_blank(v)) {
            return Err(if has_formulas(&mut book, &chosen) {
                DataError::FormulasWithoutValues { sheet: excerpt(&chosen) }
            } else if sheet.is_none() {
                DataError::NoSheetWithData { sheets: listed() }
            } else {
                DataError::EmptySheet { sheet: excerpt(&chosen) }
            });
        }
        fill_merged_down(&mut values, &merged(&mut book, &chosen));
        let (records, columns) = records_of(&values, &chosen)?;
        let origin = Origin::Sheet { format: format_of(&book), name: chosen, sheets, columns };
        Table::from_records(records, super::Layout::default(), origin)
    }
}

fn is_blank(value: &Data) -> bool {
    match value {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A value merged over several rows (a region written once beside its customers) belongs to
/// each of those rows; merged across columns it stays in the first, as the sheet shows it
/// (a title over several columns is still one title). Regions are cut to the sheet's cells, and
/// filling stops once it has visited as many cells as the sheet has: merged regions do not
/// overlap in a file a spreadsheet program wrote, and a file made of regions over the whole
/// sheet would otherwise take hours.
fn fill_merged_down(values: &mut Range<Data>, merged: &[Dimensions]) {
    let (Some(first), Some(last)) = (values.start(), values.end()) else { return };
    let mut budget = values.get_size().0 as u64 * values.get_size().1 as u64;
    for region in merged {
        let (top, left) = (region.start.0.max(first.0), region.start.1.max(first.1));
        let (bottom, right) = (region.end.0.min(last.0), region.end.1.min(last.1));
        if bottom <= top || right < left || region.start.0 < first.0 {
            continue;
        }
        let visits = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        if visits > budget {
            return;
        }
        budget -= visits;
        for col in left..=right {
            let Some(value) = values.get_value((top, col)).cloned() else { continue };
            if is_blank(&value) {
                continue;
            }
            for row in top + 1..=bottom {
                if values.get_value((row, col)).is_some_and(is_blank) {
                    values.set_value((row, col), value.clone());
                }
            }
        }
    }
}

/// The sheet's rows as a table's records (header first, after any title rows), and for each
/// column the sheet column it came from (0 = A).
fn records_of(values: &Range<Data>, sheet: &str) -> Result<(Records, Vec<u32>), DataError> {
    let (first_row, first_col) = values.start().unwrap_or((0, 0));
    let filled = |row: &[Data]| row.iter().rposition(|v| !is_blank(v)).map_or(0, |i| i + 1);
    let counts: Vec<usize> = values.rows().take(sniff::SAMPLE_RECORDS).map(filled).collect();
    let titles = sniff::titles_before(&counts);
    let mut rows = values.rows().enumerate().skip(titles);
    let Some((header_at, header)) = rows.next() else { return Err(DataError::EmptyFile) };
    let width = filled(header);
    if width > MAX_COLUMNS {
        return Err(DataError::TooManyColumns { found: width, max: MAX_COLUMNS });
    }
    let sheet_row = |i: usize| u64::from(first_row) + i as u64 + 1;
    let headers: Vec<String> = header[..width].iter().map(cell_text).collect();
    let mut cells = Cells::new(width);
    cells.reserve(0, values.height());
    let (mut lines, mut misshapen, mut empty_rows) = (Vec::new(), Vec::new(), 0);
    let mut row_text: Vec<String> = Vec::with_capacity(width);
    for (i, row) in rows {
        let used = filled(row);
        if used == 0 {
            empty_rows += 1;
            continue;
        }
        if used > width {
            // The first filled cell past the header's last column.
            let extra = (width..used).find(|&c| !is_blank(&row[c])).unwrap_or(width);
            let at = Place::cell(sheet, first_col + extra as u32, sheet_row(i));
            let value = excerpt(&cell_text(&row[extra]));
            misshapen.push((cells.rows(), DataError::ValueBeyondHeader { at, value }));
        }
        row_text.clear();
        row_text.extend(row.iter().take(width).map(cell_text));
        lines.push(u32::try_from(sheet_row(i)).unwrap_or(u32::MAX));
        cells.push_row(row_text.iter().map(String::as_str));
    }
    let columns = (0..width as u32).map(|c| first_col + c).collect();
    let records = Records { headers, cells, lines, misshapen, header_line: sheet_row(header_at), empty_rows };
    Ok((records, columns))
}

/// What a cell shows, as text: numbers in full (no thousands separators, `.` for decimals),
/// dates as ISO dates, errors as Excel writes them.
pub fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_duration() => duration_text(d.as_f64()),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        // OpenDocument's own forms: "2021-01-01T10:10:10" and "PT10H10M10S".
        Data::DateTimeIso(s) => s.replacen('T', " ", 1),
        Data::DurationIso(s) => iso_duration_text(s).unwrap_or_else(|| s.clone()),
        Data::Error(e) => e.to_string(),
    }
}

/// The shortest text that reads back as `f`; whole numbers without ".0".
pub(crate) fn float_text(f: f64) -> String {
    if f == f.trunc() && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A duration of `days` as hours, minutes and seconds ("36:15:00").
fn duration_text(days: f64) -> String {
    let seconds = (days * 86_400.0).round() as i64;
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// An ISO 8601 duration of hours, minutes and seconds ("PT10H10M10.5S") as "10:10:11".
fn iso_duration_text(iso: &str) -> Option<String> {
    let mut rest = iso.strip_prefix("PT")?;
    let mut seconds = 0.0;
    for (unit, scale) in [('H', 3600.0), ('M', 60.0), ('S', 1.0)] {
        if let Some((value, tail)) = rest.split_once(unit) {
            seconds += value.parse::<f64>().ok()? * scale;
            rest = tail;
        }
    }
    rest.is_empty().then(|| duration_text(seconds / 86_400.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_what_a_spreadsheet_shows() {
        assert_eq!(cell_text(&Data::Float(45.0)), "45");
        assert_eq!(cell_text(&Data::Float(45.5)), "45.5");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(-3.0)), "-3");
        assert_eq!(cell_text(&Data::Float(1e20)), "100000000000000000000");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::Div0)), "#DIV/0!");
        let date = calamine::ExcelDateTime::new(45_352.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2024-03-01");
        let noon = calamine::ExcelDateTime::new(45_352.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), "2024-03-01 12:00:00");
        let long = calamine::ExcelDateTime::new(1.5104166666, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(long)), "36:15:00");
        assert_eq!(cell_text(&Data::DateTimeIso("2021-01-01T10:10:10".into())), "2021-01-01 10:10:10");
        assert_eq!(cell_text(&Data::DurationIso("PT10H10M10.4S".into())), "10:10:10");
        assert_eq!(cell_text(&Data::DurationIso("P1D".into())), "P1D", "days are left as written");
    }
}
