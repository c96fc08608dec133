//! Reading a CSV file from bytes into a table that keeps every original cell.
//!
//! The table is the source of truth for output: results files repeat every
//! row and column exactly as read. Numbers are parsed only when a column is
//! used as a feature, and every failure names the line, the column and the text.
//! Files as spreadsheets really export them are read as they are meant: other
//! encodings, `;` and tab, decimal commas, title lines above the header,
//! trailing delimiters and empty rows.

mod decode;
mod number;
mod sniff;

pub use decode::Encoding;
pub use number::{detect_decimal, parse_number, Decimal, NumberProblem, MAX_MAGNITUDE};

use crate::{error::DataError, matrix::Matrix};

/// More columns than this is not a customer table (e.g. one enormous line).
pub const MAX_COLUMNS: usize = 1_000;

/// Characters of a cell quoted in a message; longer values are cut with "…".
const QUOTED_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    /// Every row has exactly one cell per header.
    rows: Vec<Vec<String>>,
    /// The line each row starts on, counting the file's first line as 1, as an editor or spreadsheet shows it.
    lines: Vec<u64>,
    /// Rows whose number of cells differs from the header's, with the reason, by row index.
    misshapen: Vec<(usize, DataError)>,
    layout: Layout,
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
    /// How the file was read, in the words of the app's "read as" line.
    pub fn notes(&self) -> Vec<String> {
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
        let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
        if self.empty_rows > 0 {
            notes.push(format!("{} with no values ignored", plural(self.empty_rows, "row")));
        }
        if self.empty_columns > 0 {
            notes.push(format!("{} with no name and no values ignored", plural(self.empty_columns, "column")));
        }
        notes
    }
}

/// The rows of a table that could be turned into numbers, and why the others could not.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub matrix: Matrix,
    /// Index into the table's rows for each matrix row.
    pub row_indices: Vec<usize>,
    /// One error per skipped row (its first bad cell).
    pub skipped: Vec<DataError>,
}

impl Table {
    /// Reads CSV text in UTF-8, UTF-16 or Windows-1252, with `,`, `;` or tab as
    /// the delimiter, CRLF or LF, quoted fields, and title lines above the header.
    pub fn from_csv_bytes(bytes: &[u8]) -> Result<Table, DataError> {
        let (text, encoding) = decode::decode(bytes)?;
        if text.trim().is_empty() {
            return Err(DataError::EmptyFile);
        }
        let delimiter = sniff::delimiter(&text);
        let titles = sniff::title_records(&text, delimiter);
        let width = sniff::header_cells(&text, delimiter, titles);
        if width > MAX_COLUMNS {
            return Err(DataError::TooManyColumns { found: width, max: MAX_COLUMNS });
        }
        let raw = read_records(&text, delimiter, titles)?;
        let decimal = detect_decimal(delimiter, raw.rows.iter().flatten().map(String::as_str));
        let layout = Layout { encoding, delimiter, decimal, header_line: raw.header_line, ..Layout::default() };
        Table::from_records(raw, layout)
    }

    fn from_records(raw: Records, mut layout: Layout) -> Result<Table, DataError> {
        let Records { mut headers, mut rows, lines, header_line, empty_rows } = raw;
        layout.empty_rows = empty_rows;
        let misshapen = fit_rows_to_header(&mut rows, &lines, headers.len());
        layout.empty_columns = drop_empty_columns(&mut headers, &mut rows);
        check_headers(&headers, header_line)?;
        if rows.is_empty() {
            return Err(DataError::NoDataRows);
        }
        Ok(Table { headers, rows, lines, misshapen, layout })
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub fn delimiter(&self) -> u8 {
        self.layout.delimiter
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The line row `i` starts on in the file.
    pub fn line(&self, i: usize) -> u64 {
        self.lines[i]
    }

    /// Why row `i` does not fit the header, if it does not.
    pub fn shape_error(&self, i: usize) -> Option<&DataError> {
        let at = self.misshapen.binary_search_by_key(&i, |(row, _)| *row).ok()?;
        Some(&self.misshapen[at].1)
    }

    /// The column whose header is exactly `name` (after trimming).
    pub fn column_index(&self, name: &str) -> Result<usize, DataError> {
        self.headers
            .iter()
            .position(|h| h.trim() == name.trim())
            .ok_or_else(|| DataError::UnknownColumn { name: name.to_owned(), found: self.header_list() })
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
        let text = self.rows[row][col].as_str();
        let column = || self.headers[col].clone();
        let line = self.lines[row];
        let value = || excerpt(text);
        match parse_number(text, self.layout.decimal) {
            Ok(v) => Ok(v),
            Err(NumberProblem::Empty) => Err(DataError::EmptyCell { line, column: column() }),
            Err(NumberProblem::NotANumber) => Err(DataError::NotANumber { line, column: column(), value: value() }),
            Err(NumberProblem::NotFinite) => Err(DataError::NotFinite { line, column: column(), value: value() }),
            Err(NumberProblem::TooLarge) => Err(DataError::TooLarge { line, column: column(), value: value() }),
        }
    }

    /// Numbers from `columns` for every row where all of them parse; the other rows are reported, never dropped silently.
    pub fn extract(&self, columns: &[usize]) -> Extraction {
        let dim = columns.len().max(1);
        let mut values = Vec::with_capacity(self.rows.len() * dim);
        let mut row_indices = Vec::with_capacity(self.rows.len());
        let mut skipped = Vec::new();
        for row in 0..self.rows.len() {
            let start = values.len();
            let parsed = columns.iter().try_for_each(|&col| {
                values.push(self.number(row, col)?);
                Ok(())
            });
            match parsed {
                Ok(()) => row_indices.push(row),
                Err(e) => {
                    values.truncate(start);
                    skipped.push(e);
                }
            }
        }
        Extraction { matrix: Matrix::new(values, dim), row_indices, skipped }
    }

    /// Like [`Table::extract`], but the first bad cell is an error.
    pub fn extract_strict(&self, columns: &[usize]) -> Result<Matrix, DataError> {
        let extraction = self.extract(columns);
        match extraction.skipped.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(extraction.matrix),
        }
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

    /// True when every non-empty cell of the column (in rows that fit the header)
    /// is a finite number and at least one is.
    pub fn is_numeric_column(&self, col: usize) -> bool {
        let mut any = false;
        for (i, row) in self.rows.iter().enumerate() {
            match parse_number(&row[col], self.layout.decimal) {
                Ok(_) => any = true,
                Err(NumberProblem::Empty) => {}
                Err(_) if self.shape_error(i).is_some() => {}
                Err(_) => return false,
            }
        }
        any
    }
}

/// Records as read, before they are fitted to the header.
struct Records {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    lines: Vec<u64>,
    header_line: u64,
    empty_rows: usize,
}

/// Reads every record after the `titles` skipped ones; the first is the header.
fn read_records(text: &str, delimiter: u8, titles: usize) -> Result<Records, DataError> {
    let bytes = text.as_bytes();
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::StringRecord::new();
    let (mut headers, mut rows, mut lines) = (None::<Vec<String>>, Vec::new(), Vec::new());
    let (mut header_line, mut empty_rows, mut seen) = (1, 0, 0);
    // Lines are counted from byte offsets: the csv crate's own line count is one short on CRLF files.
    let (mut counted_to, mut line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(DataError::Malformed { reason: e.to_string() }),
        }
        seen += 1;
        let start = record_start(bytes, record.position().map_or(counted_to, |p| p.byte() as usize));
        line += count_newlines(&bytes[counted_to..start]);
        counted_to = start;
        if seen <= titles {
            continue;
        }
        if headers.is_none() {
            // The sampled header may have been cut short; this is its whole width.
            if record.len() > MAX_COLUMNS {
                return Err(DataError::TooManyColumns { found: record.len(), max: MAX_COLUMNS });
            }
            headers = Some(record.iter().map(str::to_owned).collect());
            header_line = line;
        } else if record.iter().all(|c| c.trim().is_empty()) {
            empty_rows += 1;
        } else {
            lines.push(line);
            rows.push(record.iter().map(str::to_owned).collect());
        }
    }
    let headers = headers.ok_or(DataError::EmptyFile)?;
    Ok(Records { headers, rows, lines, header_line, empty_rows })
}

/// Gives every row one cell per header. Extra cells that are empty (trailing
/// delimiters) go quietly; a row with missing or extra values keeps its first
/// cells and is reported, naming the extra values so nothing is lost.
fn fit_rows_to_header(rows: &mut [Vec<String>], lines: &[u64], width: usize) -> Vec<(usize, DataError)> {
    let mut misshapen = Vec::new();
    for (i, row) in rows.iter_mut().enumerate() {
        let found = row.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1).max(row.len().min(width));
        if found < width {
            misshapen.push((i, DataError::TooFewCells { line: lines[i], expected: width, found }));
        } else if found > width {
            let extra: Vec<String> = row[width..found].iter().map(|c| excerpt(c)).collect();
            let extra = quoted_list(&extra);
            misshapen.push((i, DataError::TooManyCells { line: lines[i], expected: width, found, extra }));
        }
        row.resize(width, String::new());
    }
    misshapen
}

/// Removes columns with no header and no values, the trace of trailing delimiters; returns how many.
fn drop_empty_columns(headers: &mut Vec<String>, rows: &mut [Vec<String>]) -> usize {
    let empty: Vec<usize> = (0..headers.len())
        .filter(|&c| headers[c].trim().is_empty() && rows.iter().all(|r| r[c].trim().is_empty()))
        .collect();
    for &c in empty.iter().rev() {
        headers.remove(c);
        for row in rows.iter_mut() {
            row.remove(c);
        }
    }
    empty.len()
}

/// Every column needs a name of its own: features are found by name, ignoring case.
fn check_headers(headers: &[String], line: u64) -> Result<(), DataError> {
    let keys: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
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

/// A value short enough to quote in a message.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Names quoted and comma-separated, at most 20 of them.
pub(crate) fn quoted_list(items: &[String]) -> String {
    const LISTED: usize = 20;
    let mut list = items.iter().take(LISTED).map(|h| format!("\"{}\"", excerpt(h))).collect::<Vec<_>>().join(", ");
    if items.len() > LISTED {
        list.push_str(&format!(" and {} more", items.len() - LISTED));
    }
    list
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
