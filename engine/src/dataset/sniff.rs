//! Working out a file's layout from its first records: the delimiter, and
//! where the header is when title lines sit above it.

/// Delimiters we detect, in order of preference on a tie.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Records examined; enough to see past a few title lines.
pub(super) const SAMPLE_RECORDS: usize = 50;

/// Bytes examined, so one enormous line costs no more than a normal file's first records.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The start of `text`, cut on a character boundary.
pub fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The delimiter that splits the most sampled records into the same number of
/// cells (and the most cells on a tie). A single-column file gets `,`.
///
/// Cells are counted as split, empty ones included: a row whose last cells are empty still
/// splits into as many cells as the header (found by the property tests: a one-row file
/// whose row ended in empty cells and held `;` in a quoted cell was read as `;`-separated).
pub fn delimiter(text: &str) -> u8 {
    let score = |d: u8| {
        let counts: Vec<usize> = records(sample(text), d).take(SAMPLE_RECORDS).map(|r| r.len()).collect();
        let mode = mode(&counts);
        if mode < 2 {
            return 0;
        }
        counts.iter().filter(|&&c| c == mode).count() * mode
    };
    DELIMITERS.into_iter().map(|d| (d, score(d))).fold((b',', 0), |best, cur| if cur.1 > best.1 { cur } else { best }).0
}

/// How many records (blank ones included) come before the header. Title lines
/// such as "Customer export" or "Report, 2024" have fewer cells than the table
/// below them. (A header with fewer names than its rows have values would be
/// refused anyway: its extra columns would have no name.)
pub fn title_records(text: &str, delimiter: u8) -> usize {
    titles_before(&cell_counts(text, delimiter))
}

/// How many of the first records, with these counts of cells (up to the last non-empty one),
/// are titles: those before the first with the most common count.
pub(super) fn titles_before(counts: &[usize]) -> usize {
    let mode = mode(counts);
    counts.iter().take_while(|&&c| c < mode).count()
}

/// The number of cells (at least) in the header, found after `titles` records.
pub fn header_cells(text: &str, delimiter: u8, titles: usize) -> usize {
    records(sample(text), delimiter).nth(titles).map_or(0, |r| r.len())
}

/// For each of the first records, the number of cells up to the last non-empty one.
fn cell_counts(text: &str, delimiter: u8) -> Vec<usize> {
    records(sample(text), delimiter)
        .take(SAMPLE_RECORDS)
        .map(|r| r.iter().rposition(|c| !c.trim_ascii().is_empty()).map_or(0, |i| i + 1))
        .collect()
}

fn records(text: &str, delimiter: u8) -> impl Iterator<Item = csv::ByteRecord> + '_ {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_byte_records()
        .map_while(Result::ok)
}

/// The most common count; the larger one on a tie.
fn mode(counts: &[usize]) -> usize {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best = (0, 0);
    for run in sorted.chunk_by(|a, b| a == b) {
        if run.len() >= best.1 {
            best = (run[0], run.len());
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_agrees_with_most_lines() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter("a;b;c\n1;2,5;3\n4;5,5;6,5\n"), b';', "decimal commas do not fool it");
        assert_eq!(delimiter("id;name;income;spending\n1;Ann;15,5;39,0\n2;Bob;16,5;81,0\n"), b';');
        assert_eq!(delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(delimiter("\"x;y;z\",b\n1,2\n"), b',', "delimiters inside quotes do not count");
        assert_eq!(delimiter("single\n1\n2\n"), b',');
    }

    #[test]
    fn title_lines_above_the_header_are_found() {
        assert_eq!(title_records("a,b,c\n1,2,3\n", b','), 0);
        assert_eq!(title_records("Customer export\nReport, 2024\n\na,b,c,d\n1,2,3,4\n5,6,7,8\n", b','), 2);
        assert_eq!(title_records("a,b,c,d\n1,2,3,\n", b','), 0, "an empty last cell is not a title");
        assert_eq!(title_records("a,b,c\n1,2,3,\n4,5,6,\n", b','), 0, "trailing delimiters are not cells");
    }

    #[test]
    fn mode_prefers_the_larger_count_on_a_tie() {
        assert_eq!(mode(&[1, 3, 3, 1]), 3);
        assert_eq!(mode(&[]), 0);
    }
}
