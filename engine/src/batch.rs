//! Classifying a whole file: find the model's features in it, classify every
//! row, and write every row back out, in order, with every original cell.

use crate::{
    dataset::Table,
    error::DataError,
    features::Role,
    model::{Classification, SegmentModel},
};

/// Where each model feature is in a file, or the features that could not be found.
pub fn resolve_columns(model: &SegmentModel, table: &Table) -> Result<Vec<usize>, Vec<String>> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for feature in &model.features {
        match find_feature(feature, table) {
            Some(c) => found.push(c),
            None => missing.push(feature.clone()),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

/// The same header (ignoring case and surrounding spaces), else a column with the same known meaning.
fn find_feature(feature: &str, table: &Table) -> Option<usize> {
    let headers = table.headers();
    let key = feature.trim().to_lowercase();
    headers.iter().position(|h| h.trim().to_lowercase() == key).or_else(|| {
        let role = Role::of_header(feature)?;
        headers.iter().position(|h| Role::of_header(h) == Some(role))
    })
}

/// One row's outcome.
pub type RowOutcome = Result<Classification, DataError>;

/// Classifies every row of `table`, reading the model's features from `columns`.
pub fn classify_table(model: &SegmentModel, table: &Table, columns: &[usize]) -> Vec<RowOutcome> {
    let mut point = vec![0.0; columns.len()];
    (0..table.row_count())
        .map(|row| {
            for (slot, &col) in point.iter_mut().zip(columns) {
                *slot = table.number(row, col)?;
            }
            Ok(model.classify(&point))
        })
        .collect()
}

/// Rows classified per segment id.
pub fn segment_counts(model: &SegmentModel, outcomes: &[RowOutcome]) -> Vec<usize> {
    let mut counts = vec![0; model.k()];
    for c in outcomes.iter().flatten() {
        counts[c.segment] += 1;
    }
    counts
}

/// Columns added after the original ones in a results file.
pub const RESULT_COLUMNS: [&str; 5] = ["segment_id", "segment_name", "distance_to_centroid", "confidence", "error"];

/// The results file: every input row in input order, every original column
/// unchanged, then the result columns. A row that could not be classified keeps
/// empty result cells and says why in `error`.
pub fn results_csv(model: &SegmentModel, table: &Table, outcomes: &[RowOutcome]) -> String {
    let mut out = Vec::with_capacity(table.row_count() * (table.headers().len() * 8 + 48));
    {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        let header = table.headers().iter().map(|h| neutralise(h)).chain(RESULT_COLUMNS.map(Into::into));
        // Writing to a Vec cannot fail.
        let _ = w.write_record(header.map(|s| s.into_owned()));
        for (row, outcome) in table.rows().iter().zip(outcomes) {
            let mut record: Vec<String> = row.iter().map(|c| neutralise(c).into_owned()).collect();
            match outcome {
                Ok(c) => record.extend([
                    model.segments[c.segment].id.to_string(),
                    neutralise(&model.segments[c.segment].label.name).into_owned(),
                    format!("{:.4}", c.distance),
                    format!("{:.4}", c.confidence),
                    String::new(),
                ]),
                Err(e) => record.extend([String::new(), String::new(), String::new(), String::new(), e.to_string()]),
            }
            let _ = w.write_record(&record);
        }
        let _ = w.flush();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// OWASP's CSV-injection rule: a text cell a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`.
/// Numbers such as `-5` or `+3.2` stay numbers.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
