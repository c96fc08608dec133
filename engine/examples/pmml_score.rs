//! Reads a PMML clustering model as the app would (`pmml::read_pmml`) and classifies every row of
//! a CSV file with Batch, for `tests/oracles/pmml_nyoka.py`, which compares each row's cluster
//! with scikit-learn's. Or trains a model as the app would and writes it as PMML, for a PMML
//! scorer (pypmml) to compare with Batch.
//!
//! Usage: cargo run -p engine --example pmml_score -- --pmml MODEL.pmml --score S.csv
//!        cargo run -p engine --example pmml_score -- --train T.csv --features "Age,Annual Income (k$)"
//!            [--categories Genre] [--log "Annual Income (k$)"] [--scaling standard] --k 5
//!            --export MODEL.pmml --score S.csv
//!
//! Prints one line per row of the score file: the segment's 1-based position in the PMML file,
//! the PMML cluster's id, the distance and confidence (shortest round-trip text), and the error
//! of a row not classified.
#[path = "common/oracle.rs"]
mod oracle;

use std::fmt::Write;

use engine::{batch::classify_table, export::model_pmml, pmml::read_pmml, segmentation::model_columns};
use oracle::{read_table, train, Error, Flags};

fn main() -> Result<(), Error> {
    let flags = Flags::from_args();
    let model = match flags.get("--pmml") {
        Some(path) => read_pmml(&std::fs::read(path)?)?,
        None => {
            let (model, _) = train(&flags)?;
            std::fs::write(flags.needed("--export")?, model_pmml(&model))?;
            model
        }
    };
    let score = read_table(flags.needed("--score")?)?;
    let (numbers, categories) =
        model_columns(&model, score.headers()).map_err(|missing| format!("no column {}", missing.join(", ")))?;
    let result = classify_table(&model, &score, &[numbers, categories].concat());
    let ids: Vec<String> = match &model.imported {
        Some(imported) => imported.clusters.iter().map(|c| c.id.clone()).collect(),
        None => model.segments.iter().map(|s| s.id.to_string()).collect(),
    };
    let mut out = String::from("position,cluster_id,distance,confidence,error\n");
    for row in 0..result.len() {
        match result.get(row) {
            Ok(r) => {
                let id = ids.get(r.segment).map_or("", String::as_str);
                writeln!(out, "{},\"{}\",{:?},{:?},", r.segment + 1, id.replace('"', "\"\""), r.distance, r.confidence)?
            }
            Err(e) => writeln!(out, ",,,,\"{}\"", e.to_string().replace('"', "\"\""))?,
        }
    }
    print!("{out}");
    Ok(())
}
