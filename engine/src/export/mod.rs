//! The model where the customers live: written out for engines built for hundreds of millions
//! of rows (a warehouse's SQL, Spark), scoring exactly as Batch does.

pub mod sql;

pub use sql::{score_sql, Dialect, SqlExport, DEFAULT_TABLE};
