//! A sheet's cells taken one at a time from calamine's cell readers (.xlsx, .xlsb), counted and
//! bounded as they come, and only then laid out as the block they span, so a sheet of a hundred
//! million cells, or of two cells 17 billion apart, is refused before memory runs out (calamine's
//! `worksheet_range` keeps every cell, then allocates the whole block at once).

use calamine::{Cell, Data, DataRef, Dimensions, Range};

use super::limits::{MAX_BLOCK, MAX_CELLS};
use crate::{error::DataError, text::column_letters};

/// Why a sheet's cells could not be had.
#[derive(Debug)]
pub(super) enum SheetError {
    /// calamine could not read the sheet; its reason.
    Unreadable(String),
    /// The sheet is over a limit.
    Refused(DataError),
}

/// The rows and columns a sheet's filled cells reach.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    start: (u32, u32),
    end: (u32, u32),
}

impl Bounds {
    fn at(pos: (u32, u32)) -> Bounds {
        Bounds { start: pos, end: pos }
    }

    fn include(&mut self, (row, col): (u32, u32)) {
        self.start = (self.start.0.min(row), self.start.1.min(col));
        self.end = (self.end.0.max(row), self.end.1.max(col));
    }

    /// Cells in the block from the first row and column to the last.
    fn block(self) -> u64 {
        let rows = u64::from(self.end.0 - self.start.0) + 1;
        let columns = u64::from(self.end.1 - self.start.1) + 1;
        rows * columns
    }

    fn too_spread(self, sheet: &str, max: u64) -> DataError {
        let reference = |(row, col): (u32, u32)| format!("{}{}", column_letters(col), u64::from(row) + 1);
        DataError::SheetTooSpread {
            sheet: crate::text::excerpt(sheet),
            first: reference(self.start),
            last: reference(self.end),
            block: self.block(),
            max,
        }
    }
}

fn too_many_cells(sheet: &str, max: usize) -> DataError {
    DataError::TooManySheetCells { sheet: crate::text::excerpt(sheet), max: max as u64 }
}

/// The filled cells `next` yields, laid out in the block they span (what calamine's
/// `worksheet_range` gives), or a refusal at the first cell past [`MAX_CELLS`] or outside a
/// block of [`MAX_BLOCK`]. `stated` is the block the sheet says it spans (`<dimension>`): room
/// for that many cells, when within the limits, is made at once rather than doubled into.
pub(super) fn collect<'a, E: std::fmt::Display>(
    sheet: &str,
    stated: Dimensions,
    next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Range<Data>, SheetError> {
    collect_within(Limits { cells: MAX_CELLS, block: MAX_BLOCK }, sheet, stated, next)
}

/// The limits [`collect`] reads within (smaller ones in tests).
#[derive(Debug, Clone, Copy)]
struct Limits {
    cells: usize,
    block: u64,
}

fn collect_within<'a, E: std::fmt::Display>(
    limits: Limits,
    sheet: &str,
    stated: Dimensions,
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Range<Data>, SheetError> {
    // calamine's `Dimensions::len` overflows on a reversed reference ("B2:A1").
    let side = |from: u32, to: u32| u64::from(to.saturating_sub(from)) + 1;
    let stated = side(stated.start.0, stated.end.0) * side(stated.start.1, stated.end.1);
    let room = if stated <= limits.block { stated.min(limits.cells as u64) as usize } else { 0 };
    let mut cells: Vec<Cell<DataRef<'a>>> = Vec::with_capacity(room);
    let mut bounds: Option<Bounds> = None;
    while let Some(cell) = next().map_err(|e| SheetError::Unreadable(e.to_string()))? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        if cells.len() == limits.cells {
            return Err(SheetError::Refused(too_many_cells(sheet, limits.cells)));
        }
        let pos = cell.get_position();
        let reach = bounds.get_or_insert(Bounds::at(pos));
        reach.include(pos);
        if reach.block() > limits.block {
            return Err(SheetError::Refused(reach.too_spread(sheet, limits.block)));
        }
        cells.push(cell);
    }
    let Some(bounds) = bounds else { return Ok(Range::empty()) };
    let mut range = Range::new(bounds.start, bounds.end);
    // Taken from the end a million at a time, the list shrinking as each text is copied, so the
    // list, the block and the texts are never all held at once. From the end, the last of two
    // cells at one place is the one kept (as calamine keeps it).
    while !cells.is_empty() {
        let rest = cells.len().saturating_sub(1 << 20);
        for cell in cells.drain(rest..).rev() {
            let (row, col) = cell.get_position();
            let slot = &mut range[((row - bounds.start.0) as usize, (col - bounds.start.1) as usize)];
            if *slot == Data::Empty {
                *slot = Data::from(cell.get_value().clone());
            }
        }
        cells.shrink_to_fit();
    }
    Ok(range)
}

/// The same limits for a sheet calamine has already laid out (.xls, .ods, whose readers do not
/// stream), so that what is built from it stays bounded.
pub(super) fn check(sheet: &str, range: &Range<Data>) -> Result<(), DataError> {
    let (Some(start), Some(end)) = (range.start(), range.end()) else { return Ok(()) };
    let bounds = Bounds { start, end };
    if bounds.block() > MAX_BLOCK {
        return Err(bounds.too_spread(sheet, MAX_BLOCK));
    }
    if range.used_cells().count() > MAX_CELLS {
        return Err(too_many_cells(sheet, MAX_CELLS));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(positions: &[(u32, u32)]) -> impl Iterator<Item = Result<Option<Cell<DataRef<'static>>>, String>> + '_ {
        positions.iter().map(|&pos| Ok(Some(Cell::new(pos, DataRef::Int(1))))).chain(std::iter::once(Ok(None)))
    }

    #[test]
    fn cells_are_laid_out_in_the_block_they_span() {
        let mut it = cells(&[(3, 2), (1, 4), (2, 3)]);
        let range = collect("S", Dimensions::default(), || it.next().unwrap()).unwrap();
        assert_eq!((range.start(), range.end()), (Some((1, 2)), Some((3, 4))));
        assert_eq!(range.get_value((1, 4)), Some(&Data::Int(1)));
        assert_eq!(range.get_value((1, 2)), Some(&Data::Empty));
        let mut none = cells(&[]);
        assert_eq!(collect("S", Dimensions::default(), || none.next().unwrap()).unwrap().start(), None);
    }

    #[test]
    fn two_far_corners_are_refused_at_the_second() {
        let mut it = cells(&[(0, 0), (1_048_575, 16_383)]);
        let stated = Dimensions { start: (0, 0), end: (1_048_575, 16_383) };
        let Err(SheetError::Refused(e)) = collect("Customers", stated, || it.next().unwrap()) else {
            panic!("not refused")
        };
        assert_eq!(
            e,
            DataError::SheetTooSpread {
                sheet: "Customers".into(),
                first: "A1".into(),
                last: "XFD1048576".into(),
                block: 17_179_869_184,
                max: MAX_BLOCK,
            }
        );
    }

    #[test]
    fn the_cell_past_the_limit_is_refused_and_empty_cells_do_not_count() {
        let limits = Limits { cells: 3, block: 100 };
        let positions = [(0, 0), (0, 1), (1, 0)];
        let mut filled = positions.iter().map(|&pos| Ok::<_, String>(Some(Cell::new(pos, DataRef::Int(1)))));
        let mut three = filled.by_ref().chain([Ok(Some(Cell::new((5, 5), DataRef::Empty))), Ok(None)]);
        let range = collect_within(limits, "S", Dimensions::default(), || three.next().unwrap()).unwrap();
        assert_eq!(range.used_cells().count(), 3);
        let mut four = cells(&[(0, 0), (0, 1), (1, 0), (1, 1)]);
        let Err(SheetError::Refused(e)) = collect_within(limits, "Big", Dimensions::default(), || four.next().unwrap())
        else {
            panic!("not refused")
        };
        assert_eq!(e, DataError::TooManySheetCells { sheet: "Big".into(), max: 3 });
        assert!(e.to_string().starts_with("Sheet \"Big\" holds more than 3 filled cells, more than Segmentum reads"));
    }

    #[test]
    fn the_last_of_two_cells_at_one_place_is_kept() {
        let mut it = [(0, DataRef::Int(1)), (0, DataRef::Int(2))]
            .into_iter()
            .map(|(col, value)| Ok::<_, String>(Some(Cell::new((0, col), value))))
            .chain([Ok(None)]);
        let range = collect("S", Dimensions::default(), || it.next().unwrap()).unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::Int(2)));
    }

    #[test]
    fn a_reading_error_is_the_reader_s() {
        let mut calls = 0;
        let e = collect("S", Dimensions::default(), || {
            calls += 1;
            if calls == 1 {
                Ok(Some(Cell::new((0, 0), DataRef::Int(1))))
            } else {
                Err("unexpected end of file")
            }
        });
        assert!(matches!(e, Err(SheetError::Unreadable(reason)) if reason == "unexpected end of file"));
    }
}
