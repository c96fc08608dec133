//! A table's cells in one buffer: a million rows cost a few allocations, not millions.

/// Rows of text cells, each row exactly `width` cells, stored end to end.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cells {
    text: String,
    /// Where each cell ends in `text`; it starts where the previous one ends.
    ends: Vec<usize>,
    width: usize,
}

impl Cells {
    pub fn new(width: usize) -> Cells {
        Cells { text: String::new(), ends: Vec::new(), width }
    }

    /// Room for `text` more bytes of cells and `rows` more rows, so a big file is not copied
    /// again each time the buffers outgrow themselves.
    pub fn reserve(&mut self, text: usize, rows: usize) {
        self.text.reserve(text);
        self.ends.reserve(rows.saturating_mul(self.width));
    }

    pub fn rows(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    /// Bytes of cell text, for sizing output buffers.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    pub fn get(&self, row: usize, col: usize) -> &str {
        let i = row * self.width + col;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Row `row`'s cells end to end, and where each ends in that text.
    pub fn row_text(&self, row: usize) -> (&str, impl ExactSizeIterator<Item = usize> + '_) {
        let first = row * self.width;
        let start = if first == 0 { 0 } else { self.ends[first - 1] };
        let ends = &self.ends[first..first + self.width];
        let end = ends.last().copied().unwrap_or(start);
        (&self.text[start..end], ends.iter().map(move |e| e - start))
    }

    pub fn row(&self, row: usize) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.width).map(move |col| self.get(row, col))
    }

    /// Appends one row: the first `width` of `cells`, padded with empty cells.
    pub fn push_row<'a>(&mut self, cells: impl Iterator<Item = &'a str>) {
        let mut pushed = 0;
        for cell in cells.take(self.width) {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
            pushed += 1;
        }
        for _ in pushed..self.width {
            self.ends.push(self.text.len());
        }
    }

    /// The same rows without the columns in `drop`.
    pub fn without_columns(&self, drop: &[usize]) -> Cells {
        let keep: Vec<usize> = (0..self.width).filter(|c| !drop.contains(c)).collect();
        let mut out = Cells::new(keep.len());
        for row in 0..self.rows() {
            out.push_row(keep.iter().map(|&c| self.get(row, c)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_cut_and_read_back() {
        let mut c = Cells::new(3);
        c.push_row(["a", "", "ccc"].into_iter());
        c.push_row(["d"].into_iter());
        c.push_row(["e", "f", "g", "extra"].into_iter());
        assert_eq!(c.rows(), 3);
        assert_eq!(c.row(0).collect::<Vec<_>>(), ["a", "", "ccc"]);
        assert_eq!(c.row(1).collect::<Vec<_>>(), ["d", "", ""]);
        assert_eq!(c.row(2).collect::<Vec<_>>(), ["e", "f", "g"]);
        let (text, ends) = c.row_text(2);
        assert_eq!((text, ends.collect::<Vec<_>>()), ("efg", vec![1, 2, 3]));
        assert_eq!(c.row_text(1).0, "d");
        let dropped = c.without_columns(&[1]);
        assert_eq!(dropped.row(0).collect::<Vec<_>>(), ["a", "ccc"]);
        assert_eq!(Cells::new(0).rows(), 0);
    }
}
