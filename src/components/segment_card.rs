//! One segment at a glance: who they are, how many, and what to do about them.

use engine::Segment;
use leptos::prelude::*;

use crate::format;

#[component]
pub fn SegmentCard(
    /// The segment to show.
    segment: Segment,
    /// Feature names, in the order of the segment's centroid.
    features: Vec<String>,
) -> impl IntoView {
    let colour = segment.label.colour.clone();
    let averages = features
        .iter()
        .zip(&segment.stats)
        .map(|(name, stats)| {
            view! {
                <div class="stat">
                    <dt>"Average " {name.trim().to_owned()}</dt>
                    <dd>{format::value(stats.mean)}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <article class="segment-card" data-testid="segment-card" style=format!("--segment-colour: {colour}")>
            <header>
                <span class="swatch" aria-hidden="true"></span>
                <h3 data-testid="segment-name">{segment.label.name.clone()}</h3>
                <span class="segment-id">"Segment " {segment.id + 1}</span>
            </header>
            <p class="description">{segment.label.description.clone()}</p>
            <p class="strategy"><strong>"Strategy: "</strong>{segment.label.strategy.clone()}</p>
            <p class="size" data-testid="segment-size">
                {format::thousands(segment.size)} " customers · " {format::percent(segment.share)}
            </p>
            <dl class="stats">{averages}</dl>
        </article>
    }
}
