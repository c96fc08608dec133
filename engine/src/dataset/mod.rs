//! Reading a CSV file from bytes into a table that keeps every original cell.
//!
//! The table is the source of truth for output: results files repeat every
//! row and column exactly as read. Numbers are parsed only when a column is
//! used as a feature, and every failure names the line, the column and the text.
//! Files as spreadsheets really export them are read as they are meant: other
//! encodings, `;` and tab, decimal commas, title lines above the header,
//! trailing delimiters and empty rows.

mod cells;
mod decode;
mod number;
mod sniff;
mod stream;
mod workbook;

use cells::Cells;

pub use decode::Encoding;
pub use number::{detect_decimal, is_missing, parse_number, Decimal, NumberProblem, MAX_MAGNITUDE, MISSING_MARKERS};
pub use stream::RecordStream;
pub(crate) use workbook::float_text;
pub use workbook::{cell_text, is_workbook, limits as workbook_limits, WorkbookFormat};

use crate::{
    error::{DataError, Place},
    text::{excerpt, header_key, quoted_list},
};

/// More columns than this is not a customer table (e.g. one enormous line).
pub const MAX_COLUMNS: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    /// Every row has exactly one cell per header.
    cells: Cells,
    /// The line each row starts on, counting the file's first line as 1, as an editor or spreadsheet shows it.
    lines: Vec<u32>,
    /// Rows whose number of cells differs from the header's, with the reason, by row index.
    misshapen: Vec<(usize, DataError)>,
    layout: Layout,
    origin: Origin,
}

/// Where a table's cells came from, so a problem can say where to look.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    Text,
    Sheet {
        format: WorkbookFormat,
        /// The sheet read: the one asked for, else the one with the most filled cells.
        name: String,
        /// The workbook's worksheets, in workbook order.
        sheets: Vec<String>,
        /// The sheet column (0 = A) of each table column.
        columns: Vec<u32>,
    },
}

/// How the file was read, for the "read as" note beside a preview.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Layout {
    pub encoding: Encoding,
    pub delimiter: u8,
    pub decimal: Decimal,
    /// The line the header is on (1 unless title lines sit above it).
    pub header_line: u64,
    /// Rows with nothing but delimiters or spaces, left out.
    pub empty_rows: usize,
    /// Columns with neither a name nor a value (trailing delimiters), left out.
    pub empty_columns: usize,
}

impl Layout {
    /// How a text file was read (see [`Table::notes`]).
    fn notes(&self) -> Vec<String> {
        let delimiter = match self.delimiter {
            b';' => "semicolon-separated",
            b'\t' => "tab-separated",
            _ => "comma-separated",
        };
        let mut notes = vec![format!("{} text, {delimiter}", self.encoding.label())];
        if self.decimal == Decimal::Comma {
            notes.push("decimal commas (45,5 = 45.5)".into());
        }
        if self.header_line > 1 {
            notes.push(format!("header on line {}: the lines above it were skipped as a title", self.header_line));
        }
        notes.extend(self.empties());
        notes
    }

    /// The empty rows and columns left out, if any.
    fn empties(&self) -> Vec<String> {
        let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
        let mut notes = Vec::new();
        if self.empty_rows > 0 {
            notes.push(format!("{} with no values ignored", plural(self.empty_rows, "row")));
        }
        if self.empty_columns > 0 {
            notes.push(format!("{} with no name and no values ignored", plural(self.empty_columns, "column")));
        }
        notes
    }
}

/// The delimiter and the title lines above the header of CSV text (all of it, or a big file's
/// first piece), or why it holds no table: empty, or more columns than a table takes.
pub(super) fn text_layout(text: &str) -> Result<(u8, usize), DataError> {
    if text.trim().is_empty() {
        return Err(DataError::EmptyFile);
    }
    let delimiter = sniff::delimiter(text);
    let titles = sniff::title_records(text, delimiter);
    let width = sniff::header_cells(text, delimiter, titles);
    if width > MAX_COLUMNS {
        return Err(DataError::TooManyColumns { found: width, max: MAX_COLUMNS });
    }
    Ok((delimiter, titles))
}

impl Table {
    /// Reads CSV text in UTF-8, UTF-16 or Windows-1252, with `,`, `;` or tab as
    /// the delimiter, CRLF or LF, quoted fields, and title lines above the header.
    pub fn from_csv_bytes(bytes: &[u8]) -> Result<Table, DataError> {
        let (text, encoding) = decode::decode(bytes)?;
        let (delimiter, titles) = text_layout(&text)?;
        let raw = read_records(&text, delimiter, titles)?;
        let decimal = detect_decimal(delimiter, (0..raw.cells.rows()).flat_map(|r| raw.cells.row(r)));
        let layout = Layout { encoding, delimiter, decimal, ..Layout::default() };
        Table::from_records(raw, layout, Origin::Text)
    }

    /// A file as a user chooses it: a workbook (its sheet `sheet`, or the fullest one) or CSV text.
    pub fn from_file_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Table, DataError> {
        if is_workbook(bytes) {
            Table::from_workbook_bytes(bytes, sheet)
        } else {
            Table::from_csv_bytes(bytes)
        }
    }

    /// The workbook's worksheets and the one read; `None` for a text file.
    pub fn sheets(&self) -> Option<(&[String], &str)> {
        match &self.origin {
            Origin::Text => None,
            Origin::Sheet { sheets, name, .. } => Some((sheets, name)),
        }
    }

    fn from_records(raw: Records, mut layout: Layout, mut origin: Origin) -> Result<Table, DataError> {
        let Records { mut headers, mut cells, lines, misshapen, header_line, empty_rows } = raw;
        layout.header_line = header_line;
        layout.empty_rows = empty_rows;
        let empty = empty_columns(&headers, &cells);
        layout.empty_columns = empty.len();
        if !empty.is_empty() {
            cells = cells.without_columns(&empty);
            for &c in empty.iter().rev() {
                headers.remove(c);
                if let Origin::Sheet { columns, .. } = &mut origin {
                    columns.remove(c);
                }
            }
        }
        check_headers(&headers, header_line)?;
        if cells.rows() == 0 {
            return Err(DataError::NoDataRows);
        }
        Ok(Table { headers, cells, lines, misshapen, layout, origin })
    }

    /// How the file was read, in the words of the app's "read as" line.
    pub fn notes(&self) -> Vec<String> {
        match &self.origin {
            Origin::Text => self.layout.notes(),
            Origin::Sheet { format, name, .. } => {
                let mut notes = vec![format!("{}, sheet \"{}\"", format.label(), excerpt(name))];
                let layout = &self.layout;
                if layout.header_line > 1 {
                    notes.push(format!(
                        "header on row {}: the rows above it were skipped as a title",
                        layout.header_line
                    ));
                }
                notes.extend(layout.empties());
                notes
            }
        }
    }

    /// Where column `col`'s header is: the header line of a text file, the header row's cell of a sheet.
    pub(crate) fn header_place(&self, col: usize) -> Place {
        let line = self.layout.header_line;
        match &self.origin {
            Origin::Text => Place::Line(line),
            Origin::Sheet { name, columns, .. } => Place::cell(name, columns.get(col).copied().unwrap_or(0), line),
        }
    }

    /// Where row `row`'s cell in column `col` is, as a user would look for it.
    pub(crate) fn place(&self, row: usize, col: usize) -> Place {
        let line = self.line(row);
        match &self.origin {
            Origin::Text => Place::Line(line),
            Origin::Sheet { name, columns, .. } => Place::cell(name, columns[col], line),
        }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The cell in row `row`, column `col`, as read.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.cells.get(row, col)
    }

    /// Row `i`'s cells end to end, and where each ends in that text: a writer that needs no
    /// quoting copies them without looking at each cell.
    pub fn row_text(&self, i: usize) -> (&str, impl ExactSizeIterator<Item = usize> + '_) {
        self.cells.row_text(i)
    }

    /// Row `i`'s cells, one per header.
    pub fn row(&self, i: usize) -> Vec<&str> {
        self.cells.row(i).collect()
    }

    /// Every row's cells, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Vec<&str>> + '_ {
        (0..self.row_count()).map(|i| self.row(i))
    }

    pub fn row_count(&self) -> usize {
        self.cells.rows()
    }

    /// Bytes of cell text, for sizing output buffers.
    pub fn text_len(&self) -> usize {
        self.cells.text_len()
    }

    pub fn delimiter(&self) -> u8 {
        self.layout.delimiter
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The line row `i` starts on in the file.
    pub fn line(&self, i: usize) -> u64 {
        u64::from(self.lines[i])
    }

    /// Why row `i` does not fit the header, if it does not.
    pub fn shape_error(&self, i: usize) -> Option<&DataError> {
        let at = self.misshapen.binary_search_by_key(&i, |(row, _)| *row).ok()?;
        Some(&self.misshapen[at].1)
    }

    /// The headers quoted and comma-separated, for messages.
    pub fn header_list(&self) -> String {
        quoted_list(&self.headers)
    }

    /// The number in row `row`, column `col`, or the error a user should see.
    pub fn number(&self, row: usize, col: usize) -> Result<f64, DataError> {
        if let Some(e) = self.shape_error(row) {
            return Err(e.clone());
        }
        let text = self.cells.get(row, col);
        let problem = match parse_number(text, self.layout.decimal) {
            Ok(v) => return Ok(v),
            Err(problem) => problem,
        };
        let (at, column, value) = (self.place(row, col), self.headers[col].clone(), excerpt(text));
        Err(match problem {
            NumberProblem::Empty => DataError::EmptyCell { at, column },
            NumberProblem::Missing => DataError::MissingValue { at, column, value },
            NumberProblem::NotANumber => DataError::NotANumber { at, column, value },
            NumberProblem::NotFinite => DataError::NotFinite { at, column, value },
            NumberProblem::TooLarge => DataError::TooLarge { at, column, value },
        })
    }

    /// Whether each column holds numbers; an error when none does, as there is nothing to segment on.
    pub fn numeric_columns(&self) -> Result<Vec<bool>, DataError> {
        let numeric: Vec<bool> = (0..self.headers.len()).map(|c| self.is_numeric_column(c)).collect();
        if numeric.contains(&true) {
            Ok(numeric)
        } else {
            Err(DataError::NoNumericColumns { found: self.header_list() })
        }
    }

    /// True when the column holds numbers: every non-empty cell examined (in rows
    /// that fit the header) is a finite number and at least one is. Large files are
    /// judged on evenly spaced rows; a stray text cell elsewhere leaves its row out
    /// of training with its reason, as any bad cell does.
    pub fn is_numeric_column(&self, col: usize) -> bool {
        let n = self.row_count();
        let step = n.div_ceil(TYPE_SAMPLE_ROWS).max(1);
        let mut any = false;
        for i in (0..n).step_by(step) {
            match parse_number(self.cells.get(i, col), self.layout.decimal) {
                Ok(_) => any = true,
                Err(NumberProblem::Empty | NumberProblem::Missing) => {}
                Err(_) if self.shape_error(i).is_some() => {}
                Err(_) => return false,
            }
        }
        any
    }
}

/// Rows examined when working out whether a column holds numbers.
const TYPE_SAMPLE_ROWS: usize = 10_000;

/// Records as read, fitted to the header.
#[derive(Debug, PartialEq)]
struct Records {
    headers: Vec<String>,
    cells: Cells,
    lines: Vec<u32>,
    misshapen: Vec<(usize, DataError)>,
    header_line: u64,
    empty_rows: usize,
}

/// Reads every record after the `titles` skipped ones; the first is the header.
/// Each row gets one cell per header: extra cells that are empty (trailing
/// delimiters) go quietly; a row with missing or extra values keeps its first
/// cells and is reported, naming the extra values so nothing is lost.
fn read_records(text: &str, delimiter: u8, titles: usize) -> Result<Records, DataError> {
    if text.contains('"') {
        read_quoted(text, delimiter, titles)
    } else {
        read_plain(text, delimiter, titles)
    }
}

/// Nothing quoted: records are lines and cells split at the delimiter, as the csv crate reads
/// them (see `plain_and_csv_readings_agree`), without its per-record work (a third of the
/// time on big files).
fn read_plain(text: &str, delimiter: u8, titles: usize) -> Result<Records, DataError> {
    let mut collect = Collect::new(text.as_bytes(), titles);
    let mut fields = Vec::new();
    for (start, line) in plain_lines(text) {
        collect.plain_record(start, line, delimiter, &mut fields)?;
    }
    collect.finish()
}

fn read_quoted(text: &str, delimiter: u8, titles: usize) -> Result<Records, DataError> {
    let mut collect = Collect::new(text.as_bytes(), titles);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(DataError::Malformed { reason: e.to_string() }),
        }
        let start = record.position().map_or(collect.counted_to, |p| p.byte() as usize);
        collect.record(start, &record.iter().collect::<Vec<_>>())?;
    }
    collect.finish()
}

/// The non-empty lines of `text` and where each starts; `\r`, `\n` and `\r\n` end lines,
/// as they end records for the csv crate, which also skips empty lines.
fn plain_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        at = bytes[start..].iter().position(|&b| b == b'\r' || b == b'\n').map_or(bytes.len(), |p| start + p);
        Some((start, &text[start..at]))
    })
}

/// Fits records to the header as they are read.
struct Collect<'t> {
    bytes: &'t [u8],
    titles: usize,
    headers: Option<Vec<String>>,
    cells: Cells,
    lines: Vec<u32>,
    misshapen: Vec<(usize, DataError)>,
    header_line: u64,
    empty_rows: usize,
    seen: usize,
    /// Lines are counted from byte offsets: the csv crate's own line count is one short on CRLF files.
    counted_to: usize,
    line: u64,
}

impl<'t> Collect<'t> {
    fn new(bytes: &'t [u8], titles: usize) -> Self {
        Collect {
            bytes,
            titles,
            headers: None,
            cells: Cells::new(0),
            lines: Vec::new(),
            misshapen: Vec::new(),
            header_line: 1,
            empty_rows: 0,
            seen: 0,
            counted_to: 0,
            line: 1,
        }
    }

    /// One unquoted line, split at `delimiter` into `fields` (scratch space).
    ///
    /// Not inlined, on purpose: V8 optimises a wasm function for its next call, so a function
    /// called once per line is optimised a few thousand lines into a big file, where a loop
    /// inside one call would stay in the baseline tier to the end.
    #[inline(never)]
    fn plain_record<'a>(
        &mut self,
        position: usize,
        line: &'a str,
        delimiter: u8,
        fields: &mut Vec<&'a str>,
    ) -> Result<(), DataError> {
        fields.clear();
        fields.extend(line.split(char::from(delimiter)));
        self.record(position, fields)
    }

    /// One record, which starts at byte `position`.
    fn record(&mut self, position: usize, record: &[&str]) -> Result<(), DataError> {
        self.seen += 1;
        let start = record_start(self.bytes, position);
        self.line += count_newlines(&self.bytes[self.counted_to..start]);
        self.counted_to = start;
        if self.seen <= self.titles {
            return Ok(());
        }
        let line = self.line;
        let Some(width) = self.headers.as_ref().map(Vec::len) else {
            // The sampled header may have been cut short; this is its whole width.
            if record.len() > MAX_COLUMNS {
                return Err(DataError::TooManyColumns { found: record.len(), max: MAX_COLUMNS });
            }
            self.headers = Some(record.iter().map(|&c| c.to_owned()).collect());
            self.cells = Cells::new(record.len());
            // At most the rest of the text, in at most a row per line break.
            let rest = &self.bytes[position.min(self.bytes.len())..];
            self.cells.reserve(rest.len(), count_newlines(rest) as usize + 1);
            self.header_line = line;
            return Ok(());
        };
        let Some(filled) = record.iter().rposition(|c| !c.trim().is_empty()).map(|p| p + 1) else {
            self.empty_rows += 1;
            return Ok(());
        };
        let found = filled.max(record.len().min(width));
        if found < width {
            self.misshapen.push((self.cells.rows(), DataError::TooFewCells { line, expected: width, found }));
        } else if found > width {
            let extra: Vec<String> = record.iter().skip(width).take(found - width).map(|c| excerpt(c)).collect();
            let extra = quoted_list(&extra);
            self.misshapen.push((self.cells.rows(), DataError::TooManyCells { line, expected: width, found, extra }));
        }
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        self.cells.push_row(record.iter().copied());
        Ok(())
    }

    fn finish(self) -> Result<Records, DataError> {
        let headers = self.headers.ok_or(DataError::EmptyFile)?;
        let Collect { cells, lines, misshapen, header_line, empty_rows, .. } = self;
        Ok(Records { headers, cells, lines, misshapen, header_line, empty_rows })
    }
}

/// Columns with no header and no values, the trace of trailing delimiters or of a sheet's
/// spacer column.
fn empty_columns(headers: &[String], cells: &Cells) -> Vec<usize> {
    (0..headers.len())
        .filter(|&c| headers[c].trim().is_empty() && (0..cells.rows()).all(|r| cells.get(r, c).trim().is_empty()))
        .collect()
}

/// Every column needs a name of its own: features are found by name, as [`header_key`] compares them.
pub(super) fn check_headers(headers: &[String], line: u64) -> Result<(), DataError> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    for (c, (h, key)) in headers.iter().zip(&keys).enumerate() {
        if key.is_empty() {
            return Err(DataError::UnnamedColumn { line, column: c + 1 });
        }
        if let Some(first) = keys[..c].iter().position(|other| other == key) {
            return Err(DataError::DuplicateColumn { name: excerpt(h.trim()), first: first + 1, second: c + 1 });
        }
    }
    Ok(())
}

/// The first byte of a record's text: the csv crate may report the position of the line break before it.
fn record_start(bytes: &[u8], mut offset: usize) -> usize {
    while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
        offset += 1;
    }
    offset.min(bytes.len())
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain reader is a shortcut: on any text without quotes it must read exactly what the
    /// csv crate reads — cells, line numbers, short and long rows, empty rows, errors.
    #[test]
    fn plain_and_csv_readings_agree() {
        let pieces = ["a", "12", "-3.5", " ", "", "é", "x y", ",", ",", ";", "\t", "\n", "\n", "\r\n", "\r", ",,"];
        let mut rng = crate::rng::Rng::new(2026);
        for case in 0..3_000 {
            let len = 1 + rng.below(40);
            let text: String = (0..len).map(|_| pieces[rng.below(pieces.len())]).collect();
            for (delimiter, titles) in [(b',', 0), (b';', 0), (b'\t', 0), (b',', 1)] {
                let (plain, quoted) = (read_plain(&text, delimiter, titles), read_quoted(&text, delimiter, titles));
                assert_eq!(plain, quoted, "case {case}: {text:?} split at {:?}", char::from(delimiter));
            }
        }
    }
}
