//! Classifying a whole file: find the model's features in it, classify every
//! row, and write every row back out, in order, with every original cell.

mod lists;
mod xlsx;

pub use lists::{safe_file_name, segment_lists_zip, ListsError, NOT_CLASSIFIED};
pub use xlsx::{results_xlsx, XlsxResultsError, XLSX_MAX_ROWS};

use std::borrow::Cow;

use crate::{
    dataset::Table,
    error::DataError,
    matrix::squared_distance,
    model::SegmentModel,
    predict::Nearest,
    prep::{Encoding, Extraction},
};

/// Every row's result in compact columns: a million rows cost three arrays, not a million allocations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchResult {
    /// Segment index (0-based) per row; [`BatchResult::NONE`] when the row could not be classified.
    pub segment: Vec<u8>,
    /// Euclidean distance to the segment's centre in original units (NaN when not classified).
    pub distance: Vec<f64>,
    /// 1 − d₁/d₂ in model space, as [`crate::predict::predict`] (NaN when not classified).
    pub confidence: Vec<f64>,
    /// Why each unclassified row was not classified, by row index.
    pub errors: Vec<(usize, DataError)>,
}

/// One row's outcome, read from a [`BatchResult`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowResult {
    pub segment: usize,
    pub distance: f64,
    pub confidence: f64,
}

impl BatchResult {
    pub const NONE: u8 = u8::MAX;

    pub fn len(&self) -> usize {
        self.segment.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segment.is_empty()
    }

    pub fn classified(&self) -> usize {
        self.len() - self.errors.len()
    }

    /// Row `i`'s segment, distance and confidence, or why it has none.
    pub fn get(&self, i: usize) -> Result<RowResult, &DataError> {
        match self.segment[i] {
            Self::NONE => {
                let at = self.errors.binary_search_by_key(&i, |(row, _)| *row).expect("every NONE row has an error");
                Err(&self.errors[at].1)
            }
            s => Ok(RowResult { segment: usize::from(s), distance: self.distance[i], confidence: self.confidence[i] }),
        }
    }

    /// Rows classified per segment index.
    pub fn counts(&self, k: usize) -> Vec<usize> {
        let mut counts = vec![0; k];
        for &s in &self.segment {
            if s != Self::NONE {
                counts[usize::from(s)] += 1;
            }
        }
        counts
    }
}

/// Rows handled between two calls of the progress callback.
pub const PROGRESS_ROWS: usize = 50_000;

/// Classifies every row of `table`, reading the model's inputs ([`SegmentModel::inputs`]) from
/// `columns`, one each. Each row gets exactly what [`SegmentModel::classify`] gives it, without
/// its allocations.
pub fn classify_table(model: &SegmentModel, table: &Table, columns: &[usize]) -> BatchResult {
    classify_extraction(model, &read_inputs(model, table, columns), table.row_count(), |_| {})
}

/// The model's inputs read from `table`'s `columns` (numbers first, then categories, as
/// [`SegmentModel::inputs`]), prepared as the model was trained: missing numbers filled,
/// categories looked up.
pub fn read_inputs(model: &SegmentModel, table: &Table, columns: &[usize]) -> Extraction {
    let (numbers, categories) = columns.split_at(model.features().len().min(columns.len()));
    crate::prep::read_for_model(table, numbers, categories, &model.encoding)
}

/// [`classify_table`] from the model's features already read from the table's `rows` rows (so a
/// file trained on and then classified is read as numbers once), calling `progress(rows done)`
/// every [`PROGRESS_ROWS`] rows.
pub fn classify_extraction(
    model: &SegmentModel,
    extraction: &Extraction,
    rows: usize,
    mut progress: impl FnMut(usize),
) -> BatchResult {
    let (k, dim, width) = (model.k(), model.encoding.dim(), model.encoding.categories.len());
    let centres: Vec<f64> = model.segments.iter().flat_map(|s| s.model_centre.iter().copied()).collect();
    let originals: Vec<f64> = model.segments.iter().flat_map(|s| s.centre.iter().copied()).collect();
    let mut out = BatchResult {
        segment: Vec::with_capacity(rows),
        distance: Vec::with_capacity(rows),
        confidence: Vec::with_capacity(rows),
        errors: Vec::new(),
    };
    let (mut scaled, mut d) = (vec![0.0; dim], vec![0.0; k]);
    let codes = |i: usize| extraction.codes.get(i * width..(i + 1) * width).unwrap_or(&[]);
    // Read rows and skipped rows, each in row order.
    let (mut read, mut skipped) = (
        extraction.row_indices.iter().zip(extraction.matrix.iter_rows()).enumerate().peekable(),
        extraction.skipped.iter(),
    );
    for row in 0..rows {
        if row % PROGRESS_ROWS == 0 && row > 0 {
            progress(row);
        }
        let Some((i, (_, point))) = read.next_if(|&(_, (&r, _))| r == row) else {
            // An extraction of the table has an error for every row it did not read.
            let e = skipped.next().cloned().unwrap_or(DataError::NoDataRows);
            out.segment.push(BatchResult::NONE);
            out.distance.push(f64::NAN);
            out.confidence.push(f64::NAN);
            out.errors.push((row, e));
            continue;
        };
        let (best, distance, confidence) =
            classify_point(point, codes(i), &model.encoding, &centres, &originals, &mut scaled, &mut d);
        out.segment.push(best as u8);
        out.distance.push(distance);
        out.confidence.push(confidence);
    }
    progress(rows);
    out
}

/// One row: its segment, distance to the centre (original units) and confidence.
///
/// Not inlined, on purpose: V8 optimises a wasm function for its next call, so a function
/// called once per row is optimised a few thousand rows into a big file, where a loop inside
/// one call would stay in the baseline tier to the end.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn classify_point(
    point: &[f64],
    codes: &[u16],
    encoding: &Encoding,
    centres: &[f64],
    originals: &[f64],
    scaled: &mut [f64],
    d: &mut [f64],
) -> (usize, f64, f64) {
    let (dim, numbers) = (scaled.len(), point.len());
    encoding.encode_into(point, codes, scaled);
    for (j, dj) in d.iter_mut().enumerate() {
        *dj = squared_distance(scaled, &centres[j * dim..(j + 1) * dim]).sqrt();
    }
    let Nearest { index: best, confidence, .. } = Nearest::of(d);
    (best, squared_distance(&originals[best * numbers..(best + 1) * numbers], point).sqrt(), confidence)
}

/// Columns added after the original ones in a results file.
pub const RESULT_COLUMNS: [&str; 5] = ["segment_id", "segment_name", "distance_to_centroid", "confidence", "error"];

/// The column a model read from another tool's file adds last: the cluster as that file names
/// it (its `id`, else its 1-based position), so rows can be matched with the tool that trained it.
pub const SOURCE_CLUSTER: &str = "source_cluster";

/// The columns `model`'s results add after the original ones.
pub fn result_columns(model: &SegmentModel) -> Vec<&'static str> {
    let mut columns = RESULT_COLUMNS.to_vec();
    if model.imported.is_some() {
        columns.push(SOURCE_CLUSTER);
    }
    columns
}

/// Segment `index`'s cluster in the file an imported model came from.
pub fn source_cluster(model: &SegmentModel, index: usize) -> Option<&str> {
    model.imported.as_ref()?.clusters.get(index).map(|c| c.id.as_str())
}

/// The results file: every input row in input order, every original column
/// unchanged, then the result columns. A row that could not be classified keeps
/// empty result cells and says why in `error`. Written into one buffer sized up front.
pub fn results_csv(model: &SegmentModel, table: &Table, result: &BatchResult) -> Vec<u8> {
    let mut out = Vec::with_capacity(table.text_len() + table.row_count() * (table.headers().len() + 48));
    results_csv_in_parts(model, table, result, usize::MAX, |part| out.extend_from_slice(part));
    out
}

/// [`results_csv`] handed over in parts of about `part_bytes` (whole lines), so a
/// big file never needs the whole text in one buffer.
pub fn results_csv_in_parts(
    model: &SegmentModel,
    table: &Table,
    result: &BatchResult,
    part_bytes: usize,
    emit: impl FnMut(&[u8]),
) {
    rows_csv_in_parts(model, table, result, 0..table.row_count(), part_bytes, emit);
}

/// [`results_csv_in_parts`] for some rows only, in the order given (e.g. the least certain first).
pub fn rows_csv_in_parts(
    model: &SegmentModel,
    table: &Table,
    result: &BatchResult,
    rows: impl ExactSizeIterator<Item = usize>,
    part_bytes: usize,
    mut emit: impl FnMut(&[u8]),
) {
    let per_row = table.text_len() / table.row_count().max(1) + table.headers().len() + 48;
    let mut out = Vec::with_capacity(part_bytes.min(rows.len() * per_row) + 4096);
    let header =
        table.headers().iter().map(|h| neutralise(h)).chain(result_columns(model).into_iter().map(Cow::Borrowed));
    write_record(&mut out, header);
    // Each segment's id and name cells, and its source cluster's (an imported model's), written once.
    let labels: Vec<Vec<u8>> = model
        .segments
        .iter()
        .map(|s| {
            let mut cells = vec![b','];
            write_record_tail(&mut cells, [Cow::Owned(s.id.to_string()), neutralise(&s.label.name)]);
            cells
        })
        .collect();
    let sources: Vec<Vec<u8>> = (0..model.k())
        .map(|i| {
            source_cluster(model, i).map_or_else(Vec::new, |id| {
                let mut cell = vec![b','];
                write_field(&mut cell, &neutralise(id));
                cell
            })
        })
        .collect();
    let tails = Tails { labels: &labels, sources: &sources, imported: model.imported.is_some() };
    for row in rows {
        write_row(&mut out, table, row, result.get(row), &tails);
        if out.len() >= part_bytes {
            emit(&out);
            out.clear();
        }
    }
    if !out.is_empty() {
        emit(&out);
    }
}

/// The classified rows whose confidence is below `below`, least certain first (ties in row order).
pub fn least_certain(result: &BatchResult, below: f64) -> Vec<usize> {
    let mut rows: Vec<usize> =
        (0..result.len()).filter(|&i| result.segment[i] != BatchResult::NONE && result.confidence[i] < below).collect();
    rows.sort_by(|&a, &b| result.confidence[a].total_cmp(&result.confidence[b]).then(a.cmp(&b)));
    rows
}

/// The result cells written once per segment: id and name, and an imported model's source cluster.
struct Tails<'a> {
    labels: &'a [Vec<u8>],
    sources: &'a [Vec<u8>],
    imported: bool,
}

/// One line of the results file: the row's cells, then its result or why it has none.
/// Not inlined, for the reason given at [`classify_point`].
#[inline(never)]
fn write_row(out: &mut Vec<u8>, table: &Table, row: usize, result: Result<RowResult, &DataError>, tails: &Tails) {
    let (text, ends) = table.row_text(row);
    // Usually nothing in a row needs quoting and no cell could start a formula: then its cells
    // are copied as they are, without looking at each one.
    let plain = !text.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r' | b'=' | b'+' | b'-' | b'@' | b'\t'));
    if plain {
        let mut start = 0;
        for (i, end) in ends.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&text.as_bytes()[start..end]);
            start = end;
        }
    } else {
        write_record_tail(out, (0..table.headers().len()).map(|col| neutralise(table.cell(row, col))));
    }
    match result {
        Ok(r) => {
            out.extend_from_slice(&tails.labels[r.segment]);
            out.push(b',');
            write_fixed4(out, r.distance);
            out.push(b',');
            write_fixed4(out, r.confidence);
            out.push(b',');
            out.extend_from_slice(&tails.sources[r.segment]);
        }
        Err(e) => {
            out.extend_from_slice(b",,,,,");
            write_field(out, &e.to_string());
            if tails.imported {
                out.push(b',');
            }
        }
    }
    out.push(b'\n');
}

/// Cells separated by `,`, ending the line.
fn write_record<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = Cow<'a, str>>) {
    write_record_tail(out, cells);
    out.push(b'\n');
}

/// Cells separated by `,`, each after the first preceded by one; the line is left open.
fn write_record_tail<'a>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = Cow<'a, str>>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_field(out, &cell);
    }
}

/// A field, quoted (with `"` doubled) only when it holds a delimiter, quote or line break.
fn write_field(out: &mut Vec<u8>, cell: &str) {
    if !cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.extend_from_slice(cell.as_bytes());
        return;
    }
    out.push(b'"');
    for b in cell.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// `format!("{v:.4}")` without its cost for the common case; the standard
/// formatter decides anything near a rounding boundary, large or negative.
fn write_fixed4(out: &mut Vec<u8>, v: f64) {
    let scaled = v * 1e4;
    let rounded = scaled.round();
    if !(0.0..1e9).contains(&v) || ((scaled - rounded).abs() - 0.5).abs() < 1e-3 {
        out.extend_from_slice(format!("{v:.4}").as_bytes());
        return;
    }
    let r = rounded as u64;
    write_whole(out, r / 10_000);
    let frac = r % 10_000;
    out.extend_from_slice(&[
        b'.',
        b'0' + (frac / 1000) as u8,
        b'0' + (frac / 100 % 10) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
}

/// The decimal digits of `v`, without allocating (this runs twice per row of a results file).
fn write_whole(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// OWASP's CSV-injection rule: a text cell a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`.
/// Numbers such as `-5` or `+3.2` stay numbers.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_into_the_whole_file() {
        let t = Table::from_csv_bytes(b"income,spending,note\n15,39,a\n16,81,\"b,c\"\nx,5,d\n").unwrap();
        let model = crate::segment_table(&t, &crate::TrainRequest::new(vec![0, 1], 1)).unwrap().model;
        let result = classify_table(&model, &t, &[0, 1]);
        let mut joined = Vec::new();
        let mut parts = 0;
        results_csv_in_parts(&model, &t, &result, 10, |p| {
            joined.extend_from_slice(p);
            parts += 1;
        });
        assert_eq!(joined, results_csv(&model, &t, &result));
        assert_eq!(parts, 3, "a part goes once 10 bytes wait: the header with the first line, then each line");
    }

    #[test]
    fn the_least_certain_rows_come_first_and_only_they_are_written() {
        let t = Table::from_csv_bytes(b"income,spending\n0,0\n1,0\n9,0\n10,0\n6,0\nx,1\n").unwrap();
        let model = crate::segment_table(&t, &crate::TrainRequest::new(vec![0, 1], 2)).unwrap().model;
        let result = classify_table(&model, &t, &[0, 1]);
        let rows = least_certain(&result, 1.01);
        assert_eq!(rows.len(), 5, "every classified row, not the unreadable one");
        assert_eq!(rows[0], 4, "6 sits nearest the boundary between 0.5 and 8.33");
        assert_eq!(least_certain(&result, 0.0), Vec::<usize>::new());
        assert!(rows.windows(2).all(|w| result.confidence[w[0]] <= result.confidence[w[1]]));
        let mut csv = Vec::new();
        rows_csv_in_parts(&model, &t, &result, rows.iter().copied(), usize::MAX, |p| csv.extend_from_slice(p));
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text.lines().count(), rows.len() + 1);
        assert!(text.lines().nth(1).unwrap().starts_with("6,0,"), "{text}");
    }

    #[test]
    fn fixed4_matches_the_standard_formatter() {
        let mut x = 0.000_012_345f64;
        for _ in 0..4000 {
            for v in [x, x * 0.999_9, 0.5, 0.999_95, 1.0, 0.0, 12.344_45, 7.14] {
                let mut out = Vec::new();
                write_fixed4(&mut out, v);
                assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.4}"), "{v}");
            }
            x *= 1.013;
        }
        let mut out = Vec::new();
        write_fixed4(&mut out, -0.000_01);
        assert_eq!(out, b"-0.0000");
    }

    #[test]
    fn fields_are_quoted_as_the_csv_crate_does() {
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", " spaced "];
        let mut ours = Vec::new();
        write_record(&mut ours, cells.iter().map(|c| Cow::Borrowed(*c)));
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record(cells).unwrap();
        assert_eq!(ours, theirs.into_inner().unwrap());
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for risky in ["=SUM(A1)", "+cmd", "-x", "@A1", "\tx", "\rx", "=1+1"] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for safe in ["-5", "+3.2", "hello", "", "5-3", "1e5", "-0.5"] {
            assert_eq!(neutralise(safe), safe);
        }
    }
}
