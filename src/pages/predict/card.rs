//! The customer's segment: who they are, how sure, and how far from every centre.

use engine::predict::BORDERLINE;
use leptos::prelude::*;

use crate::{components::segment_swatch::SegmentSwatch, format, state::use_app_state};

#[component]
pub fn SegmentOf(
    /// The classification, while the inputs fit the model.
    result: Signal<super::Placement>,
) -> impl IntoView {
    let current = use_app_state().current;
    move || {
        let r = result.get()?;
        current.with(|c| {
            let m = &c.model;
            let s = &m.segments[r.segment];
            let borderline = (r.confidence < BORDERLINE).then(|| {
                r.runner_up.map(|o| format!("Borderline between {} and {}.", s.label.name, m.segments[o].label.name))
            });
            let centre = m
                .features()
                .iter()
                .zip(&s.centre)
                .map(|(f, v)| format!("{} {}", f.trim(), format::value(*v)))
                .collect::<Vec<_>>()
                .join(", ");
            let distances = m
                .segments
                .iter()
                .zip(&r.distances)
                .map(|(o, d)| {
                    view! {
                        <tr class:best=o.id == s.id>
                            <th scope="row"><SegmentSwatch colour=o.label.colour.clone() />{o.label.name.clone()}</th>
                            <td>{format!("{d:.2}")}</td>
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
                        <div><dt>"Segment centre"</dt><dd>{centre}</dd></div>
                        {m.encoding.categories.iter().zip(&s.mix).map(|(c, mix)| view! {
                            <div><dt>{c.name.trim().to_owned()} " in this segment"</dt><dd>{format::category_mix(c, mix)}</dd></div>
                        }).collect_view()}
                    </dl>
                    {borderline.flatten().map(|b| view! { <p class="warning" data-testid="predict-borderline">{b}</p> })}
                    <p class="hint">"Confidence is 1 − d₁/d₂, where d₁ and d₂ are the distances to the nearest and the second-nearest segment centre in the model's (scaled) space: 100% sits on a centre, 0% on the boundary between two segments."</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Distance to every segment centre">
                        <table class="distances">
                            <caption>"Distance to every segment centre (original units)"</caption>
                            <tbody>{distances}</tbody>
                        </table>
                    </div>
                </div>
            })
        })
    }
}
