//! The segments of the current workspace: a scatter of every customer and a card per segment.

use std::sync::Arc;

use leptos::prelude::*;

use crate::{
    charts,
    components::{chart::Chart, segment_card::SegmentCard},
    format,
    workspace::Workspace,
};

#[component]
pub fn Overview(
    /// The data and segmentation to show.
    workspace: Signal<Arc<Workspace>>,
) -> impl IntoView {
    let option =
        Memo::new(move |_| workspace.with(|w| charts::segment_scatter(&w.segmentation, 0, 1)));
    let caption = Signal::derive(move || {
        workspace.with(|w| {
            let s = &w.segmentation;
            format!(
                "Scatter plot of {} customers, {} against {}, coloured by their {} segments; diamonds mark segment centres.",
                format::thousands(s.points.rows()),
                s.features[1].trim(),
                s.features[0].trim(),
                s.segments.len()
            )
        })
    });
    let cards = move || {
        workspace.with(|w| {
            let features = w.segmentation.features.clone();
            w.segmentation
                .segments
                .iter()
                .map(|s| view! { <SegmentCard segment=s.clone() features=features.clone() /> })
                .collect_view()
        })
    };
    view! {
        <section class="page" aria-labelledby="overview-title">
            <h2 id="overview-title">"Customer segments"</h2>
            <div class="panel">
                <Chart option=option testid="overview-chart" caption=caption />
            </div>
            <div class="cards">{cards}</div>
        </section>
    }
}
