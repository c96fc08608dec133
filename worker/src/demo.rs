//! The demo customers, built into both binaries so the Overview needs no upload and no request.

use engine::Table;

use crate::protocol::{FileKey, FileSummary};

/// The demo file, embedded at build time.
pub const DEMO_CSV: &[u8] = include_bytes!("../../data/mall_customers_demo.csv");
pub const DEMO_NAME: &str = "Mall customers (demo)";
/// Segments shown for the demo: the five classic mall archetypes.
pub const DEMO_K: usize = 5;

/// The demo file as a table (the page and the worker each read it from the binary).
pub fn demo_table() -> Table {
    // The demo is a build-time constant checked by tests (tests/demo_data.rs).
    Table::from_csv_bytes(DEMO_CSV).expect("the embedded demo CSV reads")
}

/// The demo as the workers hold it: what a model trained on the demo names as its file.
pub fn demo_key() -> FileKey {
    FileKey::of(DEMO_CSV)
}

/// What the Train page shows of the demo before the worker answers.
pub fn demo_summary() -> FileSummary {
    FileSummary::of(DEMO_NAME, demo_key(), &demo_table()).expect("the demo has numbers")
}
