//! How each database reads a query: its quoting of names and strings, its double literals and
//! types, its trimming, and the few functions whose names differ.

use serde::{Deserialize, Serialize};

use super::DEFAULT_TABLE;

/// The SQL dialects a query is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Postgres,
    Duckdb,
    Sqlite,
    Bigquery,
    Snowflake,
    Sparksql,
}

impl Dialect {
    pub const ALL: [Dialect; 6] =
        [Dialect::Postgres, Dialect::Duckdb, Dialect::Sqlite, Dialect::Bigquery, Dialect::Snowflake, Dialect::Sparksql];

    /// The value used in forms and file names.
    pub fn key(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Duckdb => "duckdb",
            Dialect::Sqlite => "sqlite",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Sparksql => "sparksql",
        }
    }

    pub fn from_key(key: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Duckdb => "DuckDB",
            Dialect::Sqlite => "SQLite",
            Dialect::Bigquery => "BigQuery",
            Dialect::Snowflake => "Snowflake",
            Dialect::Sparksql => "Spark SQL",
        }
    }

    /// An identifier, quoted: any header (spaces, `$`, parentheses) is a column name.
    pub fn ident(self, name: &str) -> String {
        match self {
            // BigQuery escapes inside backticks with a backslash; Spark doubles the backtick.
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Sparksql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A table name as typed, `schema.table` included: each part quoted.
    pub fn table(self, name: &str) -> String {
        let name = name.trim();
        let name = if name.is_empty() { DEFAULT_TABLE } else { name };
        name.split('.').map(|part| self.ident(part.trim())).collect::<Vec<_>>().join(".")
    }

    /// A string literal. BigQuery and Spark read backslash escapes, Snowflake too besides `''`.
    pub(super) fn string(self, text: &str) -> String {
        match self {
            Dialect::Bigquery | Dialect::Sparksql => {
                format!(
                    "'{}'",
                    text.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n").replace('\r', "\\r")
                )
            }
            Dialect::Snowflake => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// A double literal: the shortest text that reads back as the same number, typed as a double
    /// where the dialect would read `1.5` as an exact decimal (PostgreSQL's numeric, DuckDB's
    /// DECIMAL, Snowflake's NUMBER, Spark's decimal): arithmetic on those is slower and rounds
    /// at another place than Batch's doubles.
    pub(super) fn number(self, value: f64) -> String {
        let text = format!("{value:?}");
        let text = match self {
            Dialect::Postgres => format!("{text}::float8"),
            Dialect::Duckdb | Dialect::Snowflake => format!("{text}::DOUBLE"),
            Dialect::Sparksql => format!("{text}D"),
            Dialect::Sqlite | Dialect::Bigquery => text,
        };
        // `x - -1.5` reads as it should, but `--` would start a comment if a space went missing.
        if value.is_sign_negative() {
            format!("({text})")
        } else {
            text
        }
    }

    pub(super) fn double_type(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Sqlite => "REAL",
            Dialect::Bigquery => "FLOAT64",
            Dialect::Duckdb | Dialect::Snowflake | Dialect::Sparksql => "DOUBLE",
        }
    }

    pub(super) fn text_type(self) -> &'static str {
        match self {
            Dialect::Postgres | Dialect::Sqlite => "TEXT",
            Dialect::Duckdb | Dialect::Snowflake => "VARCHAR",
            Dialect::Bigquery | Dialect::Sparksql => "STRING",
        }
    }

    /// How a step is kept where the database would otherwise fold it into the next one and so
    /// work out each number once per use (SQLite and PostgreSQL inline a CTE read once).
    pub(super) fn materialized(self) -> &'static str {
        match self {
            Dialect::Postgres | Dialect::Sqlite => "MATERIALIZED ",
            _ => "",
        }
    }

    /// The smallest of several values: SQLite's `MIN` with two or more arguments.
    pub(super) fn least(self) -> &'static str {
        match self {
            Dialect::Sqlite => "MIN",
            _ => "LEAST",
        }
    }

    /// A text trimmed as Batch trims it: every Unicode white space at either end (a tab, a
    /// no-break space), where the databases' own `TRIM` takes spaces alone.
    pub(super) fn trim(self, text: &str) -> String {
        let chars = self.whitespace();
        match self {
            Dialect::Postgres | Dialect::Sparksql => format!("TRIM(BOTH {chars} FROM {text})"),
            _ => format!("TRIM({text}, {chars})"),
        }
    }

    /// Rust's white space ([`char::is_whitespace`]) as a string, written by code points: the
    /// characters themselves would be invisible in the query, or break its lines.
    fn whitespace(self) -> String {
        let codes: Vec<String> = WHITESPACE.iter().map(u32::to_string).collect();
        match self {
            Dialect::Sqlite => format!("CHAR({})", codes.join(", ")),
            Dialect::Bigquery => format!("CODE_POINTS_TO_STRING([{}])", codes.join(", ")),
            // Spark's `chr` takes its code modulo 256 (`chr(8192)` is U+0000), but its string
            // literals read `\uXXXX`.
            Dialect::Sparksql => format!("'{}'", WHITESPACE.iter().map(|c| format!("\\u{c:04X}")).collect::<String>()),
            _ => codes.iter().map(|c| format!("CHR({c})")).collect::<Vec<_>>().join(" || "),
        }
    }
}

/// Unicode's White_Space characters, the ones [`str::trim`] takes off.
const WHITESPACE: [u32; 25] = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
    0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_strings_are_quoted_as_each_dialect_reads_them() {
        assert_eq!(Dialect::Postgres.ident("Annual Income (k$)"), "\"Annual Income (k$)\"");
        assert_eq!(Dialect::Sqlite.ident("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(Dialect::Bigquery.ident("a`b\\c"), "`a\\`b\\\\c`");
        assert_eq!(Dialect::Sparksql.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Duckdb.table(" analytics.customers "), "\"analytics\".\"customers\"");
        assert_eq!(Dialect::Sparksql.table(""), "`customers`");
        assert_eq!(Dialect::Postgres.string("it's"), "'it''s'");
        assert_eq!(Dialect::Bigquery.string("it's a\\b"), "'it\\'s a\\\\b'");
        assert_eq!(Dialect::Snowflake.string("it's a\\b"), "'it''s a\\\\b'");
    }

    #[test]
    fn numbers_read_back_as_the_same_doubles_and_never_make_a_comment() {
        assert_eq!(Dialect::Duckdb.number(0.1), "0.1::DOUBLE");
        assert_eq!(Dialect::Sqlite.number(2.0), "2.0");
        assert_eq!(Dialect::Bigquery.number(2.5), "2.5");
        assert_eq!(Dialect::Postgres.number(-1e-7), "(-1e-7::float8)");
        assert_eq!(Dialect::Sparksql.number(38.85), "38.85D");
    }

    #[test]
    fn every_dialect_has_a_key_that_reads_back() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_key(d.key()), Some(d));
        }
        assert_eq!(Dialect::from_key("oracle"), None);
    }

    #[test]
    fn white_space_is_every_character_rust_trims() {
        let all: String = WHITESPACE.iter().filter_map(|&c| char::from_u32(c)).collect();
        assert_eq!(all.trim(), "");
        let count = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.is_whitespace()).count();
        assert_eq!(count, WHITESPACE.len());
        assert_eq!(Dialect::Postgres.trim("x"), format!("TRIM(BOTH {} FROM x)", Dialect::Postgres.whitespace()));
        assert!(Dialect::Sqlite.trim("x").starts_with("TRIM(x, CHAR(9, 10, 11, 12, 13, 32, 133, 160, "));
        let spark = Dialect::Sparksql.trim("x");
        assert!(spark.starts_with(r"TRIM(BOTH '\u0009\u000A\u000B"), "{spark}");
        assert!(spark.ends_with(r"\u205F\u3000' FROM x)"), "{spark}");
    }
}
