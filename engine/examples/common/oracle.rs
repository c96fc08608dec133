//! What the oracle examples (`export_sql`, `export_onnx`, `pmml_score`) share: their flags, a
//! model trained from them as the app would train it, and Batch's figures for every row of a file.
//!
//! Each example uses some of it, so what one leaves unused is not dead.
#![allow(dead_code)]

use std::{collections::HashMap, fmt::Write};

use engine::{
    batch::classify_table,
    prep::{MissingRule, Preparation, TransformKind},
    segment_table, FitSettings, KMeansParams, ScalingKind, SegmentModel, Table, TrainRequest,
};

pub type Error = Box<dyn std::error::Error>;

/// `--name value` pairs.
pub struct Flags(HashMap<String, String>);

impl Flags {
    pub fn from_args() -> Flags {
        let args: Vec<String> = std::env::args().skip(1).collect();
        Flags(args.chunks(2).map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default())).collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn needed(&self, name: &str) -> Result<&str, Error> {
        self.get(name).ok_or_else(|| format!("{name} is needed").into())
    }

    /// A comma-separated list (none when the flag is absent).
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name).map_or_else(Vec::new, |v| v.split(',').map(str::to_owned).filter(|s| !s.is_empty()).collect())
    }
}

pub fn read_table(path: &str) -> Result<Table, Error> {
    Ok(Table::from_csv_bytes(&std::fs::read(path)?)?)
}

/// A column by its exact header.
pub fn column(table: &Table, name: &str) -> Result<usize, Error> {
    table.headers().iter().position(|h| h == name).ok_or_else(|| format!("no column {name}").into())
}

/// The model the app trains on `--train` with `--features`, `--categories`, `--log`,
/// `--winsorize`, `--missing` (mean, median), `--scaling` and `--k`; and the training table.
pub fn train(flags: &Flags) -> Result<(SegmentModel, Table), Error> {
    let path = flags.needed("--train")?;
    let table = read_table(path)?;
    let features = flags.list("--features");
    let columns = features.iter().map(|f| column(&table, f)).collect::<Result<Vec<_>, _>>()?;
    let categories = flags.list("--categories").iter().map(|c| column(&table, c)).collect::<Result<Vec<_>, _>>()?;
    let (logged, winsorized) = (flags.list("--log"), flags.list("--winsorize"));
    let transforms = features
        .iter()
        .map(|f| match (logged.contains(f), winsorized.contains(f)) {
            (true, _) => TransformKind::Log,
            (false, true) => TransformKind::Winsorize,
            (false, false) => TransformKind::None,
        })
        .collect();
    let missing = match flags.get("--missing") {
        Some("mean") => MissingRule::Mean,
        Some("median") => MissingRule::Median,
        _ => MissingRule::Skip,
    };
    let scaling = flags.get("--scaling").and_then(ScalingKind::from_key).unwrap_or_default();
    let fit = FitSettings {
        columns,
        prep: Preparation { categories, transforms, missing },
        scaling,
        params: KMeansParams::new(flags.needed("--k")?.parse()?),
    };
    let mut request = TrainRequest::from(fit);
    request.source = path.rsplit('/').next().unwrap_or_default().to_owned();
    request.created_at = "2026-12-04T00:00:00Z".to_owned();
    request.silhouette = false;
    let model = segment_table(&table, &request)?.model;
    Ok((model, table))
}

/// Batch's figures for every row of `score` at full precision (segment_id, distance_to_centroid,
/// confidence as shortest round-trip text, error), as `engine.csv`.
pub fn engine_csv(model: &SegmentModel, score: &Table) -> Result<String, Error> {
    let inputs: Vec<usize> = model.inputs().iter().map(|f| column(score, f)).collect::<Result<_, _>>()?;
    let result = classify_table(model, score, &inputs);
    let mut csv = String::from("segment_id,distance_to_centroid,confidence,error\n");
    for row in 0..result.len() {
        match result.get(row) {
            Ok(r) => writeln!(csv, "{},{:?},{:?},", model.segments[r.segment].id, r.distance, r.confidence)?,
            Err(e) => writeln!(csv, ",,,\"{}\"", e.to_string().replace('"', "\"\""))?,
        }
    }
    Ok(csv)
}
