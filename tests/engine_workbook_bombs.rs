//! Workbooks built to exhaust memory, generated here (engine/examples/bombs): a 7 MB .xlsx
//! whose sheet unpacks to 2.4 GB, as a user found, and the other shapes that made the worker
//! panic with "capacity overflow" in WebAssembly. Each is refused with what was found and what
//! to do, and early: a counting allocator checks that no refusal holds more than 2 MB at once.
//! The largest sheet Excel allows still reads.

#[path = "../engine/examples/bombs/mod.rs"]
mod bombs;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bombs::{Shape, Sizes};
use engine::dataset::workbook_limits::{MAX_BLOCK, MAX_SHARED_STRINGS};
use engine::{DataError, Table};

/// The system allocator, counting what each thread holds and the most it held.
struct Counting;

thread_local! {
    static HELD: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn held(change: impl FnOnce(usize) -> usize) {
    let _ = HELD.try_with(|held| {
        held.set(change(held.get()));
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(held.get())));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            held(|h| h + layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        held(|h| h.saturating_sub(layout.size()));
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            held(|h| h.saturating_sub(layout.size()) + size);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

/// Reading `bytes` as a user's file, and the most memory the reading held above what was
/// held before it.
fn read(bytes: &[u8]) -> (Result<Table, DataError>, usize) {
    let before = HELD.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = Table::from_file_bytes(bytes, None);
    (result, PEAK.with(Cell::get) - before)
}

fn refusal(bytes: &[u8], what: &str) -> DataError {
    let (result, peak) = read(bytes);
    let e = result.err().unwrap_or_else(|| panic!("{what}: read"));
    // 120 KB today: the zip directory and a buffer to inflate into.
    assert!(peak < 2 * MB, "{what}: the refusal held {} KB", peak / 1024);
    e
}

/// What the biggest part of each bomb unpacks to: the user's 2.4 GB.
const BOMB: u64 = 2_400_000_000;

#[test]
fn a_sheet_that_unpacks_to_gigabytes_is_refused_by_its_size() {
    for shape in [Shape::ManyCells, Shape::OneHugeCell, Shape::Whitespace] {
        for sizes in [Sizes::True, Sizes::Lying] {
            let bytes = bombs::xlsx(shape, BOMB, sizes);
            // About 1000:1, deflate's best: the user's 2.4 GB came in 7 MB.
            assert!(bytes.len() < 8_000_000, "{shape:?}: {} bytes", bytes.len());
            let e = refusal(&bytes, &format!("{shape:?}, {sizes:?} sizes"));
            assert_eq!(e, DataError::SheetTooLarge { sheet: "Customers".into(), max_mb: 512 }, "{shape:?} {sizes:?}");
            assert_eq!(
                e.to_string(),
                "Sheet \"Customers\" of this workbook unpacks to more than 512 MB, more than Segmentum reads from \
                 one sheet (a million customers in five columns take 190 MB): the file is damaged, made to exhaust \
                 memory, or far bigger than a customer table. Export the sheet as CSV (in Excel: File → Save As → \
                 \"CSV UTF-8\") or split it into smaller sheets, and choose that file."
            );
        }
    }
}

#[test]
fn shared_strings_that_unpack_to_gigabytes_are_refused() {
    for sizes in [Sizes::True, Sizes::Lying] {
        let e = refusal(&bombs::xlsx(Shape::SharedStrings, BOMB, sizes), &format!("{sizes:?} sizes"));
        assert_eq!(e, DataError::SharedStringsTooLarge { max_mb: 256 });
        assert!(e
            .to_string()
            .starts_with("The text cells of this workbook (its shared strings) unpack to more than 256 MB"));
    }
}

#[test]
fn a_stated_number_of_texts_beyond_what_a_sheet_holds_is_refused_before_room_is_made() {
    let e = refusal(&bombs::xlsx(Shape::StringCount, 0, Sizes::True), "string count");
    assert_eq!(e, DataError::TooManySharedStrings { declared: 4_294_967_295, max: MAX_SHARED_STRINGS });
    assert_eq!(
        e.to_string(),
        "This workbook says it holds 4,294,967,295 different texts, more than the 16,777,216 Segmentum reads: \
         the file is damaged or made to exhaust memory. Open it in your spreadsheet program and save it again, \
         or export the sheet as CSV."
    );
}

#[test]
fn two_cells_at_far_corners_are_refused_before_their_block_is_laid_out() {
    let bytes = bombs::xlsx(Shape::FarCorners, 0, Sizes::True);
    assert!(bytes.len() < 4_000, "{} bytes", bytes.len());
    let e = refusal(&bytes, "far corners");
    let (first, last) = ("A1".into(), "XFD1048576".into());
    let expected =
        DataError::SheetTooSpread { sheet: "Customers".into(), first, last, block: 17_179_869_184, max: MAX_BLOCK };
    assert_eq!(e, expected);
    assert_eq!(
        e.to_string(),
        "Sheet \"Customers\" has filled cells from A1 to XFD1048576, a block of 17,179,869,184 cells, more than \
         the 33,554,432 Segmentum reads from one sheet. Clear the cells outside the customer table (in Excel, \
         Ctrl+End goes to the last one), or export the table as CSV."
    );
    // A sheet asked for by name is refused the same way.
    assert_eq!(Table::from_file_bytes(&bytes, Some("Customers")).unwrap_err(), expected);
}

#[test]
fn a_huge_stated_dimension_over_a_few_cells_reads() {
    let (table, peak) = read(&bombs::xlsx(Shape::HugeDimension, 0, Sizes::True));
    let table = table.unwrap();
    assert_eq!(table.headers(), ["Annual Income (k$)", "Spending Score (1-100)"]);
    assert_eq!((table.row_count(), table.row(1)), (2, vec!["16", "81"]));
    assert!(peak < 4 * MB, "{} MB", peak / MB);
}

#[test]
fn the_bombs_are_workbooks_that_read_when_small() {
    for shape in [Shape::ManyCells, Shape::OneHugeCell, Shape::Whitespace, Shape::SharedStrings] {
        let table = Table::from_file_bytes(&bombs::xlsx(shape, 100_000, Sizes::True), None)
            .unwrap_or_else(|e| panic!("{shape:?}: {e}"));
        assert_eq!(table.headers(), ["Annual Income (k$)", "Spending Score (1-100)"], "{shape:?}");
        assert!(table.row_count() >= 1, "{shape:?}");
    }
}

#[test]
fn the_largest_sheet_excel_allows_reads() {
    // 1,048,576 rows: a header and 1,048,575 customers in five columns, 5,242,880 cells.
    let (table, peak) = read(&bombs::customers(1_048_575));
    let table = table.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.row_count(), 1_048_575);
    assert_eq!(table.headers(), ["CustomerID", "Genre", "Age", "Annual Income (k$)", "Spending Score (1-100)"]);
    assert_eq!(table.row(1_048_574), ["0000001", "Female", "62", "118", "20"]);
    assert_eq!(table.line(1_048_574), 1_048_576);
    // The cells as they came, the block they span and the table: 362 MB natively, 69 bytes a cell.
    assert!(peak < 450 * MB, "{} MB", peak / MB);
}
