//! Order lines into a customer table: which column holds what, the dates, the analysis date, and
//! "Build a customer table". The worker streams the file; this panel shows what it read, left
//! out and decided, and offers the table as a download. Shown while the Train file is order lines.

use engine::{
    dates::{iso_date, DateOrder, OrderFound, Written},
    rfm::{BuildSummary, OrderColumns},
};
use leptos::prelude::*;

use crate::{
    browser,
    components::{alert::ErrorAlert, table_preview::table_preview},
    format,
    jobs::{use_jobs, use_second_worker, Source},
    protocol::{Slot, AUTO_SWEEP_ROWS},
    state::{saved, use_app_state, BuiltTable},
};

/// The rules as the page states them (the README's "Order lines" says the same).
const RULES: [&str; 6] = [
    "A line with an empty customer is left out and counted.",
    "A line is a cancellation when its quantity (or amount) is negative or its order id starts with C (or c): it \
     subtracts from Monetary and is not an order.",
    "Recency: days from the customer's last purchase (its time of day ignored) to the analysis date, so the \
     latest buyers have Recency 1 with the default date.",
    "Frequency: distinct orders, cancellations aside (lines, when there is no order column; a purchase with \
     an empty order cell is an order of its own). Monetary: quantity × \
     price (or the amount) summed over all the customer's lines, cancellations included. Tenure: days from the \
     customer's first line to the analysis date.",
    "A customer with only cancellations is left out and counted; one whose net Monetary is zero or less (returned \
     more than bought) is kept and counted — the log transform mirrors negatives, so they stay comparable.",
    "Dates: ISO (2024-03-31), day/month or month/day as the file's dates decide (you choose when every date could \
     be read both ways), with or without times, and Excel dates in spreadsheets.",
];

#[component]
pub fn OrdersPanel() -> impl IntoView {
    let state = use_app_state();
    let orders = state.orders;
    view! {
        <Show when=move || orders.file.with(Option::is_some)>
            <div class="panel" data-testid="rfm-panel">
                <h3>"Order lines: build a customer table"</h3>
                {move || orders.file.with(|f| f.as_ref().map(|f| intro(&f.lines.name, f.lines.orders.as_ref().map_or(0, |o| o.bytes))))}
                {move || orders.file.with(|f| f.as_ref().map(|f| table_preview(&f.lines, "rfm-lines-summary", "rfm-lines-preview")))}
                <Mapping />
                <BuildButton />
                <ErrorAlert message=orders.error />
                {move || orders.built.get().map(|b| view! { <Summary built=b /> })}
                <details class="rules">
                    <summary>"How the customer table is built"</summary>
                    <ul>{RULES.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                </details>
            </div>
        </Show>
    }
}

fn intro(name: &str, bytes: u64) -> impl IntoView {
    let size = if bytes >= 1 << 20 {
        format!("{} MB", format::thousands((bytes >> 20) as usize))
    } else {
        format!("{} KB", format::thousands(bytes.div_ceil(1024) as usize))
    };
    view! {
        <p data-testid="rfm-intro">
            {format!(
                "{name} ({size}) reads as order lines: one row per purchase. Segmentum turns them into one row per \
                 customer — how recently they bought (Recency), how often (Frequency) and how much (Monetary) — \
                 reading the file in pieces, so a log of any size fits. Check the columns below, then build."
            )}
        </p>
    }
}

/// One select per field of an order line; the optional ones can be "none".
#[component]
fn Mapping() -> impl IntoView {
    let orders = use_app_state().orders;
    let headers = move || orders.file.with(|f| f.as_ref().map(|f| f.lines.headers.clone()).unwrap_or_default());
    type Get = fn(&OrderColumns) -> Option<usize>;
    type Set = fn(&mut OrderColumns, Option<usize>);
    let fields: [(&str, &str, bool, Get, Set); 6] = [
        ("rfm-customer", "Customer", true, |c| Some(c.customer), |c, v| c.customer = v.unwrap_or(c.customer)),
        ("rfm-date", "Date", true, |c| Some(c.date), |c, v| c.date = v.unwrap_or(c.date)),
        ("rfm-order", "Order or invoice", false, |c| c.order, |c, v| c.order = v),
        ("rfm-amount", "Amount", false, |c| c.amount, |c, v| c.amount = v),
        ("rfm-quantity", "Quantity", false, |c| c.quantity, |c, v| c.quantity = v),
        ("rfm-price", "Unit price", false, |c| c.price, |c, v| c.price = v),
    ];
    let selects = fields
        .into_iter()
        .map(|(testid, label, required, get, set)| {
            let chosen = move || orders.columns.with(get);
            let options = move || {
                headers()
                    .into_iter()
                    .enumerate()
                    .map(|(i, h)| view! { <option value=i.to_string() selected=move || chosen() == Some(i)>{format::cell(&h)}</option> })
                    .collect_view()
            };
            let none = (!required).then(|| view! { <option value="" selected=move || chosen().is_none()>"— none —"</option> });
            view! {
                <label class="field">{label} " "
                    <select data-testid=testid on:change=move |e| {
                        let v = event_target_value(&e).parse::<usize>().ok();
                        orders.columns.update(|c| set(c, v));
                    }>
                        {none}
                        {options}
                    </select>
                </label>
            }
        })
        .collect_view();
    let analysis_text = move || {
        orders
            .analysis
            .get()
            .or_else(|| orders.built.with(|b| b.as_ref().map(|b| b.report.summary.analysis)))
            .map(iso_date)
            .unwrap_or_default()
    };
    let set_analysis = move |text: String| {
        let day = Written::of(&text).and_then(|w| w.day(Some(DateOrder::DayFirst)).ok());
        orders.analysis.set(day);
    };
    let order_choice = move |key: String| {
        orders.date_order.set(match key.as_str() {
            "day" => Some(DateOrder::DayFirst),
            "month" => Some(DateOrder::MonthFirst),
            _ => None,
        })
    };
    // The choice matters only when every date could be read both ways.
    let ambiguous =
        move || orders.built.with(|b| b.as_ref().is_some_and(|b| b.report.summary.date_order == OrderFound::Ambiguous));
    view! {
        <fieldset class="rfm-mapping">
            <legend>"Which column holds what"</legend>
            <div class="inline-fields">{selects}</div>
            <p class="hint">"Monetary needs an amount, or a quantity and a unit price."</p>
            <div class="inline-fields">
                <label class="field">"Analysis date "
                    <input type="date" data-testid="rfm-analysis-date" prop:value=analysis_text
                        on:change=move |e| set_analysis(event_target_value(&e)) />
                </label>
                <Show when=move || ambiguous() || orders.date_order.with(Option::is_some)>
                    <label class="field">"Dates are written "
                        <select data-testid="rfm-date-order" on:change=move |e| order_choice(event_target_value(&e))>
                            <option value="day" selected=move || orders.date_order.get() != Some(DateOrder::MonthFirst)>"day/month (31/12/2024)"</option>
                            <option value="month" selected=move || orders.date_order.get() == Some(DateOrder::MonthFirst)>"month/day (12/31/2024)"</option>
                        </select>
                    </label>
                </Show>
            </div>
            <p class="hint">"Empty: the day after the latest purchase in the file. Recency and Tenure count days to it."</p>
        </fieldset>
    }
}

/// "Build a customer table": the worker streams the file; the table becomes the training table.
#[component]
fn BuildButton() -> impl IntoView {
    let state = use_app_state();
    let orders = state.orders;
    let jobs = use_jobs();
    let second = use_second_worker();
    let build = move |_| {
        let Some(file) = orders.file.get_untracked() else { return };
        let settings = orders.settings();
        jobs.customers(Slot::Train, file.source, settings, move |answer| match answer {
            Ok((built, csv)) => {
                // The second worker sweeps tables it can sweep at once: it is handed the table
                // built (its CSV, the same bytes, so the same file key), not the log to read again.
                if built.summary.rows <= AUTO_SWEEP_ROWS {
                    let table = Source::File { name: built.summary.name.clone(), blob: csv.clone(), sheet: None };
                    second.jobs().load(Slot::Train, table, true, move |answer| match answer {
                        Err(e) if !e.is_quiet() => state.background_error.set(Some(format!(
                            "Comparing k in the background could not read the customer table, so no k is recommended: {e}"
                        ))),
                        _ => {}
                    });
                }
                browser::mark_timings("data-load-timings", &built.summary.timings);
                state.load_train_file(built.summary, None, &saved::train());
                orders.built.set(Some(BuiltTable { report: built.report, csv }));
                orders.error.set(None);
            }
            Err(e) if e.is_quiet() => {}
            Err(e) => orders.error.set(Some(format!("{e} Nothing was built."))),
        });
    };
    let label = move || if orders.built.with(Option::is_some) { "Build again" } else { "Build a customer table" };
    view! { <button class="primary" data-testid="rfm-build" on:click=build>{label}</button> }
}

/// What the build read, left out and decided, and the table to download.
#[component]
fn Summary(built: BuiltTable) -> impl IntoView {
    let s = built.report.summary.clone();
    let name =
        use_app_state().orders.file.with_untracked(|f| f.as_ref().map(|f| f.lines.name.clone()).unwrap_or_default());
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_owned();
    let csv = built.csv.clone();
    let download = move |_| browser::download(&format!("{stem}-customers.csv"), csv.clone());
    view! {
        <div class="rfm-summary" data-testid="rfm-summary">
            <ul>{summary_lines(&s).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            {(!s.first_problems.is_empty()).then(|| view! {
                <p class="hint">"The first lines that could not be read: " {s.first_problems.join("; ")}</p>
            })}
            <button data-testid="rfm-download" on:click=download>"Download the customer table (CSV)"</button>
        </div>
    }
}

/// The summary, one sentence per finding, in the order a user checks them.
fn summary_lines(s: &BuildSummary) -> Vec<String> {
    let n = |v: usize| format::thousands(v);
    let mut lines = vec![
        format!("Order lines read: {}.", n(s.lines)),
        format!("Lines without a customer (left out): {}.", n(s.without_customer)),
        format!(
            "Cancellation lines: {} (counted over all lines read; they reduce Monetary and are not orders).",
            n(s.cancellations)
        ),
        format!("Customers in the table: {}.", n(s.customers)),
        format!("Customers left out (only cancellations): {}.", n(s.left_out)),
        format!(
            "Customers with net Monetary ≤ 0 (returned as much as they bought, or more; kept): {}.",
            n(s.net_not_positive)
        ),
    ];
    if s.unreadable > 0 {
        lines.push(format!("Lines whose date or number could not be read (left out): {}.", n(s.unreadable)));
    }
    if s.without_a_day > 0 {
        lines.push(format!("Lines whose date is no day of the calendar read this way: {}.", n(s.without_a_day)));
    }
    let order = s.order_used.label();
    lines.push(match s.date_order {
        OrderFound::Decided(_) => format!("Dates read {order}, as the file's dates decide."),
        OrderFound::NotNeeded => "Dates are ISO or spreadsheet dates: no day/month order to decide.".to_owned(),
        OrderFound::Ambiguous => format!(
            "Dates read {order}: every date in the file could be read both ways (no day or month above 12), so \
             choose above if they are written the other way."
        ),
        OrderFound::Mixed => format!("Dates read {order}."),
    });
    lines.push(format!("Analysis date: {} (Recency and Tenure count days to it).", s.analysis_date));
    lines
}
