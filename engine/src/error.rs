//! Errors a user can act on. Every message says what was found and what to do.

use std::fmt;

use thiserror::Error;

use crate::{
    format::thousands,
    text::{column_letters, excerpt},
};

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

/// A problem with a CSV file or a workbook. Its message is what was found ([`DataError::finding`])
/// then, mostly, what to do about it ([`DataError::advice`]): a page that has already done
/// what the advice says (filled a missing number) shows the finding alone.
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    EmptyFile,
    NoDataRows,
    Malformed {
        reason: String,
    },
    NotText {
        kind: String,
    },
    TooManyColumns {
        found: usize,
        max: usize,
    },
    UnnamedColumn {
        line: u64,
        column: usize,
    },
    DuplicateColumn {
        name: String,
        first: usize,
        second: usize,
    },
    TooFewCells {
        line: u64,
        expected: usize,
        found: usize,
    },
    TooManyCells {
        line: u64,
        expected: usize,
        found: usize,
        extra: String,
    },
    NoNumericColumns {
        found: String,
    },
    MissingColumn {
        feature: String,
        found: String,
        accepted: String,
    },
    EmptyCell {
        at: Place,
        column: String,
    },
    EmptyCategory {
        at: Place,
        column: String,
    },
    UnknownCategory {
        at: Place,
        column: String,
        value: String,
        known: String,
    },
    TooManyCategories {
        column: String,
        max: usize,
    },
    NothingToFill {
        column: String,
    },
    MissingValue {
        at: Place,
        column: String,
        value: String,
    },
    NotANumber {
        at: Place,
        column: String,
        value: String,
    },
    NotFinite {
        at: Place,
        column: String,
        value: String,
    },
    TooLarge {
        at: Place,
        column: String,
        value: String,
    },
    Workbook {
        reason: String,
    },
    Encrypted,
    NoSheetWithData {
        sheets: String,
    },
    NoSuchSheet {
        name: String,
        sheets: String,
    },
    EmptySheet {
        sheet: String,
    },
    FormulasWithoutValues {
        sheet: String,
    },
    ValueBeyondHeader {
        at: Place,
        value: String,
    },
    /// A feature asked for by its position (1-based `column`) past the header's last, `width`:
    /// features chosen on another file. `at` is the header's last cell.
    NoSuchColumn {
        at: Place,
        column: usize,
        width: usize,
    },
    // A workbook bigger than the limits in `dataset::workbook::limits`: damaged, made to exhaust
    // memory, or far bigger than a customer table.
    SheetTooLarge {
        sheet: String,
        max_mb: u64,
    },
    SharedStringsTooLarge {
        max_mb: u64,
    },
    TooManySharedStrings {
        declared: u64,
        max: u64,
    },
    PartTooLarge {
        part: String,
        max_mb: u64,
    },
    WorkbookTooLarge {
        max_mb: u64,
    },
    TooManySheetCells {
        sheet: String,
        max: u64,
    },
    SheetTooSpread {
        sheet: String,
        first: String,
        last: String,
        block: u64,
        max: u64,
    },
}

impl DataError {
    /// What was found, where: the message without its advice.
    pub fn finding(&self) -> String {
        use DataError::*;
        match self {
            EmptyFile => "The file is empty.".into(),
            NoDataRows => "The file has a header row but no data rows.".into(),
            Malformed { reason } => format!("The file could not be read as CSV: {reason}"),
            NotText { kind } => format!("This file looks like {kind}, not CSV text."),
            TooManyColumns { found, max } => {
                format!("The header row has more than {max} columns ({found} counted), more than Segmentum supports.")
            }
            UnnamedColumn { line, column } => format!("Column {column} of the header row (line {line}) has no name."),
            DuplicateColumn { name, first, second } => {
                format!("Columns {first} and {second} are both named \"{name}\".")
            }
            TooFewCells { line, expected, found } => {
                format!("Line {line} has {found} cells but the header has {expected}.")
            }
            TooManyCells { line, expected, found, extra } => {
                format!("Line {line} has {found} cells but the header has {expected} (extra: {extra}).")
            }
            NoNumericColumns { found } => {
                format!("No column holds numbers, so there is nothing to segment on. Columns in the file: {found}.")
            }
            MissingColumn { feature, found, .. } => {
                format!("No column for {feature} was found. Columns in the file: {found}.")
            }
            EmptyCell { at, column } | EmptyCategory { at, column } => format!("{at}, column \"{column}\" is empty."),
            UnknownCategory { at, column, value, known } => format!(
                "{at}, column \"{column}\": \"{value}\" is not one of the values the model was trained on ({known})."
            ),
            TooManyCategories { column, max } => format!(
                "Column \"{column}\" has more than {max} different values, too many to use as a category \
                 (a category needs at most {max})."
            ),
            NothingToFill { column } => {
                format!("Column \"{column}\" has no numbers, so its missing values cannot be filled.")
            }
            MissingValue { at, column, value } => {
                format!("{at}, column \"{column}\": \"{value}\" marks a missing value.")
            }
            NotANumber { at, column, value } => format!("{at}, column \"{column}\": \"{value}\" is not a number."),
            NotFinite { at, column, value } => {
                format!("{at}, column \"{column}\": \"{value}\" is not a finite number.")
            }
            TooLarge { at, column, value } => format!(
                "{at}, column \"{column}\": \"{value}\" is too large to segment on (more than a million billion)."
            ),
            Workbook { reason } => format!("This workbook could not be read ({reason})."),
            Encrypted => "This workbook is protected with a password, so it cannot be read.".into(),
            NoSheetWithData { sheets } => format!("No sheet of this workbook holds a table. Sheets: {sheets}."),
            NoSuchSheet { name, sheets } => format!("This workbook has no sheet named \"{name}\". Sheets: {sheets}."),
            EmptySheet { sheet } => format!("Sheet \"{sheet}\" is empty."),
            FormulasWithoutValues { sheet } => format!(
                "Sheet \"{sheet}\" holds formulas but not their results: the program that wrote the file \
                 did not calculate them."
            ),
            ValueBeyondHeader { at, value } => format!("{at} holds \"{value}\", but its column has no header."),
            NoSuchColumn { at, column, width } => {
                format!("The header ends at column {width} ({at}), so column {column} cannot be read.")
            }
            SheetTooLarge { sheet, max_mb } => format!(
                "Sheet \"{sheet}\" of this workbook unpacks to more than {} MB, more than Segmentum reads from \
                 one sheet (a million customers in five columns take 190 MB): the file is damaged, made to \
                 exhaust memory, or far bigger than a customer table.",
                thousands(*max_mb)
            ),
            SharedStringsTooLarge { max_mb } => format!(
                "The text cells of this workbook (its shared strings) unpack to more than {} MB, more than \
                 Segmentum reads (a million customer names take about 25 MB).",
                thousands(*max_mb)
            ),
            TooManySharedStrings { declared, max } => format!(
                "This workbook says it holds {} different texts, more than the {} Segmentum reads: the file \
                 is damaged or made to exhaust memory.",
                thousands(*declared),
                thousands(*max)
            ),
            PartTooLarge { part, max_mb } => format!(
                "Part \"{part}\" of this workbook unpacks to more than {} MB, more than Segmentum reads from \
                 it: the file is damaged or made to exhaust memory.",
                thousands(*max_mb)
            ),
            WorkbookTooLarge { max_mb } => {
                format!(
                    "This workbook unpacks to more than {} MB in all, more than Segmentum reads.",
                    thousands(*max_mb)
                )
            }
            TooManySheetCells { sheet, max } => format!(
                "Sheet \"{sheet}\" holds more than {} filled cells, more than Segmentum reads from one sheet \
                 (a million customers in five columns are five million cells).",
                thousands(*max)
            ),
            SheetTooSpread { sheet, first, last, block, max } => format!(
                "Sheet \"{sheet}\" has filled cells from {first} to {last}, a block of {} cells, more than the \
                 {} Segmentum reads from one sheet.",
                thousands(*block),
                thousands(*max)
            ),
        }
    }

    /// What to do about it, when the message says.
    pub fn advice(&self) -> Option<String> {
        use DataError::*;
        let advice = match self {
            EmptyFile => "Choose a CSV file with a header row and at least one customer.",
            NoDataRows => "Add at least one customer below the header.",
            NotText { .. } => "Export the data as CSV (in Excel: File → Save As → \"CSV UTF-8\") and choose that file.",
            TooManyColumns { .. } => "Is this a customer table with one row per customer?",
            UnnamedColumn { .. } => "Give every column a name and try again.",
            DuplicateColumn { .. } => "Give each column its own name so features can be told apart.",
            TooFewCells { .. } => "Check for a missing delimiter or an unclosed quote on that line.",
            TooManyCells { .. } => "Check for an extra delimiter, or a decimal comma in a comma-separated file.",
            MissingColumn { accepted, .. } => return Some(format!("Rename one of them to any of: {accepted}.")),
            EmptyCell { .. } | MissingValue { .. } => FILL_ELSEWHERE,
            EmptyCategory { .. } => "Every customer needs a value there: it is a category feature.",
            UnknownCategory { .. } => "Train again with customers who have it, or correct the value.",
            TooManyCategories { .. } => "Leave it out, or group its values first.",
            NothingToFill { .. } => "Leave it out.",
            TooLarge { .. } => "Check the value or the column.",
            Workbook { .. } => {
                "Is the file complete? Open it in your spreadsheet program and save it again, or export the \
                 sheet as CSV."
            }
            Encrypted => {
                "Open it, remove the password (in Excel: File → Info → Protect Workbook → Encrypt with \
                 Password) and save it, or export the sheet as CSV."
            }
            EmptySheet { .. } => "Choose the sheet that holds the customer table.",
            FormulasWithoutValues { .. } => "Open it in Excel or LibreOffice, save it, and choose it again.",
            ValueBeyondHeader { .. } => "Give the column a name or clear the cell.",
            NoSuchColumn { .. } => "Choose the features again for this file.",
            SheetTooLarge { .. } | TooManySheetCells { .. } => {
                "Export the sheet as CSV (in Excel: File → Save As → \"CSV UTF-8\") or split it into smaller \
                 sheets, and choose that file."
            }
            SharedStringsTooLarge { .. } => {
                "Export the sheet as CSV, or leave out the columns of long text you do not need, and choose that file."
            }
            TooManySharedStrings { .. } | PartTooLarge { .. } => {
                "Open it in your spreadsheet program and save it again, or export the sheet as CSV."
            }
            WorkbookTooLarge { .. } => {
                "Export the sheet with the customers as CSV, or save it in a workbook of its own, and choose that file."
            }
            SheetTooSpread { .. } => {
                "Clear the cells outside the customer table (in Excel, Ctrl+End goes to the last one), or export \
                 the table as CSV."
            }
            Malformed { .. }
            | NoNumericColumns { .. }
            | NotANumber { .. }
            | NotFinite { .. }
            | NoSheetWithData { .. }
            | NoSuchSheet { .. } => return None,
        };
        Some(advice.to_owned())
    }
}

/// A missing number's advice where it is read away from Train (Batch, results files).
const FILL_ELSEWHERE: &str = "Every customer needs a number there, or choose on Train how missing values are filled.";
/// The same advice read on Train itself, where "Missing numbers" is a setting of step 2.
const FILL_ON_TRAIN: &str =
    "Every customer needs a number there, or choose under \"Missing numbers\" (step 2) how they are filled.";

impl DataError {
    /// The whole sentence as Train shows it: there, a missing number's advice names the setting
    /// that fills it rather than sending the user to the page they are on.
    pub fn on_train(&self) -> String {
        match self {
            DataError::EmptyCell { .. } | DataError::MissingValue { .. } => {
                format!("{} {FILL_ON_TRAIN}", self.finding())
            }
            _ => self.to_string(),
        }
    }
}

/// The finding, then the advice: the whole sentence users read.
impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding())?;
        match self.advice() {
            Some(advice) => write!(f, " {advice}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for DataError {}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: u64) -> Place {
        Place::Line(n)
    }

    fn cell() -> Place {
        Place::Cell { sheet: "Customers".into(), cell: "D17".into() }
    }

    /// Every variant, its whole message as users have always read it, and the finding and the
    /// advice it splits into.
    fn messages() -> Vec<(DataError, &'static str, Option<&'static str>)> {
        use DataError::*;
        let s = String::from;
        vec![
            (EmptyFile, "The file is empty.", Some("Choose a CSV file with a header row and at least one customer.")),
            (
                NoDataRows,
                "The file has a header row but no data rows.",
                Some("Add at least one customer below the header."),
            ),
            (Malformed { reason: s("bad quote") }, "The file could not be read as CSV: bad quote", None),
            (
                NotText { kind: s("a PNG image") },
                "This file looks like a PNG image, not CSV text.",
                Some("Export the data as CSV (in Excel: File → Save As → \"CSV UTF-8\") and choose that file."),
            ),
            (
                TooManyColumns { found: 1200, max: 1000 },
                "The header row has more than 1000 columns (1200 counted), more than Segmentum supports.",
                Some("Is this a customer table with one row per customer?"),
            ),
            (
                UnnamedColumn { line: 1, column: 2 },
                "Column 2 of the header row (line 1) has no name.",
                Some("Give every column a name and try again."),
            ),
            (
                DuplicateColumn { name: s("Income"), first: 2, second: 3 },
                "Columns 2 and 3 are both named \"Income\".",
                Some("Give each column its own name so features can be told apart."),
            ),
            (
                TooFewCells { line: 3, expected: 2, found: 1 },
                "Line 3 has 1 cells but the header has 2.",
                Some("Check for a missing delimiter or an unclosed quote on that line."),
            ),
            (
                TooManyCells { line: 4, expected: 2, found: 4, extra: s("\"six\", \"7\"") },
                "Line 4 has 4 cells but the header has 2 (extra: \"six\", \"7\").",
                Some("Check for an extra delimiter, or a decimal comma in a comma-separated file."),
            ),
            (
                NoNumericColumns { found: s("\"name\"") },
                "No column holds numbers, so there is nothing to segment on. Columns in the file: \"name\".",
                None,
            ),
            (
                MissingColumn { feature: s("income"), found: s("\"Age\""), accepted: s("\"income\"") },
                "No column for income was found. Columns in the file: \"Age\".",
                Some("Rename one of them to any of: \"income\"."),
            ),
            (
                EmptyCell { at: line(5), column: s("income") },
                "Line 5, column \"income\" is empty.",
                Some("Every customer needs a number there, or choose on Train how missing values are filled."),
            ),
            (
                EmptyCategory { at: cell(), column: s("Genre") },
                "Sheet \"Customers\", cell D17, column \"Genre\" is empty.",
                Some("Every customer needs a value there: it is a category feature."),
            ),
            (
                UnknownCategory {
                    at: line(2),
                    column: s("Genre"),
                    value: s("Other"),
                    known: s("\"Female\", \"Male\""),
                },
                "Line 2, column \"Genre\": \"Other\" is not one of the values the model was trained on \
                 (\"Female\", \"Male\").",
                Some("Train again with customers who have it, or correct the value."),
            ),
            (
                TooManyCategories { column: s("City"), max: 50 },
                "Column \"City\" has more than 50 different values, too many to use as a category \
                 (a category needs at most 50).",
                Some("Leave it out, or group its values first."),
            ),
            (
                NothingToFill { column: s("income") },
                "Column \"income\" has no numbers, so its missing values cannot be filled.",
                Some("Leave it out."),
            ),
            (
                MissingValue { at: line(7), column: s("income"), value: s("NA") },
                "Line 7, column \"income\": \"NA\" marks a missing value.",
                Some("Every customer needs a number there, or choose on Train how missing values are filled."),
            ),
            (
                NotANumber { at: line(3), column: s("spending"), value: s("abc") },
                "Line 3, column \"spending\": \"abc\" is not a number.",
                None,
            ),
            (
                NotFinite { at: line(3), column: s("spending"), value: s("inf") },
                "Line 3, column \"spending\": \"inf\" is not a finite number.",
                None,
            ),
            (
                TooLarge { at: line(3), column: s("spending"), value: s("1e300") },
                "Line 3, column \"spending\": \"1e300\" is too large to segment on (more than a million billion).",
                Some("Check the value or the column."),
            ),
            (
                Workbook { reason: s("zip error") },
                "This workbook could not be read (zip error).",
                Some(
                    "Is the file complete? Open it in your spreadsheet program and save it again, or export the \
                     sheet as CSV.",
                ),
            ),
            (
                Encrypted,
                "This workbook is protected with a password, so it cannot be read.",
                Some(
                    "Open it, remove the password (in Excel: File → Info → Protect Workbook → Encrypt with \
                     Password) and save it, or export the sheet as CSV.",
                ),
            ),
            (
                NoSheetWithData { sheets: s("\"Chart\"") },
                "No sheet of this workbook holds a table. Sheets: \"Chart\".",
                None,
            ),
            (
                NoSuchSheet { name: s("Sheet9"), sheets: s("\"Notes\"") },
                "This workbook has no sheet named \"Sheet9\". Sheets: \"Notes\".",
                None,
            ),
            (
                EmptySheet { sheet: s("Notes") },
                "Sheet \"Notes\" is empty.",
                Some("Choose the sheet that holds the customer table."),
            ),
            (
                FormulasWithoutValues { sheet: s("Data") },
                "Sheet \"Data\" holds formulas but not their results: the program that wrote the file did not \
                 calculate them.",
                Some("Open it in Excel or LibreOffice, save it, and choose it again."),
            ),
            (
                ValueBeyondHeader { at: cell(), value: s("stray") },
                "Sheet \"Customers\", cell D17 holds \"stray\", but its column has no header.",
                Some("Give the column a name or clear the cell."),
            ),
            (
                NoSuchColumn { at: line(1), column: 4, width: 2 },
                "The header ends at column 2 (Line 1), so column 4 cannot be read.",
                Some("Choose the features again for this file."),
            ),
        ]
    }

    #[test]
    fn every_message_is_its_finding_then_its_advice() {
        for (e, finding, advice) in messages() {
            let whole = advice.map_or_else(|| finding.to_owned(), |a| format!("{finding} {a}"));
            assert_eq!(e.to_string(), whole, "the whole message is unchanged");
            assert_eq!(e.finding(), finding);
            assert_eq!(e.advice().as_deref(), advice, "{e:?}");
        }
    }

    #[test]
    fn a_filled_cell_reads_without_the_advice_to_fill_it() {
        let e = DataError::EmptyCell { at: line(5), column: "income".into() };
        assert_eq!(e.finding(), "Line 5, column \"income\" is empty.");
        let e = DataError::MissingValue { at: cell(), column: "income".into(), value: "NA".into() };
        assert_eq!(e.finding(), "Sheet \"Customers\", cell D17, column \"income\": \"NA\" marks a missing value.");
        assert!(e.advice().is_some_and(|a| a.starts_with("Every customer needs a number there")));
    }

    #[test]
    fn on_train_a_missing_number_points_to_the_setting_not_the_page() {
        let e = DataError::EmptyCell { at: line(5), column: "income".into() };
        assert_eq!(
            e.on_train(),
            "Line 5, column \"income\" is empty. Every customer needs a number there, or choose under \
             \"Missing numbers\" (step 2) how they are filled."
        );
        assert!(e.to_string().contains("choose on Train"), "elsewhere it still names the page");
        let other = DataError::NotANumber { at: line(3), column: "spending".into(), value: "abc".into() };
        assert_eq!(other.on_train(), other.to_string());
    }
}
