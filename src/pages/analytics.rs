//! Per-segment analytics of the current model: summary, a table, a CSV and charts.

use leptos::prelude::*;

use crate::{browser, charts, components::chart::Chart, format, state::use_app_state};

#[component]
pub fn Analytics() -> impl IntoView {
    let current = use_app_state().current;
    let summary = move || {
        current.with(|c| {
            let m = &c.model;
            let ranges = m
                .features
                .iter()
                .zip(&m.feature_stats)
                .map(|(f, s)| {
                    view! { <div><dt>{f.trim().to_owned()} " range"</dt><dd>{format::value(s.min)} " – " {format::value(s.max)}</dd></div> }
                })
                .collect_view();
            view! {
                <dl class="model-facts" data-testid="analytics-summary">
                    <div><dt>"Segments"</dt><dd>{m.k()}</dd></div>
                    <div><dt>"Customers"</dt><dd>{format::thousands(m.training.rows_used)}</dd></div>
                    {ranges}
                </dl>
            }
        })
    };
    let table = move || {
        current.with(|c| {
            let m = &c.model;
            let stat_heads = m
                .features
                .iter()
                .flat_map(|f| ["mean", "min", "max", "std"].map(|s| format!("{} {s}", f.trim())))
                .map(|h| view! { <th scope="col">{h}</th> })
                .collect_view();
            let rows = m
                .segments
                .iter()
                .map(|s| {
                    let cells = s
                        .stats
                        .iter()
                        .flat_map(|st| [st.mean, st.min, st.max, st.std])
                        .map(|v| view! { <td>{format::value(v)}</td> })
                        .collect_view();
                    view! {
                        <tr>
                            <td>{s.id}</td>
                            <th scope="row"><span class="swatch inline" style=format!("--segment-colour: {}", s.label.colour)></span>{s.label.name.clone()}</th>
                            <td>{format::thousands(s.size)}</td>
                            <td>{format::percent(s.share)}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table data-testid="analytics-table">
                    <caption>"Each segment's size and the mean, minimum, maximum and standard deviation of every feature"</caption>
                    <thead><tr><th scope="col">"Id"</th><th scope="col">"Segment"</th><th scope="col">"Customers"</th><th scope="col">"Share"</th>{stat_heads}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let charts_view = move || {
        current.with(|c| {
            (0..c.model.features.len())
                .map(|j| {
                    let feature = c.model.features[j].trim().to_owned();
                    let option = Signal::derive(move || current.with(|c| charts::feature_means_chart(&c.model, j.min(c.model.features.len() - 1))));
                    view! { <Chart option=option testid="analytics-chart" caption=format!("Mean {feature} in each segment, in segment colours.") /> }
                })
                .collect_view()
        })
    };
    let download = move |_| {
        current.with_untracked(|c| {
            browser::download_text("segmentum-segments.csv", "text/csv", &engine::report::segment_summary_csv(&c.model))
        })
    };
    view! {
        <section class="page" aria-labelledby="analytics-title">
            <h2 id="analytics-title">"Segment analytics"</h2>
            <div class="panel">{summary}</div>
            <div class="panel">
                <div class="table-scroll" tabindex="0" role="region" aria-label="Statistics per segment and feature">{table}</div>
                <button data-testid="analytics-download" on:click=download>"Download table (CSV)"</button>
            </div>
            <div class="panel chart-grid">{charts_view}</div>
        </section>
    }
}
