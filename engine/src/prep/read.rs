//! Reading the features of every row: numbers (missing ones filled or the row left out, a log
//! feature's values checked to be ≥ 0) and category values (learnt at training, looked up in
//! the model's at prediction). Every row left out is reported with its first bad cell.

use std::collections::HashMap;

use crate::{
    dataset::Table,
    error::DataError,
    matrix::Matrix,
    prep::{Category, MissingRule, Preparation, CATEGORY_WEIGHT, MAX_CATEGORIES},
    text::{excerpt, quoted_list},
};

use super::category_key;

/// The rows of a table that could be read as a model's inputs, and why the others could not.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The numeric features, in original units (missing numbers filled when the rule says so).
    pub matrix: Matrix,
    /// Index into the table's rows for each matrix row.
    pub row_indices: Vec<usize>,
    /// One error per skipped row (its first bad cell).
    pub skipped: Vec<DataError>,
    /// Category codes, row-major, one per category feature.
    pub codes: Vec<u16>,
    /// The rows read whose missing numbers were filled: their first missing cell, in row order.
    pub filled: Vec<DataError>,
}

impl Extraction {
    /// No rows, `dim` features.
    pub fn empty(dim: usize) -> Extraction {
        Extraction {
            matrix: Matrix::new(Vec::new(), dim.max(1)),
            row_indices: Vec::new(),
            skipped: Vec::new(),
            codes: Vec::new(),
            filled: Vec::new(),
        }
    }
}

/// What training read from a table: the numbers (missing ones filled), the categories found
/// and the values missing numbers were given.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub extraction: Extraction,
    /// The numeric columns read, then the category columns.
    pub columns: Vec<usize>,
    /// The numeric features' headers.
    pub features: Vec<String>,
    pub categories: Vec<Category>,
    pub missing: MissingRule,
    /// Per numeric feature, the value a missing cell was given (empty when such rows are left out).
    pub fill: Vec<f64>,
}

impl Reading {
    /// Whether reading the model's inputs from `columns` (numbers, then categories) of the same
    /// table gives exactly this reading: the model was fitted on it. (Training and then
    /// classifying a file reads it once.)
    pub fn serves(&self, columns: &[usize], encoding: &super::Encoding) -> bool {
        self.columns == columns
            && self.missing == encoding.missing
            && self.fill == encoding.fill
            && self.categories.len() == encoding.categories.len()
            && self.categories.iter().zip(&encoding.categories).all(|(a, b)| a.values == b.values)
    }
}

/// How a missing number is handled while reading.
#[derive(Clone, Copy)]
enum Fill<'a> {
    Skip,
    /// Filled once every row is read, with the rule's value over the rows read.
    Learn,
    Known(&'a [f64]),
}

/// Reads the request's numeric `columns` and categories from every row of `table`, learning the
/// categories' values and the fill values.
pub fn read_for_training(table: &Table, columns: &[usize], prep: &Preparation) -> Result<Reading, DataError> {
    check_columns(table, columns.iter().chain(&prep.categories))?;
    let mut lookups: Vec<Lookup> = prep.categories.iter().map(|&c| Lookup::learning(c, &table.headers()[c])).collect();
    let fill = match prep.missing {
        MissingRule::Skip => Fill::Skip,
        _ => Fill::Learn,
    };
    let mut extraction = read_rows(table, columns, fill, &mut lookups)?;
    let fill = match prep.missing {
        MissingRule::Skip => Vec::new(),
        rule => fill_missing(table, columns, &mut extraction.matrix, rule)?,
    };
    let width = lookups.len();
    let categories = lookups.into_iter().enumerate().map(|(i, l)| l.into_category(&mut extraction, i, width)).collect();
    Ok(Reading {
        extraction,
        columns: columns.iter().chain(&prep.categories).copied().collect(),
        features: columns.iter().map(|&c| table.headers()[c].clone()).collect(),
        categories,
        missing: prep.missing,
        fill,
    })
}

/// Reads a model's features from `table`: numbers from `columns`, categories from
/// `category_columns` (one per model category); a value the model does not know is an error.
pub fn read_for_model(
    table: &Table,
    columns: &[usize],
    category_columns: &[usize],
    encoding: &super::Encoding,
) -> Extraction {
    let mut lookups: Vec<Lookup> =
        category_columns.iter().zip(&encoding.categories).map(|(&c, cat)| Lookup::known(c, cat)).collect();
    let fill = if encoding.fill.len() == columns.len() { Fill::Known(&encoding.fill) } else { Fill::Skip };
    // Columns were resolved in this table and categories are known, so reading cannot fail as a whole.
    read_rows(table, columns, fill, &mut lookups).unwrap_or_else(|_| Extraction::empty(columns.len()))
}

fn check_columns<'a>(table: &Table, mut columns: impl Iterator<Item = &'a usize>) -> Result<(), DataError> {
    let width = table.headers().len();
    match columns.find(|&&c| c >= width) {
        Some(&c) => {
            Err(DataError::NoSuchColumn { at: table.header_place(width.saturating_sub(1)), column: c + 1, width })
        }
        None => Ok(()),
    }
}

fn read_rows(table: &Table, columns: &[usize], fill: Fill, lookups: &mut [Lookup]) -> Result<Extraction, DataError> {
    let dim = columns.len().max(1);
    let n = table.row_count();
    let mut out = Extraction {
        matrix: Matrix::new(Vec::new(), dim),
        row_indices: Vec::with_capacity(n),
        skipped: Vec::new(),
        codes: Vec::with_capacity(n * lookups.len()),
        filled: Vec::new(),
    };
    let mut values = Vec::with_capacity(n * dim);
    let mut codes = Vec::with_capacity(lookups.len());
    for row in 0..n {
        codes.clear();
        let start = values.len();
        match read_row(table, row, columns, fill, lookups, &mut values, &mut codes) {
            Ok(missing) => {
                out.row_indices.push(row);
                out.codes.extend_from_slice(&codes);
                out.filled.extend(missing);
            }
            Err(Stop::Row(e)) => {
                values.truncate(start);
                out.skipped.push(e);
            }
            Err(Stop::File(e)) => return Err(e),
        }
    }
    out.matrix = Matrix::new(values, dim);
    Ok(out)
}

/// Why a row was not read: its own bad cell, or a problem with the whole column.
enum Stop {
    Row(DataError),
    File(DataError),
}

/// Row `row`'s numbers onto `values` and category codes onto `codes`; the first missing cell
/// filled, if any.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn read_row(
    table: &Table,
    row: usize,
    columns: &[usize],
    fill: Fill,
    lookups: &mut [Lookup],
    values: &mut Vec<f64>,
    codes: &mut Vec<u16>,
) -> Result<Option<DataError>, Stop> {
    if let Some(e) = table.shape_error(row) {
        return Err(Stop::Row(e.clone()));
    }
    let mut first_missing = None;
    for (j, &col) in columns.iter().enumerate() {
        let v = match (table.number(row, col), fill) {
            (Ok(v), _) => v,
            (Err(e @ (DataError::EmptyCell { .. } | DataError::MissingValue { .. })), Fill::Learn) => {
                first_missing.get_or_insert(e);
                f64::NAN
            }
            (Err(e @ (DataError::EmptyCell { .. } | DataError::MissingValue { .. })), Fill::Known(fill)) => {
                first_missing.get_or_insert(e);
                fill[j]
            }
            (Err(e), _) => return Err(Stop::Row(e)),
        };
        values.push(v);
    }
    for lookup in lookups.iter_mut() {
        codes.push(lookup.code(table, row)?);
    }
    Ok(first_missing)
}

/// Gives every missing (NaN) number its column's fill value; returns the values.
fn fill_missing(table: &Table, columns: &[usize], x: &mut Matrix, rule: MissingRule) -> Result<Vec<f64>, DataError> {
    let mut fill = Vec::with_capacity(x.dim());
    for (j, &col) in columns.iter().enumerate() {
        let value = rule
            .fill_value(x.column(j).filter(|v| !v.is_nan()).collect())
            .ok_or_else(|| DataError::NothingToFill { column: table.headers()[col].clone() })?;
        fill.push(value);
    }
    let dim = x.dim();
    for row in 0..x.rows() {
        for (j, v) in x.row_mut(row).iter_mut().enumerate().take(dim) {
            if v.is_nan() {
                *v = fill[j];
            }
        }
    }
    Ok(fill)
}

/// One category column's values: their codes by spelling (so a row costs one lookup, no
/// allocation) and by key.
struct Lookup {
    col: usize,
    name: String,
    by_spelling: HashMap<String, u16>,
    by_key: HashMap<String, u16>,
    values: Vec<String>,
    learn: bool,
    weight: f64,
}

impl Lookup {
    fn learning(col: usize, name: &str) -> Lookup {
        Lookup {
            col,
            name: name.to_owned(),
            by_spelling: HashMap::new(),
            by_key: HashMap::new(),
            values: Vec::new(),
            learn: true,
            weight: CATEGORY_WEIGHT,
        }
    }

    fn known(col: usize, category: &Category) -> Lookup {
        let by_key = category.values.iter().enumerate().map(|(i, v)| (category_key(v), i as u16)).collect();
        Lookup {
            col,
            name: category.name.clone(),
            by_spelling: HashMap::new(),
            by_key,
            values: category.values.clone(),
            learn: false,
            weight: category.weight,
        }
    }

    fn code(&mut self, table: &Table, row: usize) -> Result<u16, Stop> {
        let text = table.cell(row, self.col).trim();
        if let Some(&code) = self.by_spelling.get(text) {
            return Ok(code);
        }
        let at = || table.place(row, self.col);
        let column = || table.headers()[self.col].clone();
        if text.is_empty() {
            return Err(Stop::Row(DataError::EmptyCategory { at: at(), column: column() }));
        }
        let key = category_key(text);
        let code = match self.by_key.get(&key) {
            Some(&code) => code,
            None if self.learn => {
                if self.values.len() == MAX_CATEGORIES {
                    return Err(Stop::File(DataError::TooManyCategories { column: column(), max: MAX_CATEGORIES }));
                }
                self.values.push(text.to_owned());
                self.by_key.insert(key, (self.values.len() - 1) as u16);
                (self.values.len() - 1) as u16
            }
            None => {
                let known = quoted_list(&self.values);
                return Err(Stop::Row(DataError::UnknownCategory {
                    at: at(),
                    column: column(),
                    value: excerpt(text),
                    known,
                }));
            }
        };
        self.by_spelling.insert(text.to_owned(), code);
        Ok(code)
    }

    /// The learnt category, values in key order (so a file's row order does not change the
    /// model), with `extraction`'s codes for it (its `index`-th) renumbered to match.
    fn into_category(self, extraction: &mut Extraction, index: usize, width: usize) -> Category {
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_by_key(|&i| category_key(&self.values[i]));
        let mut renumber = vec![0u16; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new as u16;
        }
        let mut counts = vec![0usize; order.len()];
        for code in extraction.codes.iter_mut().skip(index).step_by(width) {
            *code = renumber[usize::from(*code)];
            counts[usize::from(*code)] += 1;
        }
        let rows = extraction.row_indices.len().max(1) as f64;
        Category {
            name: self.name,
            values: order.iter().map(|&i| self.values[i].clone()).collect(),
            shares: counts.iter().map(|&c| c as f64 / rows).collect(),
            weight: self.weight,
        }
    }
}
