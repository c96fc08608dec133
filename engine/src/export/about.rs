//! What every exported file says of its model in its comments: when and on what it was trained,
//! its features with their transforms, its scaling.

use crate::{model::SegmentModel, prep::Transform, ScalingKind};

/// `trained <time> on "<file>" (<n> rows used)`.
pub(crate) fn trained(model: &SegmentModel) -> String {
    let t = &model.training;
    format!(
        "trained {} on {} ({} rows used)",
        if t.created_at.is_empty() { "(time not recorded)" } else { &t.created_at },
        if t.source.is_empty() { "(source not recorded)".to_owned() } else { format!("\"{}\"", t.source) },
        t.rows_used
    )
}

/// `k-means, k = 5, seed 2, 20 starts; inertia 44448.45`.
pub(crate) fn method(model: &SegmentModel) -> String {
    let t = &model.training;
    format!(
        "k-means, k = {}, seed {}, {} starts; inertia {}",
        t.params.n_clusters, t.params.seed, t.params.n_init, t.inertia
    )
}

/// The features in order, quoted, each with its transform: `"Age", "Income" (log)`.
pub(crate) fn features(model: &SegmentModel) -> String {
    let described: Vec<String> = model
        .features()
        .iter()
        .enumerate()
        .map(|(j, f)| match model.encoding.transform(j) {
            Transform::None => format!("\"{f}\""),
            Transform::Log => format!("\"{f}\" (log)"),
            Transform::Winsorize { low, high } => format!("\"{f}\" (winsorized to {low}..{high})"),
        })
        .collect();
    described.join(", ")
}

/// The scaling as a comment names it.
pub(crate) fn scaling(kind: ScalingKind) -> &'static str {
    match kind {
        ScalingKind::None => "none",
        ScalingKind::Standard => "z-scores",
        ScalingKind::MinMax => "min-max",
        ScalingKind::Robust => "robust (median, IQR)",
    }
}
