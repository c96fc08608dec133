//! Per-segment analytics of the current model: summary, a table, a CSV and charts.

use leptos::prelude::*;

use crate::{
    browser, charts,
    components::{alert::ErrorAlert, chart::Chart, segment_swatch::SegmentSwatch},
    format,
    jobs::use_jobs,
    state::{use_app_state, FoundBorderline},
};

#[component]
pub fn Analytics() -> impl IntoView {
    let current = use_app_state().current;
    let summary = move || {
        current.with(|c| {
            let m = &c.model;
            let ranges = m
                .features()
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
                .features()
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
                            <th scope="row"><SegmentSwatch colour=s.label.colour.clone() />{s.label.name.clone()}</th>
                            <td>{format::thousands(s.size)}</td>
                            <td>{format::percent(s.share)}</td>
                            <td data-testid="segment-silhouette">{s.silhouette.map(|v| format!("{v:.3}"))}</td>
                            <td>{s.stability.map(|v| format!("{v:.2}"))}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table data-testid="analytics-table">
                    <caption>"Each segment's size, mean silhouette (how well its members fit it rather than the next segment), stability over 20 bootstrap refits, and the mean, minimum, maximum and standard deviation of every feature"</caption>
                    <thead><tr><th scope="col">"Id"</th><th scope="col">"Segment"</th><th scope="col">"Customers"</th><th scope="col">"Share"</th><th scope="col">"Silhouette"</th><th scope="col">"Stability"</th>{stat_heads}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let mixes = move || {
        current.with(|c| {
            let m = &c.model;
            let categories = &m.encoding.categories;
            if categories.is_empty() {
                return None;
            }
            let heads =
                categories.iter().map(|c| view! { <th scope="col">{c.name.trim().to_owned()}</th> }).collect_view();
            let overall =
                categories.iter().map(|c| view! { <td>{format::category_mix(c, &c.shares)}</td> }).collect_view();
            let rows = m
                .segments
                .iter()
                .map(|s| {
                    let cells = categories
                        .iter()
                        .zip(&s.mix)
                        .map(|(c, mix)| view! { <td>{format::category_mix(c, mix)}</td> })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row"><SegmentSwatch colour=s.label.colour.clone() />{s.label.name.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="panel">
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Category mix per segment">
                        <table data-testid="segment-categories">
                            <caption>"Each segment's mix of every category feature, beside all customers'"</caption>
                            <thead><tr><th scope="col">"Segment"</th>{heads}</tr></thead>
                            <tbody>{rows}<tr class="overall"><th scope="row">"All customers"</th>{overall}</tr></tbody>
                        </table>
                    </div>
                </div>
            })
        })
    };
    let charts_view = move || {
        current.with(|c| {
            (0..c.model.features().len())
                .map(|j| {
                    let feature = c.model.features()[j].trim().to_owned();
                    let option = Signal::derive(move || current.with(|c| charts::feature_means_chart(&c.model, j.min(c.model.features().len() - 1))));
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
            {mixes}
            <div class="panel chart-grid">{charts_view}</div>
            <SilhouettePlot />
            <BorderlineCustomers />
        </section>
    }
}

/// Each segment's members by silhouette, when the model's silhouette was measured here.
#[component]
fn SilhouettePlot() -> impl IntoView {
    let current = use_app_state().current;
    let shown = Memo::new(move |_| current.with(|c| c.silhouette_plot.is_some()));
    let option = Signal::derive(move || {
        current.with(|c| c.silhouette_plot.as_ref().map(|p| charts::silhouette_plot(&c.model, p)).unwrap_or_default())
    });
    let caption = Signal::derive(move || {
        current.with(|c| {
            let rows = c.model.training.silhouette_rows;
            format!(
                "Silhouette plot of {} customers: each segment's members from best placed (near 1) to worst (below 0: closer to another segment), \
                 up to 100 bars a segment; wide, tall blocks are well-separated segments.",
                format::thousands(rows)
            )
        })
    });
    view! {
        <Show when=move || shown.get()>
            <div class="panel">
                <h3>"How well each customer fits their segment"</h3>
                <Chart option=option testid="silhouette-plot" caption=caption />
            </div>
        </Show>
    }
}

/// The customers the model places least certainly, listed and downloadable, for a model trained
/// here on the file the worker holds.
#[component]
fn BorderlineCustomers() -> impl IntoView {
    let state = use_app_state();
    let (current, train_file) = (state.current, state.train_file);
    let jobs = use_jobs();
    let error = RwSignal::new(None::<String>);
    // A list belongs to the model that found it: renamed or scored since, still; another, never.
    let found = Memo::new(move |_| {
        state.borderline.with(|b| {
            b.as_ref()
                .filter(|b| current.with(|c| c.model.same_training(&b.model)))
                .map(|b| (b.found.clone(), b.csv.clone(), b.headers.clone()))
        })
    });
    let offered = Memo::new(move |_| current.with(|c| c.file.is_some()));
    let run = move |_| {
        let (model, file) = current.with_untracked(|c| (c.model.clone(), c.file));
        let Some(file) = file else { return };
        error.set(None);
        let (kept, headers) = (model.clone(), train_file.with_untracked(|f| f.headers.clone()));
        jobs.borderline(model, file, move |answer| match answer {
            Ok((found, csv)) => state.borderline.set(Some(FoundBorderline { model: kept, headers, found, csv })),
            Err(e) if e.is_quiet() => {}
            Err(why) => error.set(Some(why.to_string())),
        });
    };
    let listing = move || {
        let (b, csv, headers) = found.get()?;
        let head = headers.iter().map(|h| view! { <th scope="col">{format::cell(h)}</th> }).collect_view();
        let body = current.with(|c| {
            b.rows
                .iter()
                .map(|r| {
                    let cells = r.cells.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view();
                    let (name, colour, confidence) = match &r.result {
                        Ok((segment, _, confidence)) => {
                            let s = &c.model.segments[(*segment).min(c.model.k() - 1)];
                            (s.label.name.clone(), s.label.colour.clone(), format::percent(*confidence))
                        }
                        Err(e) => (e.clone(), String::new(), String::new()),
                    };
                    view! {
                        <tr><td>{r.line}</td>{cells}
                            <td><SegmentSwatch colour=colour />{name}</td>
                            <td>{confidence}</td></tr>
                    }
                })
                .collect_view()
        });
        let download = move |_| browser::download("segmentum-borderline.csv", csv.clone());
        let share = format::percent(b.total as f64 / b.rows_classified.max(1) as f64);
        Some(view! {
            <p data-testid="borderline-summary">
                <strong>{format::thousands(b.total)}</strong> " of " {format::thousands(b.rows_classified)}
                " customers (" {share} ") have a confidence below "
                {format::percent(engine::predict::BORDERLINE)}
                ": nearly as close to a second segment as to their own. The least certain first:"
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="The least certain customers">
                <table data-testid="borderline-table">
                    <thead><tr><th scope="col">"Line"</th>{head}<th scope="col">"Segment"</th><th scope="col">"Confidence"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <button data-testid="borderline-download" on:click=download>"Download all of them (CSV)"</button>
        })
    };
    view! {
        <Show when=move || offered.get()>
            <div class="panel">
                <h3>"Borderline customers"</h3>
                <p class="hint">"Customers whose confidence (1 − d₁/d₂) is low sit between two segments: worth a second look before a campaign."</p>
                <button data-testid="borderline-run" on:click=run>"List the least certain customers"</button>
                <ErrorAlert message=error />
                {listing}
            </div>
        </Show>
    }
}
