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
use std::{collections::HashMap, fmt::Write};

use engine::{
    batch::classify_table,
    export::model_pmml,
    pmml::read_pmml,
    prep::{MissingRule, Preparation, TransformKind},
    segment_table,
    segmentation::model_columns,
    FitSettings, KMeansParams, ScalingKind, SegmentModel, Table, TrainRequest,
};

type Flags<'a> = HashMap<&'a str, &'a str>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Flags = args.chunks(2).map(|p| (p[0].as_str(), p.get(1).map_or("", String::as_str))).collect();
    let flag = |name: &str| flags.get(name).copied().ok_or(format!("{name} is needed"));
    let model = match flags.get("--pmml") {
        Some(path) => read_pmml(&std::fs::read(path)?)?,
        None => {
            let model = train(&flags)?;
            std::fs::write(flag("--export")?, model_pmml(&model))?;
            model
        }
    };
    let score = Table::from_csv_bytes(&std::fs::read(flag("--score")?)?)?;
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

/// A model trained as the app would, from the flags.
fn train(flags: &Flags) -> Result<SegmentModel, Box<dyn std::error::Error>> {
    let flag = |name: &str| flags.get(name).copied().ok_or(format!("{name} is needed"));
    let list = |name: &str| -> Vec<String> {
        flags.get(name).map_or_else(Vec::new, |v| v.split(',').map(str::to_owned).filter(|s| !s.is_empty()).collect())
    };
    let train = Table::from_csv_bytes(&std::fs::read(flag("--train")?)?)?;
    let at = |name: &str| train.headers().iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let features = list("--features");
    let columns = features.iter().map(|f| at(f)).collect::<Result<Vec<_>, _>>()?;
    let categories = list("--categories").iter().map(|f| at(f)).collect::<Result<Vec<_>, _>>()?;
    let logged = list("--log");
    let transforms =
        features.iter().map(|f| if logged.contains(f) { TransformKind::Log } else { TransformKind::None }).collect();
    let scaling = flags.get("--scaling").and_then(|s| ScalingKind::from_key(s)).unwrap_or_default();
    let fit = FitSettings {
        columns,
        prep: Preparation { categories, transforms, missing: MissingRule::Skip },
        scaling,
        params: KMeansParams::new(flag("--k")?.parse()?),
    };
    let mut request = TrainRequest::from(fit);
    request.source = flag("--train")?.rsplit('/').next().unwrap_or_default().to_owned();
    request.created_at = "2026-12-04T00:00:00Z".to_owned();
    request.silhouette = false;
    Ok(segment_table(&train, &request)?.model)
}
