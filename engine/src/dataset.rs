//! Reading a CSV file from bytes into a table that keeps every original cell.
//!
//! The table is the source of truth for output: results files repeat every
//! row and column exactly as read. Numbers are parsed only when a column is
//! used as a feature, and every failure names the line, the column and the text.

use crate::{error::DataError, matrix::Matrix};

/// Delimiters we detect, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The line each row starts on, counting the header as line 1, as an editor or spreadsheet shows it.
    lines: Vec<u64>,
    delimiter: u8,
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
    /// Parses UTF-8 CSV (with or without BOM, CRLF or LF, quoted fields),
    /// detecting `,`, `;` or tab as the delimiter from the header line.
    pub fn from_csv_bytes(bytes: &[u8]) -> Result<Table, DataError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(DataError::EmptyFile);
        }
        let delimiter = sniff_delimiter(bytes);
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).from_reader(bytes);
        let headers: Vec<String> =
            reader.headers().map_err(|e| convert_csv_error(e, bytes))?.iter().map(str::to_owned).collect();
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        let mut record = csv::StringRecord::new();
        // Lines are counted from byte offsets: the csv crate's own line count is one short on CRLF files.
        let (mut counted_to, mut line) = (0usize, 1u64);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let start = record_start(bytes, record.position().map_or(counted_to, |p| p.byte() as usize));
                    line += count_newlines(&bytes[counted_to..start]);
                    counted_to = start;
                    lines.push(line);
                    rows.push(record.iter().map(str::to_owned).collect());
                }
                Err(e) => return Err(convert_csv_error(e, bytes)),
            }
        }
        if rows.is_empty() {
            return Err(DataError::NoDataRows);
        }
        Ok(Table { headers, rows, lines, delimiter })
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
        self.delimiter
    }

    /// The line row `i` starts on in the file (header = line 1).
    pub fn line(&self, i: usize) -> u64 {
        self.lines[i]
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
        let text = self.rows[row][col].as_str();
        let column = || self.headers[col].clone();
        let line = self.lines[row];
        match parse_number(text) {
            Ok(v) => Ok(v),
            Err(NumberProblem::Empty) => Err(DataError::EmptyCell { line, column: column() }),
            Err(NumberProblem::NotANumber) => {
                Err(DataError::NotANumber { line, column: column(), value: text.to_owned() })
            }
            Err(NumberProblem::NotFinite) => {
                Err(DataError::NotFinite { line, column: column(), value: text.to_owned() })
            }
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

    /// True when every non-empty cell of the column is a finite number and at least one is.
    pub fn is_numeric_column(&self, col: usize) -> bool {
        let mut any = false;
        for row in &self.rows {
            match parse_number(&row[col]) {
                Ok(_) => any = true,
                Err(NumberProblem::Empty) => {}
                Err(_) => return false,
            }
        }
        any
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    NotANumber,
    NotFinite,
}

/// A cell as a finite number. Surrounding spaces are allowed; `NaN` and `inf` are not numbers a customer can have.
pub fn parse_number(text: &str) -> Result<f64, NumberProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberProblem::Empty);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(NumberProblem::NotFinite),
        Err(_) => Err(NumberProblem::NotANumber),
    }
}

pub(crate) fn quoted_list(items: &[String]) -> String {
    items.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
}

/// Picks the delimiter that occurs most often outside quotes on the first line.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..DELIMITERS.len()).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    DELIMITERS[best]
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

fn convert_csv_error(e: csv::Error, bytes: &[u8]) -> DataError {
    let line = |pos: Option<&csv::Position>| {
        let offset = record_start(bytes, pos.map_or(0, |p| p.byte() as usize));
        1 + count_newlines(&bytes[..offset])
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => {
            DataError::RaggedRow { line: line(pos.as_ref()), expected: *expected_len as usize, found: *len as usize }
        }
        csv::ErrorKind::Utf8 { pos, .. } => DataError::NotUtf8 { line: line(pos.as_ref()) },
        _ => DataError::Malformed { reason: e.to_string() },
    }
}
