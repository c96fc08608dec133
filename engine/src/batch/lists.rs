//! Lists for the CRM: one CSV per segment, in one zip, with the columns the user chose: what a
//! marketer imports as an audience. Rows keep the file's order; a row without a segment is in
//! none of them but in `Not classified.csv`, with its reason, so no customer goes missing.

use std::{borrow::Cow, io::Write};

use thiserror::Error;
use zip::{write::SimpleFileOptions, CompressionMethod, ZipWriter};

use super::{neutralise, write_record, BatchResult};
use crate::{dataset::Table, model::SegmentModel};

/// The list of rows no segment took.
pub const NOT_CLASSIFIED: &str = "Not classified";

#[derive(Debug, Clone, PartialEq, Error)]
pub enum ListsError {
    #[error("Choose at least one column for the lists.")]
    NoColumns,
    #[error("The lists could not be written: {0}")]
    Writer(String),
}

/// The zip: `<segment name>.csv` per segment, in id order (a segment nobody fell in has its
/// header alone), then `Not classified.csv` when some rows have no segment. `columns` are table
/// columns, in the order given.
pub fn segment_lists_zip(
    model: &SegmentModel,
    table: &Table,
    result: &BatchResult,
    columns: &[usize],
) -> Result<Vec<u8>, ListsError> {
    let columns: Vec<usize> = columns.iter().copied().filter(|&c| c < table.headers().len()).collect();
    if columns.is_empty() {
        return Err(ListsError::NoColumns);
    }
    let header = || columns.iter().map(|&c| neutralise(&table.headers()[c]));
    let mut lists: Vec<Vec<u8>> = vec![Vec::new(); model.k()];
    for list in &mut lists {
        write_record(list, header());
    }
    let mut unclassified = Vec::new();
    write_record(&mut unclassified, header().chain([Cow::Borrowed("error")]));
    for row in 0..table.row_count() {
        let cells = columns.iter().map(|&c| neutralise(table.cell(row, c)));
        match result.get(row) {
            Ok(r) => write_record(&mut lists[r.segment], cells),
            Err(e) => write_record(&mut unclassified, cells.chain([Cow::Owned(e.to_string())])),
        }
    }
    // The unclassified rows' name, when they have a list, is taken first: a segment someone
    // named "Not classified" becomes "Not classified (2)", not the other way round.
    let mut names = FileNames::default();
    let not_classified = (result.classified() < result.len()).then(|| names.take(NOT_CLASSIFIED));
    let mut files: Vec<(String, Vec<u8>)> =
        model.segments.iter().zip(lists).map(|(s, list)| (names.take(&s.label.name), list)).collect();
    if let Some(name) = not_classified {
        files.push((name, unclassified));
    }
    zip_files(&files).map_err(|e| ListsError::Writer(e.to_string()))
}

fn zip_files(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time: the same results give the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(format!("{name}.csv"), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// File names safe on every file system, each used once (compared without case, as Windows and
/// macOS compare them).
#[derive(Default)]
struct FileNames {
    used: Vec<String>,
}

impl FileNames {
    fn take(&mut self, name: &str) -> String {
        let base = safe_file_name(name);
        let mut candidate = base.clone();
        for n in 2.. {
            if !self.used.iter().any(|u| u.to_lowercase() == candidate.to_lowercase()) {
                break;
            }
            candidate = format!("{base} ({n})");
        }
        self.used.push(candidate.clone());
        candidate
    }
}

/// The longest name kept, in characters: far below every file system's limit with ".csv" and a
/// folder around it.
const MAX_NAME_CHARS: usize = 80;

/// `name` as a file name on Windows, macOS and Linux: no `<>:"/\|?*` or control characters (each
/// becomes `-`), no leading or trailing dots or spaces, not a name Windows keeps for devices
/// (`CON`, `NUL`, `COM1`, …), not empty, at most [`MAX_NAME_CHARS`] characters.
pub fn safe_file_name(name: &str) -> String {
    let replaced: String =
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                    '-'
                } else {
                    c
                }
            })
            .take(MAX_NAME_CHARS)
            .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return "Segment".to_owned();
    }
    if is_device(trimmed) {
        format!("{trimmed} segment")
    } else {
        trimmed.to_owned()
    }
}

/// Whether Windows keeps `name` (before any extension, without case) for a device: `CON`,
/// `PRN`, `AUX`, `NUL`, `CONIN$`, `CONOUT$`, and `COM` or `LPT` with a digit, superscripts too.
fn is_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end().to_ascii_uppercase();
    let numbered = ["COM", "LPT"].iter().any(|prefix| {
        let mut rest = stem.strip_prefix(prefix).unwrap_or_default().chars();
        matches!((rest.next(), rest.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
    });
    numbered || matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_everywhere_and_each_used_once() {
        assert_eq!(safe_file_name("Champions"), "Champions");
        assert_eq!(safe_file_name("Can't Lose Them"), "Can't Lose Them");
        assert_eq!(safe_file_name("High/low: \"VIP\"?"), "High-low- -VIP--");
        assert_eq!(safe_file_name(" ..Lost.. "), "Lost");
        assert_eq!(safe_file_name("con"), "con segment");
        assert_eq!(safe_file_name("COM1.txt"), "COM1.txt segment");
        assert_eq!(safe_file_name("lpt²"), "lpt² segment");
        assert_eq!(safe_file_name("conout$"), "conout$ segment");
        assert_eq!(safe_file_name("COM10"), "COM10");
        assert_eq!(safe_file_name("Company"), "Company");
        assert_eq!(safe_file_name("..."), "Segment");
        assert_eq!(safe_file_name(&"é".repeat(200)).chars().count(), MAX_NAME_CHARS);
        let mut names = FileNames::default();
        assert_eq!(names.take("A/B"), "A-B");
        assert_eq!(names.take("a-b"), "a-b (2)");
        assert_eq!(names.take("A:B"), "A-B (3)");
    }

    /// The zip's files, by name, as text.
    fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut file, &mut text).unwrap();
                (file.name().to_owned(), text)
            })
            .collect()
    }

    #[test]
    fn every_row_is_in_its_segment_s_list_or_the_unclassified_one_with_the_chosen_columns() {
        let csv = "id,name,spend,visits\n1,Ann,10,1\n2,=cmd,11,2\n3,Cy,90,9\n4,Di,,3\n5,Ed,91,8\n";
        let table = Table::from_csv_bytes(csv.as_bytes()).unwrap();
        let request = crate::TrainRequest::new(vec![2, 3], 2);
        let model = crate::segment_table(&table, &request).unwrap().model;
        let result = super::super::classify_table(&model, &table, &[2, 3]);
        let bytes = segment_lists_zip(&model, &table, &result, &[1, 0]).unwrap();
        let files = unzip(&bytes);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let expected: Vec<String> = model
            .segments
            .iter()
            .map(|s| format!("{}.csv", safe_file_name(&s.label.name)))
            .chain(["Not classified.csv".to_owned()])
            .collect();
        assert_eq!(names, expected);
        let low = model.segments.iter().position(|s| s.centre[0] < 50.0).unwrap();
        // A cell that could start a formula is neutralised, as in the results file.
        assert_eq!(files[low].1, "name,id\nAnn,1\n'=cmd,2\n");
        assert_eq!(files[1 - low].1, "name,id\nCy,3\nEd,5\n");
        assert!(
            files[2].1.starts_with("name,id,error\nDi,4,\"Line 5, column \"\"spend\"\" is empty."),
            "{}",
            files[2].1
        );
        // A segment named as the unclassified list leaves that name to it.
        let mut renamed = model.clone();
        renamed.segments[0].label.name = NOT_CLASSIFIED.to_owned();
        let files = unzip(&segment_lists_zip(&renamed, &table, &result, &[1, 0]).unwrap());
        assert_eq!(files[0].0, "Not classified (2).csv");
        assert!(files[2].0 == "Not classified.csv" && files[2].1.starts_with("name,id,error\n"));
        // The same results, the same bytes.
        assert_eq!(segment_lists_zip(&model, &table, &result, &[1, 0]).unwrap(), bytes);
        assert_eq!(segment_lists_zip(&model, &table, &result, &[]), Err(ListsError::NoColumns));
    }
}
