//! What the user is working on: a table and the segmentation trained on it.

use engine::{
    income_spending_columns, segment_table, KMeansParams, SegmentError, Segmentation, Table,
};

/// The demo file, embedded at build time so the Overview needs no upload and no request.
pub const DEMO_CSV: &[u8] = include_bytes!("../data/mall_customers_demo.csv");
pub const DEMO_NAME: &str = "Mall customers (demo)";
/// Segments shown for the demo: the five classic mall archetypes.
pub const DEMO_K: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// File name or demo label, shown in the header.
    pub source_name: String,
    pub table: Table,
    pub segmentation: Segmentation,
}

impl Workspace {
    pub fn demo() -> Result<Workspace, SegmentError> {
        Workspace::from_csv(DEMO_NAME, DEMO_CSV, DEMO_K)
    }

    /// Reads a CSV, finds income and spending, and trains `k` segments with the default settings.
    pub fn from_csv(source_name: &str, bytes: &[u8], k: usize) -> Result<Workspace, SegmentError> {
        let table = Table::from_csv_bytes(bytes)?;
        let columns = income_spending_columns(&table)?;
        let segmentation = segment_table(&table, &columns, KMeansParams::new(k))?;
        Ok(Workspace {
            source_name: source_name.to_owned(),
            table,
            segmentation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_trains_five_segments_on_all_rows() {
        let w = Workspace::demo().unwrap();
        assert_eq!(w.table.row_count(), 200);
        assert_eq!(w.segmentation.segments.len(), 5);
        assert_eq!(
            w.segmentation
                .segments
                .iter()
                .map(|s| s.size)
                .sum::<usize>(),
            200
        );
    }
}
