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
use std::{collections::HashMap, fmt::Write};

use engine::{
    batch::classify_table,
    export::model_onnx,
    prep::{MissingRule, Preparation, TransformKind},
    segment_table, FitSettings, KMeansParams, ScalingKind, Table, TrainRequest,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: HashMap<&str, &str> =
        args.chunks(2).map(|p| (p[0].as_str(), p.get(1).map_or("", String::as_str))).collect();
    let flag = |name: &str| flags.get(name).copied().ok_or(format!("{name} is needed"));
    let list = |name: &str| -> Vec<String> {
        flags.get(name).map_or_else(Vec::new, |v| v.split(',').map(str::to_owned).filter(|s| !s.is_empty()).collect())
    };
    let train = Table::from_csv_bytes(&std::fs::read(flag("--train")?)?)?;
    let score = Table::from_csv_bytes(&std::fs::read(flag("--score")?)?)?;
    let at = |t: &Table, name: &str| t.headers().iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let features = list("--features");
    let columns = features.iter().map(|f| at(&train, f)).collect::<Result<Vec<_>, _>>()?;
    let (logged, winsorized) = (list("--log"), list("--winsorize"));
    let transforms = features
        .iter()
        .map(|f| match (logged.contains(f), winsorized.contains(f)) {
            (true, _) => TransformKind::Log,
            (false, true) => TransformKind::Winsorize,
            (false, false) => TransformKind::None,
        })
        .collect();
    let missing = match flags.get("--missing").copied() {
        Some("mean") => MissingRule::Mean,
        Some("median") => MissingRule::Median,
        _ => MissingRule::Skip,
    };
    let scaling = match flags.get("--scaling").copied() {
        Some("standard") => ScalingKind::Standard,
        Some("minmax") => ScalingKind::MinMax,
        Some("robust") => ScalingKind::Robust,
        _ => ScalingKind::None,
    };
    let fit = FitSettings {
        columns,
        prep: Preparation { categories: Vec::new(), transforms, missing },
        scaling,
        params: KMeansParams::new(flag("--k")?.parse()?),
    };
    let mut request = TrainRequest::from(fit);
    request.source = flag("--train")?.rsplit('/').next().unwrap_or_default().to_owned();
    request.created_at = "2026-12-04T00:00:00Z".to_owned();
    request.silhouette = false;
    let model = segment_table(&train, &request)?.model;

    let out = std::path::PathBuf::from(flag("--out")?);
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("model.json"), model.to_json())?;
    std::fs::write(out.join("model.onnx"), model_onnx(&model)?)?;
    let inputs: Vec<usize> = model.inputs().iter().map(|f| at(&score, f)).collect::<Result<_, _>>()?;
    let result = classify_table(&model, &score, &inputs);
    let mut csv = String::from("segment_id,distance_to_centroid,confidence,error\n");
    for row in 0..result.len() {
        match result.get(row) {
            Ok(r) => writeln!(csv, "{},{:?},{:?},", model.segments[r.segment].id, r.distance, r.confidence)?,
            Err(e) => writeln!(csv, ",,,\"{}\"", e.to_string().replace('"', "\"\""))?,
        }
    }
    std::fs::write(out.join("engine.csv"), csv)?;
    Ok(())
}
