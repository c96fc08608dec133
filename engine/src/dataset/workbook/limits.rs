//! How much of a workbook Segmentum reads, and why these figures.
//!
//! A workbook is a zip archive, and deflate unpacks up to about 1000 times what it packs: a
//! 7 MB .xlsx can hold a sheet of 2.4 GB of XML, and a 2 KB one can place two cells 17 billion
//! cells apart. In WebAssembly the worker has at most 4 GiB and no buffer may pass 2 GiB
//! (`isize::MAX` on wasm32): past it calamine's growing vectors panic with "capacity overflow"
//! and the worker dies without an answer. So every part calamine reads is measured as it
//! unpacks before calamine sees it (`parts`), and a sheet's cells are counted as they stream
//! in (`sheet_cells`); a workbook over a limit is refused, saying what was found.
//!
//! Measured 2026-12-03 on workbooks written by `csv_to_xlsx` (rust_xlsxwriter, laid out as
//! Excel lays them out) from `generate_customers` files, which hold what the README promises:
//!
//! | customers × columns | .xlsx | sheet XML | shared strings | filled cells | read natively |
//! | --- | ---: | ---: | ---: | ---: | ---: |
//! | 1,000,000 × 5 (the benchmark) | 26.2 MB | 188.7 MB | 23.0 MB | 5,000,005 | 434 MB peak |
//! | 1,048,575 × 5 (Excel's last row) | 27.4 MB | 197.9 MB | 23.0 MB | 5,242,880 | 453 MB peak |
//!
//! about 38 bytes of sheet XML per cell, and the customer ids as text are the shared strings.
//! Every limit leaves those files at least 2.5 times room: a full sheet of 13 numeric columns,
//! or of 16 columns of short values, still reads.
//!
//! Memory at the limits, in wasm32: 2^24 cells as calamine gives them (32 bytes each) are
//! 540 MB, the block of 2^25 values they are laid into (24 bytes each) 800 MB, their text and
//! the table's copy of it at most the sheet's 512 MiB each: about 2 GB at the worst, half of what
//! WebAssembly allows, and no single buffer near 2 GiB. The 1,048,575-customer sheet takes 362 MB
//! natively (tests/engine_workbook_bombs.rs).
//!
//! Not bounded yet: counts calamine trusts inside files that are not zipped XML, each a few
//! bytes to craft. In .xls and other OLE files, the header's FAT and DIFAT lengths and a
//! stream's stated length (whose sector chain may loop) size vectors, and a sheet's DIMENSIONS
//! record reserves rows × columns cells (`Xls::new`); an .xlsb's BrtExternSheet count is
//! reserved (`Xlsb::new`); an .ods may repeat cells up to calamine's own 100 million (`Ods::new`),
//! 3.2 GB in wasm32. Checking them needs a reader of those containers before calamine's.

/// What one sheet's part (its XML, or its .xlsb records; all of an .ods's sheets are one part)
/// may unpack to: 2.7 times the 1,048,575-customer sheet. It also bounds the largest single
/// piece of XML (one cell's text), which the XML reader holds whole.
pub const MAX_SHEET_BYTES: u64 = 512 << 20;

/// What the workbook's shared strings (the text of its text cells) may unpack to: 11 times the
/// million customer ids; calamine keeps every one of them while the sheet is read.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;

/// What any other part calamine reads (the workbook, its styles, relationships) may unpack to;
/// those are kilobytes, a few megabytes for workbooks with thousands of styles.
pub const MAX_OTHER_PART_BYTES: u64 = 64 << 20;

/// What all the parts calamine may read, together, may unpack to (every sheet is read to find
/// the fullest one): two sheets at the limit.
pub const MAX_WORKBOOK_BYTES: u64 = 1 << 30;

/// Filled cells one sheet may hold: 16 columns of every row Excel allows, 3.2 times the
/// 1,048,575-customer sheet.
pub const MAX_CELLS: usize = 1 << 24;

/// Cells in the block from a sheet's first filled row and column to its last, which is laid out
/// whole: 32 columns of every row Excel allows. Two cells at A1 and XFD1048576 make a block of
/// 17,179,869,184.
pub const MAX_BLOCK: u64 = 1 << 25;

/// Different texts a workbook may say it holds (`<sst uniqueCount>`), which calamine reserves
/// room for before reading one: no more than the cells a sheet may hold.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS as u64;

/// Megabytes of a limit, for messages.
pub fn megabytes(bytes: u64) -> u64 {
    bytes >> 20
}
