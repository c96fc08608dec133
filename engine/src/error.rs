//! Errors a user can act on. Every message says what was found and what to do.

use std::fmt;

use thiserror::Error;

use crate::text::{column_letters, excerpt};

/// Where a value is: a line of a text file, or a cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Line(u64),
    Cell { sheet: String, cell: String },
}

impl Place {
    /// The cell at sheet column `col` (0 = A) and sheet row `row` (1-based) of `sheet`.
    pub fn cell(sheet: &str, col: u32, row: u64) -> Place {
        let cell = format!("{}{row}", column_letters(col));
        Place::Cell { sheet: excerpt(sheet), cell }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(line) => write!(f, "Line {line}"),
            Place::Cell { sheet, cell } => write!(f, "Sheet \"{sheet}\", cell {cell}"),
        }
    }
}

/// A problem with a CSV file or a workbook.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DataError {
    #[error("The file is empty. Choose a CSV file with a header row and at least one customer.")]
    EmptyFile,

    #[error("The file has a header row but no data rows. Add at least one customer below the header.")]
    NoDataRows,

    #[error("The file could not be read as CSV: {reason}")]
    Malformed { reason: String },

    #[error(
        "This file looks like {kind}, not CSV text. Export the data as CSV \
         (in Excel: File → Save As → \"CSV UTF-8\") and choose that file."
    )]
    NotText { kind: String },

    #[error(
        "The header row has more than {max} columns ({found} counted), more than Segmentum supports. \
         Is this a customer table with one row per customer?"
    )]
    TooManyColumns { found: usize, max: usize },

    #[error("Column {column} of the header row (line {line}) has no name. Give every column a name and try again.")]
    UnnamedColumn { line: u64, column: usize },

    #[error(
        "Columns {first} and {second} are both named \"{name}\". \
         Give each column its own name so features can be told apart."
    )]
    DuplicateColumn { name: String, first: usize, second: usize },

    #[error(
        "Line {line} has {found} cells but the header has {expected}. \
         Check for a missing delimiter or an unclosed quote on that line."
    )]
    TooFewCells { line: u64, expected: usize, found: usize },

    #[error(
        "Line {line} has {found} cells but the header has {expected} (extra: {extra}). \
         Check for an extra delimiter, or a decimal comma in a comma-separated file."
    )]
    TooManyCells { line: u64, expected: usize, found: usize, extra: String },

    #[error("No column holds numbers, so there is nothing to segment on. Columns in the file: {found}.")]
    NoNumericColumns { found: String },

    #[error(
        "No column for {feature} was found. Columns in the file: {found}. \
         Rename one of them to any of: {accepted}."
    )]
    MissingColumn { feature: String, found: String, accepted: String },

    #[error(
        "{at}, column \"{column}\" is empty. Every customer needs a number there, or choose on Train \
         how missing values are filled."
    )]
    EmptyCell { at: Place, column: String },

    #[error("{at}, column \"{column}\" is empty. Every customer needs a value there: it is a category feature.")]
    EmptyCategory { at: Place, column: String },

    #[error(
        "{at}, column \"{column}\": \"{value}\" is not one of the values the model was trained on \
         ({known}). Train again with customers who have it, or correct the value."
    )]
    UnknownCategory { at: Place, column: String, value: String, known: String },

    #[error(
        "Column \"{column}\" has more than {max} different values, too many to use as a category \
         (a category needs at most {max}). Leave it out, or group its values first."
    )]
    TooManyCategories { column: String, max: usize },

    #[error(
        "{at}, column \"{column}\": {value} is negative, and the model takes ln(1 + x) of this column, \
         which needs values of 0 or more."
    )]
    NegativeForLog { at: Place, column: String, value: String },

    #[error("Column \"{column}\" has no numbers, so its missing values cannot be filled. Leave it out.")]
    NothingToFill { column: String },

    #[error(
        "{at}, column \"{column}\": \"{value}\" marks a missing value. Every customer needs a number \
         there, or choose on Train how missing values are filled."
    )]
    MissingValue { at: Place, column: String, value: String },

    #[error("{at}, column \"{column}\": \"{value}\" is not a number.")]
    NotANumber { at: Place, column: String, value: String },

    #[error("{at}, column \"{column}\": \"{value}\" is not a finite number.")]
    NotFinite { at: Place, column: String, value: String },

    #[error(
        "{at}, column \"{column}\": \"{value}\" is too large to segment on \
         (more than a million billion). Check the value or the column."
    )]
    TooLarge { at: Place, column: String, value: String },

    #[error(
        "This workbook could not be read ({reason}). Is the file complete? Open it in your \
         spreadsheet program and save it again, or export the sheet as CSV."
    )]
    Workbook { reason: String },

    #[error(
        "This workbook is protected with a password, so it cannot be read. Open it, remove the \
         password (in Excel: File → Info → Protect Workbook → Encrypt with Password) and save it, \
         or export the sheet as CSV."
    )]
    Encrypted,

    #[error("No sheet of this workbook holds a table. Sheets: {sheets}.")]
    NoSheetWithData { sheets: String },

    #[error("This workbook has no sheet named \"{name}\". Sheets: {sheets}.")]
    NoSuchSheet { name: String, sheets: String },

    #[error("Sheet \"{sheet}\" is empty. Choose the sheet that holds the customer table.")]
    EmptySheet { sheet: String },

    #[error(
        "Sheet \"{sheet}\" holds formulas but not their results: the program that wrote the file \
         did not calculate them. Open it in Excel or LibreOffice, save it, and choose it again."
    )]
    FormulasWithoutValues { sheet: String },

    #[error("{at} holds \"{value}\", but its column has no header. Give the column a name or clear the cell.")]
    ValueBeyondHeader { at: Place, value: String },

    /// A feature asked for by its position (1-based `column`) past the header's last, `width`:
    /// features chosen on another file. `at` is the header's last cell.
    #[error(
        "The header ends at column {width} ({at}), so column {column} cannot be read. \
         Choose the features again for this file."
    )]
    NoSuchColumn { at: Place, column: usize, width: usize },
}

/// A problem with the settings or the data size, found before or at fit time.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    #[error("The number of segments must be at least 1 (got {0}).")]
    ZeroClusters(usize),

    #[error("At most {max} segments are supported (got {requested}).")]
    TooManyClusters { requested: usize, max: usize },

    #[error("n_init must be at least 1 (got 0).")]
    ZeroInit,

    #[error("max_iter must be at least 1 (got 0).")]
    ZeroMaxIter,

    #[error("tol must be a finite number >= 0 (got {0}).")]
    BadTolerance(f64),

    #[error("n_samples={samples} should be >= n_clusters={clusters}. Choose fewer segments or add customers.")]
    TooFewSamples { samples: usize, clusters: usize },

    #[error(
        "The data has only {distinct} different customers (by the chosen features), \
         so {clusters} segments would leave some empty. Choose at most {distinct} segments."
    )]
    EmptySegment { clusters: usize, distinct: usize },

    #[error("A range of k goes from the lower to the higher (got {from} to {to}).")]
    EmptyKRange { from: usize, to: usize },

    #[error("Compare k from 2 to {max} (got k = {k}).")]
    KOutOfRange { k: usize, max: usize },

    #[error("Comparing up to k = {k} needs more than {k} customers; the data has {rows}. Lower the top of the range.")]
    TooFewRowsForSweep { rows: usize, k: usize },

    #[error("Choose at least one feature to segment on.")]
    NoFeatures,

    #[error("The data contains a value that is not a finite number.")]
    NonFiniteData,

    #[error(
        "Stability could not be measured: only {refitted} of {resamples} resamples of the customers \
         had enough different customers for {k} segments. Train fewer segments, or add customers, \
         to measure it."
    )]
    TooFewResamples { refitted: usize, resamples: usize, k: usize },
}
