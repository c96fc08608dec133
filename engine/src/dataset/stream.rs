//! A CSV file read in chunks, record by record, never held whole (issue 19: order logs of
//! hundreds of megabytes, read by the worker a few megabytes at a time).
//!
//! The layout is sniffed from the first chunk exactly as [`Table::from_csv_bytes`] sniffs the
//! whole file (`decode`, `sniff`, `detect_decimal` look at the first 64 KiB and 20,000 cells
//! only, so a first chunk at least that long decides the same); the records then come out with
//! the cells and the line numbers a [`Table`] would give. `csv-core` keeps its place across
//! chunks, so a record, a quoted field, a UTF-8 character or a CRLF may be split anywhere.
//!
//! [`Table`]: super::Table
//! [`Table::from_csv_bytes`]: super::Table::from_csv_bytes

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::{check_headers, decode, detect_decimal, text_layout, Decimal, Encoding, MAX_COLUMNS};
use crate::{error::DataError, text::excerpt};

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The longest record read (its cells' bytes): far past any real line, short of exhausting the
/// worker when a quote is never closed.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Cells sampled to decide the decimal mark, as [`detect_decimal`] reads at most.
const DECIMAL_SAMPLE_CELLS: usize = 20_000;

/// A push parser: the worker hands it each chunk of the file in turn.
#[derive(Debug)]
pub struct RecordStream {
    reader: Reader,
    encoding: Encoding,
    delimiter: u8,
    decimal: Decimal,
    book: Book,
    bytes_read: u64,
    /// The first bytes while it is not yet known whether they are a UTF-8 BOM.
    head: Vec<u8>,
    /// Between records: line breaks are skipped here, so the next record's first byte is known.
    between_records: bool,
    /// `\n` bytes consumed so far (after the BOM): a record starts on line `newlines + 1`.
    newlines: u64,
    /// The record being read: its fields' bytes end to end, and where each ends.
    output: Vec<u8>,
    output_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Fields decoded from Windows-1252 (or not UTF-8 in a UTF-8 file), end to end.
    decoded: String,
    decoded_ends: Vec<usize>,
    /// The cell list's allocation, kept between records (see [`recycle`]).
    spare_cells: Vec<&'static str>,
}

impl RecordStream {
    /// Sniffs the layout (encoding and BOM, delimiter, title lines above the header, decimal
    /// comma) from the file's first bytes, as `Table::from_csv_bytes` would from the whole file,
    /// and reads the header from them. Nothing is consumed: feed these bytes again.
    pub fn start(first: &[u8]) -> Result<RecordStream, DataError> {
        // A UTF-8 character cut at the end of the chunk is not a sign of Windows-1252.
        let whole = match std::str::from_utf8(first) {
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => first.len(),
        };
        let (text, encoding) = decode::decode(&first[..whole])?;
        if matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
            return Err(DataError::Malformed {
                reason: "it is UTF-16 text (Excel's \"Unicode Text\"), and a file this size is read as it \
                         streams in, which only UTF-8 or Windows-1252 allow: save it as \"CSV UTF-8\" and \
                         choose that file"
                    .into(),
            });
        }
        let (delimiter, titles) = text_layout(&text)?;
        // Read the first chunk once to find the header and sample the cells for the decimal mark.
        let mut probe = RecordStream::with_layout(encoding, delimiter, titles as u64, Decimal::Point, None);
        let mut sample: Vec<String> = Vec::new();
        let mut header_width = 0;
        let mut keep = |_: u64, cells: &[&str], width: usize| {
            header_width = width;
            for cell in cells.iter().take(width) {
                if sample.len() < DECIMAL_SAMPLE_CELLS {
                    sample.push((*cell).to_owned());
                }
            }
        };
        probe.read(first, &mut keep)?;
        probe.end(&mut keep)?;
        let headers = probe.book.headers.take().ok_or(DataError::EmptyFile)?;
        let decimal = detect_decimal(delimiter, sample.iter().map(String::as_str));
        Ok(RecordStream::with_layout(encoding, delimiter, titles as u64, decimal, Some(headers)))
    }

    fn with_layout(
        encoding: Encoding,
        delimiter: u8,
        titles: u64,
        decimal: Decimal,
        headers: Option<Vec<String>>,
    ) -> RecordStream {
        RecordStream {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            encoding,
            delimiter,
            decimal,
            book: Book { titles, headers, seen: 0, records: 0, line: 1 },
            bytes_read: 0,
            head: Vec::with_capacity(BOM.len()),
            between_records: true,
            newlines: 0,
            output: vec![0; 4096],
            output_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            decoded: String::new(),
            decoded_ends: Vec::new(),
            spare_cells: Vec::new(),
        }
    }

    /// The header's names, as `Table::headers` gives them.
    pub fn headers(&self) -> &[String] {
        self.book.headers.as_deref().unwrap_or(&[])
    }

    pub fn decimal(&self) -> Decimal {
        self.decimal
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Data records handed out so far.
    pub fn records(&self) -> u64 {
        self.book.records
    }

    /// Feeds the next chunk (the first one again too: `start` only looked) and calls
    /// `each(line, cells)` for every data record it completes: `line` is the line the record
    /// starts on, counting the file's first line as 1 (as `Table::line`), `cells` its cells as
    /// read (as many as the record has; rows of nothing but blanks are skipped, as a table skips them).
    pub fn feed(&mut self, chunk: &[u8], each: &mut dyn FnMut(u64, &[&str])) -> Result<(), DataError> {
        self.read(chunk, &mut |line, cells, _| each(line, cells))
    }

    /// The end of the file: the last record, if no line break ends it. An error if the file had
    /// no data rows, as `Table::from_csv_bytes` says.
    pub fn finish(&mut self, each: &mut dyn FnMut(u64, &[&str])) -> Result<(), DataError> {
        self.end(&mut |line, cells, _| each(line, cells))?;
        if self.book.records == 0 {
            return Err(DataError::NoDataRows);
        }
        Ok(())
    }

    fn read(&mut self, chunk: &[u8], each: &mut dyn FnMut(u64, &[&str], usize)) -> Result<(), DataError> {
        self.bytes_read += chunk.len() as u64;
        let mut input = chunk;
        // The BOM, possibly split between chunks, is not part of the first record.
        if self.head.len() < BOM.len() {
            let take = (BOM.len() - self.head.len()).min(input.len());
            self.head.extend_from_slice(&input[..take]);
            input = &input[take..];
            if self.head.len() < BOM.len() && BOM.starts_with(&self.head) {
                return Ok(());
            }
            // Three bytes in `head` mark it settled: it is never looked at again.
            let head = std::mem::replace(&mut self.head, BOM.to_vec());
            if head != BOM {
                self.parse(&head, each)?;
            }
        }
        self.parse(input, each)
    }

    fn end(&mut self, each: &mut dyn FnMut(u64, &[&str], usize)) -> Result<(), DataError> {
        if self.head.len() < BOM.len() {
            // A file shorter than a BOM.
            let head = std::mem::replace(&mut self.head, BOM.to_vec());
            self.parse(&head, each)?;
        }
        loop {
            let (result, _, nout, nend) =
                self.reader.read_record(&[], &mut self.output[self.output_len..], &mut self.ends[self.ends_len..]);
            self.output_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::Record => self.emit(each)?,
                ReadRecordResult::OutputFull => self.grow_output()?,
                ReadRecordResult::OutputEndsFull => grow(&mut self.ends),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return Ok(()),
            }
        }
    }

    fn parse(&mut self, mut input: &[u8], each: &mut dyn FnMut(u64, &[&str], usize)) -> Result<(), DataError> {
        while !input.is_empty() {
            if self.between_records {
                // csv-core skips line breaks between records too; skipping them here tells where
                // the next record starts.
                let start = input.iter().position(|&b| b != b'\n' && b != b'\r').unwrap_or(input.len());
                self.newlines += count_newlines(&input[..start]);
                input = &input[start..];
                if input.is_empty() {
                    return Ok(());
                }
                self.book.line = self.newlines + 1;
                // Most lines of an export have no quotes: split here, without csv-core's state
                // machine, each complete one that has none.
                if let Some(taken) = self.plain_line(input, each)? {
                    input = &input[taken..];
                    continue;
                }
                self.between_records = false;
            }
            let (result, nin, nout, nend) =
                self.reader.read_record(input, &mut self.output[self.output_len..], &mut self.ends[self.ends_len..]);
            self.newlines += count_newlines(&input[..nin]);
            input = &input[nin..];
            self.output_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::Record => {
                    self.emit(each)?;
                    self.between_records = true;
                }
                ReadRecordResult::OutputFull => self.grow_output()?,
                ReadRecordResult::OutputEndsFull => grow(&mut self.ends),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => {}
            }
        }
        Ok(())
    }

    /// Room for a longer record, or an error past [`MAX_RECORD_BYTES`]: a quote opened and never
    /// closed would make the rest of the file one cell, until the worker's memory runs out.
    fn grow_output(&mut self) -> Result<(), DataError> {
        if self.output.len() < MAX_RECORD_BYTES {
            grow(&mut self.output);
            return Ok(());
        }
        let field = self.ends[..self.ends_len].last().copied().unwrap_or(0);
        let column = self.book.headers.as_ref().and_then(|h| h.get(self.ends_len)).cloned();
        let value = excerpt(&String::from_utf8_lossy(&self.output[field..self.output_len.min(field + 200)]));
        let column = column.map_or_else(|| format!("column {}", self.ends_len + 1), |c| format!("column \"{c}\""));
        Err(DataError::Malformed {
            reason: format!(
                "line {}, {column}: the cell starting \"{value}\" runs on for more than {} MB — a quote (\") \
                 opened there is never closed, so the rest of the file would read as one cell. Close the quote \
                 or export the file again",
                self.book.line,
                MAX_RECORD_BYTES >> 20
            ),
        })
    }

    /// The record csv-core completed, its cells decoded.
    ///
    /// Not inlined, on purpose: V8 optimises a wasm function for its next call, so a function
    /// called once per record is optimised a few thousand records into a big file.
    #[inline(never)]
    fn emit(&mut self, each: &mut dyn FnMut(u64, &[&str], usize)) -> Result<(), DataError> {
        let fields = &self.output[..std::mem::take(&mut self.output_len)];
        let ends = &self.ends[..std::mem::take(&mut self.ends_len)];
        let mut cells: Vec<&str> = recycle(std::mem::take(&mut self.spare_cells));
        let utf8 = match self.encoding {
            Encoding::Utf8 => std::str::from_utf8(fields).ok(),
            _ => None,
        };
        let whole = utf8.and_then(|text| {
            let mut start = 0;
            for &end in ends {
                cells.push(text.get(start..end)?);
                start = end;
            }
            Some(())
        });
        if whole.is_none() {
            cells.clear();
            decode_fields(fields, ends, self.encoding, &mut self.decoded, &mut self.decoded_ends);
            let mut start = 0;
            for &end in &self.decoded_ends {
                cells.push(&self.decoded[start..end]);
                start = end;
            }
        }
        let result = self.book.record(&cells, each);
        self.spare_cells = recycle(cells);
        result
    }

    /// The record on the line `input` starts with, split at the delimiter, when the whole line
    /// is there and has no quote and no carriage return but the one before its line feed: the
    /// cells csv-core would give. `None` (nothing consumed) for any other line, which csv-core
    /// reads; the bytes taken otherwise.
    #[inline(never)]
    fn plain_line(
        &mut self,
        input: &[u8],
        each: &mut dyn FnMut(u64, &[&str], usize),
    ) -> Result<Option<usize>, DataError> {
        let Some(end) = memchr::memchr(b'\n', input) else { return Ok(None) };
        let line = input[..end].strip_suffix(b"\r").unwrap_or(&input[..end]);
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return Ok(None);
        }
        // Bytes that are not UTF-8 are decoded field by field: csv-core's path does that.
        let text = match std::str::from_utf8(line) {
            Ok(text) if self.encoding == Encoding::Utf8 || text.is_ascii() => text,
            _ => return Ok(None),
        };
        let mut cells: Vec<&str> = recycle(std::mem::take(&mut self.spare_cells));
        let mut start = 0;
        for at in memchr::memchr_iter(self.delimiter, line) {
            cells.push(&text[start..at]);
            start = at + 1;
        }
        cells.push(&text[start..]);
        self.newlines += 1;
        let result = self.book.record(&cells, each);
        self.spare_cells = recycle(cells);
        result.map(|()| Some(end + 1))
    }
}

/// Where the records are: titles, the header, data.
#[derive(Debug)]
struct Book {
    /// Records before the header (title lines).
    titles: u64,
    /// The header's names (trailing unnamed columns left out); `None` until read.
    headers: Option<Vec<String>>,
    /// Records read so far, titles and header included.
    seen: u64,
    /// Data records handed out.
    records: u64,
    /// The line the record being read starts on.
    line: u64,
}

impl Book {
    /// One complete record: a title is skipped, the header kept, a data record handed out.
    fn record(&mut self, cells: &[&str], each: &mut dyn FnMut(u64, &[&str], usize)) -> Result<(), DataError> {
        self.seen += 1;
        if self.seen <= self.titles {
            return Ok(());
        }
        if self.seen == self.titles + 1 {
            if self.headers.is_none() {
                self.headers = Some(header(cells, self.line)?);
            }
        } else if !cells.iter().all(|c| c.trim().is_empty()) {
            self.records += 1;
            let width = self.headers.as_ref().map_or(0, Vec::len);
            each(self.line, cells, width);
        }
        Ok(())
    }
}

/// The header's names, checked as a table checks them; trailing unnamed columns (trailing
/// delimiters) are left out.
fn header(cells: &[&str], line: u64) -> Result<Vec<String>, DataError> {
    if cells.len() > MAX_COLUMNS {
        return Err(DataError::TooManyColumns { found: cells.len(), max: MAX_COLUMNS });
    }
    let named = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1);
    let headers: Vec<String> = cells[..named].iter().map(|&c| c.to_owned()).collect();
    check_headers(&headers, line)?;
    Ok(headers)
}

/// Fields that are not UTF-8 (all of them in a Windows-1252 file), decoded as `decode` decodes
/// a whole file: Windows-1252, which every byte decodes in.
fn decode_fields(fields: &[u8], ends: &[usize], encoding: Encoding, out: &mut String, out_ends: &mut Vec<usize>) {
    out.clear();
    out_ends.clear();
    let mut start = 0;
    for &end in ends {
        let field = &fields[start..end];
        match std::str::from_utf8(field) {
            Ok(text) if encoding == Encoding::Utf8 || text.is_ascii() => out.push_str(text),
            _ => out.extend(field.iter().map(|&b| decode::windows_1252(b))),
        }
        out_ends.push(out.len());
        start = end;
    }
}

/// An empty list of cells that borrows nothing, in the same allocation: the list lives across
/// records whose text it cannot outlive. (`into_iter().map().collect()` between types of one
/// layout reuses the allocation.)
fn recycle<'b>(mut cells: Vec<&str>) -> Vec<&'b str> {
    cells.clear();
    cells.into_iter().map(|_| "").collect()
}

fn grow<T: Default + Clone>(buffer: &mut Vec<T>) {
    let len = buffer.len().max(1);
    buffer.resize(len * 2, T::default());
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Table;

    /// Every record and its line, read in chunks of `size` bytes.
    fn stream(bytes: &[u8], size: usize) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let mut s = RecordStream::start(bytes).unwrap();
        let mut out = Vec::new();
        let mut each = |line: u64, cells: &[&str]| out.push((line, cells.iter().map(|c| c.to_string()).collect()));
        for chunk in bytes.chunks(size.max(1)) {
            s.feed(chunk, &mut each).unwrap();
        }
        s.finish(&mut each).unwrap();
        assert_eq!(s.bytes_read(), bytes.len() as u64);
        (s.headers().to_vec(), out)
    }

    fn table(bytes: &[u8]) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let t = Table::from_csv_bytes(bytes).unwrap();
        let rows = (0..t.row_count()).map(|i| (t.line(i), t.row(i).iter().map(|c| c.to_string()).collect())).collect();
        (t.headers().to_vec(), rows)
    }

    #[test]
    fn a_bom_split_between_chunks_is_not_part_of_the_header() {
        let bytes = b"\xEF\xBB\xBFid,name\r\n1,Jos\xC3\xA9\r\n2,\"a\r\nb\"\r\n3,x";
        for size in [1, 2, 3, 4, 7, 100] {
            assert_eq!(stream(bytes, size), table(bytes), "chunks of {size}");
        }
        assert_eq!(stream(bytes, 1).1[1], (3, vec!["2".to_string(), "a\r\nb".to_string()]));
    }

    #[test]
    fn windows_1252_is_decoded_as_a_table_decodes_it() {
        let bytes = b"id;name;spend\n1;Jos\xE9;2,5\n2;\x80uro;3,5\n";
        let s = RecordStream::start(bytes).unwrap();
        assert_eq!((s.encoding(), s.delimiter(), s.decimal()), (Encoding::Windows1252, b';', Decimal::Comma));
        // Whole lines (most split without csv-core) and single bytes (all read by csv-core).
        for size in [1, 5, 100] {
            assert_eq!(stream(bytes, size), table(bytes), "chunks of {size}");
            assert_eq!(stream(bytes, size).1[0].1[1], "José");
        }
    }

    #[test]
    fn utf16_asks_for_utf8() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("a\tb\n1\t2\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let e = RecordStream::start(&le).unwrap_err();
        assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    }
}
