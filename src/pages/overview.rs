//! The current segments: a scatter of every customer and a card per segment.

use leptos::prelude::*;

use crate::{
    charts,
    components::{chart::Chart, segment_card::SegmentCard},
    demo::demo_key,
    format,
    routing::Page,
    state::use_app_state,
};

#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app_state();
    let current = state.current;
    let features = Memo::new(move |_| current.with(|c| c.model.features().to_vec()));
    // The axes live in the app's state, which keeps them within the model's features.
    let axis_x = Signal::derive(move || state.axes.get().0);
    let axis_y = Signal::derive(move || state.axes.get().1);
    let (set_x, set_y) = (move |x| state.axes.update(|(a, _)| *a = x), move |y| state.axes.update(|(_, b)| *b = y));
    let option = Memo::new(move |_| {
        let (x, y) = (axis_x.get(), axis_y.get());
        current.with(|c| {
            let n = c.model.features().len();
            charts::segment_scatter(&c.model, c.data.as_deref(), x.min(n - 1), y.min(n - 1))
        })
    });
    let caption = Signal::derive(move || {
        current.with(|c| {
            let m = &c.model;
            let (x, y) = (axis_x.get().min(m.features().len() - 1), axis_y.get().min(m.features().len() - 1));
            let whom = match &c.data {
                Some(d) if d.points.rows() < d.total => format!(
                    "a seeded random sample of customers (showing {} of {}; centres and statistics use all of them)",
                    format::thousands(d.points.rows()),
                    format::thousands(d.total)
                ),
                Some(d) => format!("{} customers", format::thousands(d.points.rows())),
                None => "the segment centres (customer rows are not kept in the browser; load the data on the Train page to see them)".to_owned(),
            };
            format!(
                "Scatter plot of {whom}: {} against {}, coloured by their {} segments; diamonds mark segment centres.",
                m.features()[y].trim(),
                m.features()[x].trim(),
                m.k()
            )
        })
    });
    // Customers drawn on the edge of axes fitted to the others (`charts::ScatterFit`), counted
    // where they can be seen: the chart alone would hide that they lie further out.
    // (How many are beyond, and how many are drawn: a big file's scatter is a sample.)
    let beyond = Memo::new(move |_| {
        let (x, y) = (axis_x.get(), axis_y.get());
        current.with(|c| {
            let n = c.model.features().len();
            c.data.as_deref().map_or((0, 0, 0), |d| {
                (charts::customers_beyond_axes(d, x.min(n - 1), y.min(n - 1)), d.points.rows(), d.total)
            })
        })
    });
    let beyond_note = move || {
        let (n, drawn, total) = beyond.get();
        (n > 0).then(|| {
            let whom = if n == 1 { "1 customer".to_owned() } else { format!("{} customers", format::thousands(n)) };
            let of = if drawn < total { format!(" (of the {} drawn)", format::thousands(drawn)) } else { String::new() };
            view! {
                <p class="axis-beyond" data-testid="axis-beyond">
                    {whom} {of} " beyond the axis, drawn on its edge as triangles pointing their way (hover one for its values): "
                    "the axes fit the 1st to 99th percentile of the customers and a margin, so one far-off customer does not squeeze the rest."
                </p>
            }
        })
    };
    let on_rename =
        Callback::new(move |(id, name): (usize, String)| state.rename_segment(id, &name).err().map(|e| e.to_string()));
    let axis_picker = move || {
        (features.with(Vec::len) > 2).then(|| {
            let options = move |selected: Signal<usize>| {
                features
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| view! { <option value=i.to_string() selected=move || selected.get() == i>{f}</option> })
                    .collect_view()
            };
            view! {
                <div class="axis-picker">
                    <label>"Horizontal axis "
                        <select data-testid="axis-x" on:change=move |e| set_x(event_target_value(&e).parse().unwrap_or(0))>
                            {options(axis_x)}
                        </select>
                    </label>
                    <label>"Vertical axis "
                        <select data-testid="axis-y" on:change=move |e| set_y(event_target_value(&e).parse().unwrap_or(1))>
                            {options(axis_y)}
                        </select>
                    </label>
                </div>
            }
        })
    };
    let cards = move || {
        current.with(|c| {
            let features = c.model.features().to_vec();
            let revenue = c.model.revenue_shares();
            c.model
                .segments
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let categories = c.model.encoding.categories.clone();
                    let resamples = c.model.training.stability_resamples;
                    let revenue = revenue.as_ref().map(|r| r[j]);
                    // Of a model from another tool: the cluster as that tool's file names it.
                    let source = c.model.imported.as_ref().and_then(|i| {
                        let cluster = i.clusters.get(j)?;
                        Some((i.application.clone(), cluster.id.clone(), cluster.name.clone()))
                    });
                    view! { <SegmentCard segment=s.clone() features=features.clone() categories=categories resamples=resamples revenue=revenue source=source on_rename=on_rename /> }
                })
                .collect_view()
        })
    };
    // The first screen shows the demo: say where the user's own customers go in.
    let demo_note = move || {
        current.with(|c| c.file == Some(demo_key())).then(|| {
            view! {
                <p class="intro" data-testid="overview-own-data">
                    "These are demo customers, the public Mall Customers file. To segment your own, load your CSV or \
                     spreadsheet on "
                    <a href=Page::Train.href() data-testid="overview-train-link">"Train"</a>
                    ": it is read on this computer and never uploaded."
                </p>
            }
        })
    };
    view! {
        <section class="page" aria-labelledby="overview-title">
            <h2 id="overview-title">"Customer segments"</h2>
            {demo_note}
            <div class="panel">
                {axis_picker}
                <Chart option=option testid="overview-chart" caption=caption />
                {beyond_note}
            </div>
            <div class="cards">{cards}</div>
        </section>
    }
}
