//! The customer's segment: who they are, how sure, and how far from every centre.

use engine::{predict::BORDERLINE, SegmentModel};
use leptos::prelude::*;

use crate::{components::segment_swatch::SegmentSwatch, format, state::use_app_state};

#[component]
pub fn SegmentOf(
    /// The classification, while the inputs fit the model.
    result: Signal<super::Placement>,
) -> impl IntoView {
    let state = use_app_state();
    let (current, customer) = (state.current, state.predict.customer);
    move || {
        let r = result.get()?;
        current.with(|c| {
            let m = &c.model;
            let s = &m.segments[r.segment];
            let borderline = (r.confidence < BORDERLINE).then(|| {
                r.runner_up.map(|o| format!("Borderline between {} and {}.", s.label.name, m.segments[o].label.name))
            });
            let averages = m
                .features()
                .iter()
                .zip(&s.stats)
                .map(|(f, v)| format!("{} {}", f.trim(), format::value_of(f, v.mean)))
                .collect::<Vec<_>>()
                .join(", ");
            // The customer in model space once, for every segment's row.
            let (values, encoded) = customer.with(|k| (k.values.clone(), m.encoding.encode_row(&k.values, &k.codes)));
            let distances = ranked(&r.distances)
                .into_iter()
                .map(|j| {
                    let o = &m.segments[j];
                    view! {
                        <tr class:best=o.id == s.id>
                            <th scope="row"><SegmentSwatch colour=o.label.colour.clone() />{o.label.name.clone()}</th>
                            <td class="number">{format!("{:.2}", r.distances[j])}</td>
                            <td class="differences">{differences(m, j, &values, &encoded)}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="prediction" style=format!("--segment-colour: {}", s.label.colour)>
                    <p class="segment-line">"Segment " {s.id} ": "
                        <strong data-testid="predict-segment" class="segment-name">{s.label.name.clone()}</strong></p>
                    <p>{s.label.description.clone()}</p>
                    <p><strong>"Strategy: "</strong>{s.label.strategy.clone()}</p>
                    <dl class="model-facts">
                        <div><dt>"Distance to its centre"</dt><dd data-testid="predict-distance">{format!("{:.2}", r.distance)}</dd></div>
                        <div><dt>"Confidence"</dt><dd data-testid="predict-confidence">{format::percent(r.confidence)}</dd></div>
                        <div class="wide"><dt>"Its members' averages"</dt><dd>{averages}</dd></div>
                        {m.encoding.categories.iter().zip(&s.mix).map(|(c, mix)| view! {
                            <div><dt>{c.name.trim().to_owned()} " in this segment"</dt><dd>{format::category_mix(c, mix)}</dd></div>
                        }).collect_view()}
                    </dl>
                    {borderline.flatten().map(|b| view! { <p class="warning" data-testid="predict-borderline">{b}</p> })}
                    <p class="hint">"Confidence is 1 − d₁/d₂, where d₁ and d₂ are the distances to the nearest and the second-nearest segment centre in the model's (scaled) space: 100% sits on a centre, 0% on the boundary between two segments."</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Distance to every segment centre">
                        <table class="distances" data-testid="predict-distances">
                            <caption>{distance_caption(m)}</caption>
                            <thead><tr>
                                <th scope="col">"Segment, nearest first"</th>
                                <th scope="col">"Distance"</th>
                                <th scope="col">"This customer against its members' average"</th>
                            </tr></thead>
                            <tbody>{distances}</tbody>
                        </table>
                    </div>
                </div>
            })
        })
    }
}

/// Segment indices by distance, nearest first (the lowest index first on a tie, as the model
/// chooses).
fn ranked(distances: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..distances.len()).collect();
    order.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]).then(a.cmp(&b)));
    order
}

/// What the distances are measured in: the space the model chooses in.
fn distance_caption(m: &SegmentModel) -> String {
    let raw = m.encoding.scaling.kind == engine::ScalingKind::None
        && m.encoding.transforms.is_empty()
        && m.encoding.categories.is_empty();
    let space = if raw {
        "in the features' own units, as the model measures them"
    } else {
        "in the model's space (scaled, transformed, categories included), where it chooses the nearest centre"
    };
    format!("Distance to every segment centre, {space}; beside it, how this customer differs from that segment's members' average in original units.")
}

/// "Income +12,300 · Recency −20": the customer minus the members' average of segment `j` (the
/// figure its card shows), in original units, for the numeric features furthest from its centre
/// in the model's space (`encoded`: the customer there), at most [`LISTED`].
fn differences(m: &SegmentModel, j: usize, values: &[f64], encoded: &[f64]) -> String {
    let averages: Vec<f64> = m.segments[j].stats.iter().map(|s| s.mean).collect();
    let features = m.features();
    let model_centre = &m.segments[j].model_centre;
    let mut order: Vec<usize> = (0..features.len()).collect();
    let gap = |f: usize| (encoded[f] - model_centre[f]).abs();
    order.sort_by(|&a, &b| gap(b).total_cmp(&gap(a)).then(a.cmp(&b)));
    order
        .into_iter()
        .take(LISTED)
        .filter_map(|f| Some((features.get(f)?, values.get(f)? - averages.get(f)?)))
        .map(|(name, d)| format!("{} {}", name.trim(), signed(d)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Features listed per segment in the distance table.
const LISTED: usize = 3;

/// A difference with its sign: "+12,300", "−20".
fn signed(d: f64) -> String {
    let size = format::value(d.abs());
    // What rounds to zero has no sign ("−0" says nothing).
    let sign = match d {
        _ if size == "0" => "",
        _ if d < 0.0 => "−",
        _ => "+",
    };
    format!("{sign}{size}")
}
