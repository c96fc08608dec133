//! Trains a model as the app would, writes it as ONNX and what Batch gives each row of a file at
//! full precision: for `tests/oracles/onnx_runtime.py`, which scores the ONNX file in ONNX
//! Runtime and compares.
//!
//! Usage: cargo run -p engine --example export_onnx -- --train T.csv --score S.csv
//!            --features "Age,Annual Income (k$)" [--log "Annual Income (k$)"] [--winsorize Age]
//!            [--scaling standard] [--missing mean] --k 5 --out DIR
//!
//! Writes DIR/model.json, DIR/model.onnx and DIR/engine.csv: segment_id, distance_to_centroid,
//! confidence (shortest round-trip text) and error, one line per row of the score file.
#[path = "common/oracle.rs"]
mod oracle;

use engine::export::model_onnx;
use oracle::{engine_csv, read_table, train, Error, Flags};

fn main() -> Result<(), Error> {
    let flags = Flags::from_args();
    let (model, _) = train(&flags)?;
    let score = read_table(flags.needed("--score")?)?;
    let out = std::path::PathBuf::from(flags.needed("--out")?);
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("model.json"), model.to_json())?;
    std::fs::write(out.join("model.onnx"), model_onnx(&model)?)?;
    std::fs::write(out.join("engine.csv"), engine_csv(&model, &score)?)?;
    Ok(())
}
