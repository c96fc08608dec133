//! Trains a model as the app would, writes its SQL in every dialect and what Batch gives each
//! row of a file at full precision: for `tests/oracles/sql_engines.py`, which runs the SQL in
//! DuckDB and SQLite and compares.
//!
//! Usage: cargo run -p engine --example export_sql -- --train T.csv [--score S.csv]
//!            --features "Age,Annual Income (k$)" [--categories Genre] [--log "Annual Income (k$)"]
//!            [--scaling standard] [--missing mean] --k 5 --out DIR
//!
//! Writes DIR/model.json, DIR/<dialect>.sql (table `customers`, the score file's columns, else
//! the training file's) and, with a score file, DIR/engine.csv: segment_id, distance_to_centroid, confidence (shortest round-trip text) and
//! error, one line per row of the score file.
#[path = "common/oracle.rs"]
mod oracle;

use engine::export::{score_sql, Dialect, SqlExport};
use oracle::{engine_csv, read_table, train, Error, Flags};

fn main() -> Result<(), Error> {
    let flags = Flags::from_args();
    let (model, training) = train(&flags)?;
    // Without a file to score, only the SQL is written (benchmarks score millions of rows elsewhere).
    let score = flags.get("--score").map(read_table).transpose()?;
    let out = std::path::PathBuf::from(flags.needed("--out")?);
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("model.json"), model.to_json())?;
    let columns = score.as_ref().unwrap_or(&training).headers();
    for dialect in Dialect::ALL {
        let export = SqlExport { dialect, table: "customers", columns };
        std::fs::write(out.join(format!("{}.sql", dialect.key())), score_sql(&model, export))?;
    }
    if let Some(score) = score {
        std::fs::write(out.join("engine.csv"), engine_csv(&model, &score)?)?;
    }
    Ok(())
}
