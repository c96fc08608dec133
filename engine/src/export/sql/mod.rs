//! The model as one SQL query, for scoring where the customers live (a warehouse, Spark): the
//! query reads a table and returns each of its rows with `segment_id`, `segment_name`,
//! `distance_to_centroid`, `confidence` and `error`, computed as Batch computes them.
//!
//! One CTE per step, in the order Batch takes them ([`crate::prep`]): the inputs read (numbers
//! as doubles, category values as text); each category value's place in the model's list; the
//! row's first problem; missing numbers filled;
//! transforms; scaling; one-hot categories; the distance to each centre in model space (the sum
//! over the coordinates in Batch's order, so the same doubles come out); the nearest centre and
//! the runner-up; then the result columns. Only arithmetic every dialect has (`+ - * /`, `LN`,
//! `SQRT`, `CASE`, `LEAST` or SQLite's `MIN`), identifiers quoted as the dialect quotes them.
//!
//! Where SQL cannot say what a file says, it differs, by design:
//! - a missing number is `NULL` (a file's empty cell or `NA`), and a feature column holds
//!   numbers (the warehouse's types already read them);
//! - an error names the column and the value but no line: a table's row is its own place
//!   (`Column "Genre": "Other" is not one of …` where Batch writes `Line 7, column "Genre": …`);
//! - category values are trimmed of every white space Batch trims, then lower-cased by the
//!   database's `LOWER`; where it folds ASCII letters alone (SQLite, PostgreSQL in the C locale),
//!   the training spelling, all capitals and all lower case match, but not other mixes of
//!   non-ASCII capitals (`éTÉ` for `Été`);
//! - a number's text in a message is the database's, not the file's (`2e+16`).

mod dialect;

use std::fmt::Write;

pub use dialect::Dialect;

use super::about;
use crate::{
    batch::{RESULT_COLUMNS, SOURCE_CLUSTER},
    dataset::MAX_MAGNITUDE,
    error::DataError,
    model::SegmentModel,
    prep::{category_key, Transform},
    text::{quoted_list, QUOTED_CHARS},
    Place,
};

/// The table a query reads when none is named.
pub const DEFAULT_TABLE: &str = "customers";

/// Larger than any distance: the runner-up of a row is the smallest distance but its own.
const FAR: &str = "1e308";

/// What to score: the model, the table's name and the columns to return ahead of the results
/// (the training file's, so the results have the Batch file's columns; the model's inputs when
/// they are not known).
#[derive(Debug, Clone, Copy)]
pub struct SqlExport<'a> {
    pub dialect: Dialect,
    pub table: &'a str,
    pub columns: &'a [String],
}

/// The query, ready to run.
pub fn score_sql(model: &SegmentModel, export: SqlExport) -> String {
    Writer::new(model, export).query()
}

/// Writes the query; names its own columns so none is taken by the table's.
struct Writer<'a> {
    model: &'a SegmentModel,
    d: Dialect,
    table: &'a str,
    columns: Vec<String>,
    /// Prefix of the query's own columns, longer than any the table's columns start with.
    p: String,
}

impl<'a> Writer<'a> {
    fn new(model: &'a SegmentModel, export: SqlExport<'a>) -> Writer<'a> {
        let columns = if export.columns.is_empty() { model.inputs() } else { export.columns.to_vec() };
        let mut p = "segmentum_".to_owned();
        while columns.iter().any(|c| c.to_lowercase().starts_with(&p)) {
            p.push('_');
        }
        Writer { model, d: export.dialect, table: export.table, columns, p }
    }

    fn n(&self) -> usize {
        self.model.features().len()
    }

    fn k(&self) -> usize {
        self.model.k()
    }

    fn query(&self) -> String {
        let mut out = self.provenance();
        let steps = [
            ("inputs", "The model's inputs: numbers as doubles, category values as text without spaces around.", self.inputs()),
            (
                "keyed",
                "Each category value by its place in the model's list, lower-cased (none for a value the model never saw).",
                self.keyed(),
            ),
            ("checked", "Each row's first problem, as Batch finds it: numbers first, then categories.", self.checked()),
            ("filled", &*self.fill_comment(), self.filled()),
            (
                "transformed",
                "Transforms: ln(1 + x) mirrored below 0 (sign(x)·ln(1 + |x|)), or winsorizing.",
                self.transformed(),
            ),
            ("scaled", "Scaling: (x − offset) / scale.", self.scaled()),
            ("encoded", "Categories one-hot: the customer's own value weighted, the others 0.", self.encoded()),
            ("distances", "Distance to each centre where the segments were found (model space).", self.distances()),
            ("nearest", "The distance to the nearest centre.", self.nearest()),
            ("chosen", "Its segment (the lowest id on a tie); none for a row with a problem.", self.chosen()),
            ("ranked", "The runner-up: the nearest of the other centres.", self.ranked()),
        ];
        // A step with nothing to do (no missing numbers filled, no categories) is left out.
        let steps: Vec<_> = steps.iter().filter(|(_, _, columns)| !columns.is_empty()).collect();
        out.push_str("WITH\n");
        let mut previous = None;
        for (i, (name, comment, columns)) in steps.iter().enumerate() {
            let from = previous.map_or_else(|| self.d.table(self.table), str::to_owned);
            let select = if previous.is_some() { "*".to_owned() } else { self.source_columns() };
            let _ = write!(
                out,
                "{name} AS {}(\n  -- {comment}\n  SELECT {select},\n    {}\n  FROM {from}\n){}\n",
                self.d.materialized(),
                columns.join(",\n    "),
                if i + 1 < steps.len() { "," } else { "" }
            );
            previous = Some(name);
        }
        out.push_str(&self.result());
        out
    }

    fn provenance(&self) -> String {
        let m = self.model;
        let mut lines: Vec<String> = Vec::new();
        lines.push(format!("Segmentum: {} segments scored in SQL ({}).", self.k(), self.d.label()));
        lines.push(format!("Model {}: {}.", about::trained(m), about::method(m)));
        lines.push(format!("Features: {}; scaling: {}.", about::features(m), about::scaling(m.encoding.scaling.kind)));
        for c in &m.encoding.categories {
            lines.push(format!("Category \"{}\": {}.", c.name, quoted_list(&c.values)));
        }
        let names: Vec<String> = m.segments.iter().map(|s| format!("{} {}", s.id, s.label.name)).collect();
        lines.push(format!("Segments: {}.", names.join(", ")));
        lines.push(format!(
            "Returns every row of {} with its columns and {}, as Segmentum's Batch results file:",
            self.d.table(self.table),
            RESULT_COLUMNS.join(", ")
        ));
        lines.push(
            "distance_to_centroid in the features' own units, confidence 1 − d1/d2 where the segments were found,"
                .to_owned(),
        );
        lines.push("error why a row has no segment (a missing number is NULL).".to_owned());
        lines.iter().map(|line| format!("-- {}\n", one_line(line))).collect()
    }

    fn x(&self, j: usize) -> String {
        format!("{}x{}", self.p, j + 1)
    }

    fn text(&self, i: usize) -> String {
        format!("{}text{}", self.p, i + 1)
    }

    fn key(&self, i: usize) -> String {
        format!("{}category{}", self.p, i + 1)
    }

    fn z(&self, j: usize) -> String {
        format!("{}z{}", self.p, j + 1)
    }

    fn dist(&self, s: usize) -> String {
        format!("{}d{}", self.p, s + 1)
    }

    fn error(&self) -> String {
        format!("{}error", self.p)
    }

    /// The coordinates of model space, in order: numbers, then each category's values.
    fn coordinates(&self) -> Vec<String> {
        let numbers = (0..self.n()).map(|j| self.z(j));
        let categories = self
            .model
            .encoding
            .categories
            .iter()
            .enumerate()
            .flat_map(|(i, c)| (0..c.values.len()).map(move |v| format!("{}onehot{}_{}", self.p, i + 1, v + 1)));
        numbers.chain(categories).collect()
    }

    fn source_columns(&self) -> String {
        self.columns.iter().map(|c| self.d.ident(c)).collect::<Vec<_>>().join(", ")
    }

    fn inputs(&self) -> Vec<String> {
        let d = self.d;
        let numbers = (0..self.n())
            .map(|j| format!("CAST({} AS {}) AS {}", d.ident(&self.model.features()[j]), d.double_type(), self.x(j)));
        let texts = self
            .model
            .encoding
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| format!("TRIM(CAST({} AS {})) AS {}", d.ident(&c.name), d.text_type(), self.text(i)));
        numbers.chain(texts).collect()
    }

    /// Each category's value as its 1-based place in the model's list, matched on every spelling
    /// a database's `LOWER` can make of one Batch reads as that value: first as `TRIM` left it
    /// (spaces off), and only for a value that did not match, trimmed of every other white space
    /// Batch trims too (a `TRIM` with a list of characters on every row doubles DuckDB's time).
    fn keyed(&self) -> Vec<String> {
        (0..self.model.encoding.categories.len())
            .map(|i| {
                format!(
                    "{}\n      ELSE {}\n      END\n    END AS {}",
                    self.value_place(i, &self.text(i)),
                    self.value_place(i, &self.trimmed(i)),
                    self.key(i)
                )
            })
            .collect()
    }

    /// `CASE LOWER(text) WHEN spelling THEN place …` for every value of category `i`.
    fn value_place(&self, i: usize, text: &str) -> String {
        let whens: Vec<String> = self.model.encoding.categories[i]
            .values
            .iter()
            .enumerate()
            .flat_map(|(v, value)| {
                lowered_spellings(value).into_iter().map(move |k| format!("WHEN {} THEN {}", self.d.string(&k), v + 1))
            })
            .collect();
        format!("CASE LOWER({text}) {}", whens.join(" "))
    }

    /// Category `i`'s value trimmed as Batch trims it.
    fn trimmed(&self, i: usize) -> String {
        self.d.trim(&self.text(i))
    }

    fn checked(&self) -> Vec<String> {
        vec![format!("{} AS {}", self.first_problem(), self.error())]
    }

    /// Batch's message for a row's first problem: a feature's missing number (when the model
    /// does not fill them) or one past [`MAX_MAGNITUDE`], then a category's empty or unseen value.
    fn first_problem(&self) -> String {
        let d = self.d;
        let m = self.model;
        let filled = m.encoding.fill.len() == self.n();
        let mut cases = Vec::new();
        for (j, f) in m.features().iter().enumerate() {
            if !filled {
                let message = without_place(&DataError::EmptyCell { at: place(), column: f.clone() });
                cases.push(format!("WHEN {} IS NULL THEN {}", self.x(j), d.string(&message)));
            }
            let large = DataError::TooLarge { at: place(), column: f.clone(), value: MARKER.to_owned() };
            let x = self.x(j);
            let value = format!("CAST({x} AS {})", d.text_type());
            cases.push(format!("WHEN ABS({x}) > {} THEN {}", d.number(MAX_MAGNITUDE), self.around(&large, &value)));
        }
        // Only a row whose value matched none is looked at again (the slow trim).
        for (i, c) in m.encoding.categories.iter().enumerate() {
            let empty = without_place(&DataError::EmptyCategory { at: place(), column: c.name.clone() });
            let unknown = DataError::UnknownCategory {
                at: place(),
                column: c.name.clone(),
                value: MARKER.to_owned(),
                known: quoted_list(&c.values),
            };
            let value = self.trimmed(i);
            cases.push(format!(
                "WHEN {} IS NULL THEN CASE WHEN COALESCE({value}, '') = '' THEN {} ELSE {} END",
                self.key(i),
                d.string(&empty),
                self.around(&unknown, &Self::excerpt(&value))
            ));
        }
        format!("CASE\n      {}\n    END", cases.join("\n      "))
    }

    /// A message with the row's value (`value`, SQL) where [`MARKER`] stands.
    fn around(&self, e: &DataError, value: &str) -> String {
        let message = without_place(e);
        let (before, after) = message.split_once(MARKER).unwrap_or((&message, ""));
        format!("{} || {value} || {}", self.d.string(before), self.d.string(after))
    }

    /// A value as messages quote it: its first [`QUOTED_CHARS`] characters, then "…".
    fn excerpt(value: &str) -> String {
        format!(
            "CASE WHEN LENGTH({value}) > {QUOTED_CHARS} THEN SUBSTR({value}, 1, {QUOTED_CHARS}) || '…' ELSE {value} END"
        )
    }

    fn fill_comment(&self) -> String {
        let m = &self.model.encoding;
        if m.fill.len() == self.n() {
            format!("Missing numbers (NULL) filled with the training {} of each feature.", m.missing.key())
        } else {
            "Missing numbers are not filled: such a row gets an error.".to_owned()
        }
    }

    fn filled(&self) -> Vec<String> {
        let fill = &self.model.encoding.fill;
        if fill.len() != self.n() {
            return Vec::new();
        }
        (0..self.n())
            .map(|j| format!("COALESCE({x}, {}) AS {x}_filled", self.d.number(fill[j]), x = self.x(j)))
            .collect()
    }

    /// The numbers as filled (original units): what distances in original units are measured on.
    fn value(&self, j: usize) -> String {
        if self.model.encoding.fill.len() == self.n() {
            format!("{}_filled", self.x(j))
        } else {
            self.x(j)
        }
    }

    fn transformed(&self) -> Vec<String> {
        (0..self.n())
            .map(|j| {
                let x = self.value(j);
                let expr = match self.model.encoding.transform(j) {
                    Transform::None => x,
                    Transform::Log => format!("CASE WHEN {x} < 0 THEN -LN(1 - {x}) ELSE LN(1 + {x}) END"),
                    Transform::Winsorize { low, high } => format!(
                        "CASE WHEN {x} < {lo} THEN {lo} WHEN {x} > {hi} THEN {hi} ELSE {x} END",
                        lo = self.d.number(low),
                        hi = self.d.number(high)
                    ),
                };
                format!("{expr} AS {}t{}", self.p, j + 1)
            })
            .collect()
    }

    fn scaled(&self) -> Vec<String> {
        let s = &self.model.encoding.scaling;
        (0..self.n())
            .map(|j| {
                format!(
                    "({}t{} - {}) / {} AS {}",
                    self.p,
                    j + 1,
                    self.d.number(s.offset[j]),
                    self.d.number(s.scale[j]),
                    self.z(j)
                )
            })
            .collect()
    }

    fn encoded(&self) -> Vec<String> {
        let coordinates = self.coordinates();
        let mut out = Vec::new();
        let mut at = self.n();
        for (i, c) in self.model.encoding.categories.iter().enumerate() {
            for v in 0..c.values.len() {
                out.push(format!(
                    "CASE WHEN {} = {} THEN {} ELSE {} END AS {}",
                    self.key(i),
                    v + 1,
                    self.d.number(c.weight),
                    self.d.number(0.0),
                    coordinates[at]
                ));
                at += 1;
            }
        }
        out
    }

    fn distances(&self) -> Vec<String> {
        let coordinates = self.coordinates();
        self.model
            .segments
            .iter()
            .enumerate()
            .map(|(s, segment)| {
                let terms: Vec<String> = coordinates
                    .iter()
                    .zip(&segment.model_centre)
                    .map(|(c, &m)| {
                        let m = self.d.number(m);
                        format!("({c} - {m}) * ({c} - {m})")
                    })
                    .collect();
                format!("SQRT({}) AS {}", terms.join("\n      + "), self.dist(s))
            })
            .collect()
    }

    fn nearest(&self) -> Vec<String> {
        let k = self.k();
        let best = if k == 1 {
            self.dist(0)
        } else {
            format!("{}({})", self.d.least(), (0..k).map(|s| self.dist(s)).collect::<Vec<_>>().join(", "))
        };
        vec![format!("{best} AS {}", self.best())]
    }

    fn chosen(&self) -> Vec<String> {
        let whens: Vec<String> =
            (0..self.k()).map(|s| format!("WHEN {} = {} THEN {}", self.dist(s), self.best(), s + 1)).collect();
        vec![format!(
            "CASE WHEN {} IS NOT NULL THEN NULL\n      {}\n    END AS {}id",
            self.error(),
            whens.join("\n      "),
            self.p
        )]
    }

    fn best(&self) -> String {
        format!("{}nearest", self.p)
    }

    fn ranked(&self) -> Vec<String> {
        let k = self.k();
        if k == 1 {
            return vec![format!("CAST(NULL AS {}) AS {}runner_up", self.d.double_type(), self.p)];
        }
        let others: Vec<String> = (0..k)
            .map(|s| format!("CASE WHEN {}id = {} THEN {FAR} ELSE {} END", self.p, s + 1, self.dist(s)))
            .collect();
        vec![format!("{}(\n      {}\n    ) AS {}runner_up", self.d.least(), others.join(",\n      "), self.p)]
    }

    fn result(&self) -> String {
        let d = self.d;
        let p = &self.p;
        let names: Vec<String> =
            self.model.segments.iter().map(|s| format!("WHEN {} THEN {}", s.id, d.string(&s.label.name))).collect();
        let originals: Vec<String> = self
            .model
            .segments
            .iter()
            .map(|s| {
                let terms: Vec<String> = (0..self.n())
                    .map(|j| {
                        let c = d.number(s.centre[j]);
                        format!("({x} - {c}) * ({x} - {c})", x = self.value(j))
                    })
                    .collect();
                format!("WHEN {} THEN SQRT({})", s.id, terms.join(" + "))
            })
            .collect();
        let one = d.number(1.0);
        let confidence = format!(
            "CASE WHEN {p}id IS NULL THEN NULL\n    WHEN {p}runner_up IS NULL OR {p}runner_up >= {FAR} OR {p}runner_up <= 0 THEN {one}\n    ELSE {one} - {} / {p}runner_up\n  END",
            self.best()
        );
        let mut columns: Vec<String> = self.columns.iter().map(|c| d.ident(c)).collect();
        columns.push(format!("{p}id AS {}", d.ident(RESULT_COLUMNS[0])));
        columns.push(format!("CASE {p}id\n    {}\n  END AS {}", names.join("\n    "), d.ident(RESULT_COLUMNS[1])));
        columns.push(format!("CASE {p}id\n    {}\n  END AS {}", originals.join("\n    "), d.ident(RESULT_COLUMNS[2])));
        columns.push(format!("{confidence} AS {}", d.ident(RESULT_COLUMNS[3])));
        columns.push(format!("{} AS {}", self.error(), d.ident(RESULT_COLUMNS[4])));
        // A model from another tool's file: its cluster there, as Batch's results add it.
        if let Some(imported) = &self.model.imported {
            let ids: Vec<String> = imported
                .clusters
                .iter()
                .enumerate()
                .map(|(s, c)| format!("WHEN {} THEN {}", s + 1, d.string(&c.id)))
                .collect();
            columns.push(format!("CASE {p}id\n    {}\n  END AS {}", ids.join("\n    "), d.ident(SOURCE_CLUSTER)));
        }
        format!(
            "-- The results, as Segmentum's Batch file has them.\nSELECT\n  {}\nFROM ranked\n",
            columns.join(",\n  ")
        )
    }
}

/// Text for a `--` comment: a header, a value or a name may hold a line break, and the rest of
/// it would then be SQL, not comment.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') { ' ' } else { c }).collect()
}

/// Where a row's value goes in a message, split there.
const MARKER: &str = "\u{0}";

/// The lower-cased spellings a database can make of a text Batch reads as `value`: its key, and,
/// where `LOWER` folds ASCII letters alone (SQLite; PostgreSQL in the C locale), the training
/// spelling and its capitals so folded. Only spellings whose key is the value's: Batch's match.
fn lowered_spellings(value: &str) -> Vec<String> {
    let key = category_key(value);
    let trimmed = value.trim();
    let mut out = vec![key.clone()];
    for s in [trimmed.to_ascii_lowercase(), trimmed.to_uppercase().to_ascii_lowercase()] {
        if s.to_lowercase() == key && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A place for messages whose place is then taken out.
fn place() -> Place {
    Place::Line(1)
}

/// A message without its place: "Line 1, column …" becomes "Column …".
fn without_place(e: &DataError) -> String {
    let text = e.to_string();
    let rest = text.strip_prefix("Line 1, ").unwrap_or(&text);
    let mut chars = rest.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_name_stays_inside_its_comment() {
        let csv = "id,\"Spend\nDROP TABLE customers; --\",visits\n1,10,1\n2,11,2\n3,90,9\n4,91,8\n";
        let table = crate::Table::from_csv_bytes(csv.as_bytes()).unwrap();
        let mut model = crate::segment_table(&table, &crate::TrainRequest::new(vec![1, 2], 2)).unwrap().model;
        model.segments[0].label.name = "VIP\r\nDELETE FROM customers".into();
        for dialect in Dialect::ALL {
            let sql = score_sql(&model, SqlExport { dialect, table: "customers", columns: &[] });
            // The header is comments only: a name's line break does not end its comment.
            let (head, _) = sql.split_once("\nWITH\n").unwrap();
            assert!(head.lines().all(|l| l.starts_with("-- ")), "{dialect:?}:\n{head}");
            assert!(sql.lines().filter(|l| l.starts_with("-- ")).all(|l| !l.contains('\r')));
        }
    }

    #[test]
    fn a_message_loses_its_line_and_starts_with_a_capital() {
        let e = DataError::EmptyCell { at: place(), column: "Age".into() };
        assert!(without_place(&e).starts_with("Column \"Age\" is empty."), "{}", without_place(&e));
    }

    #[test]
    fn a_value_matches_in_every_spelling_a_lower_can_make_of_one_batch_reads_as_it() {
        assert_eq!(lowered_spellings(" Été "), ["été", "Été", "ÉtÉ"]);
        assert_eq!(lowered_spellings("Female"), ["female"]);
        // "STRASSE" is not "Straße" to Batch, so its ASCII-folded capitals are not offered.
        assert_eq!(lowered_spellings("Straße"), ["straße"]);
    }
}
