//! One segment at a glance: who they are, how many, and what to do about them. The name can be edited.

use engine::Segment;
use leptos::{ev, prelude::*};

use crate::{
    components::alert::{AlertKind, ErrorAlert},
    format,
};

#[component]
pub fn SegmentCard(
    /// The segment to show.
    segment: Segment,
    /// Feature names, in the order of the segment's centre.
    features: Vec<String>,
    /// The model's category features, in the order of the segment's mix.
    #[prop(optional)]
    categories: Vec<engine::prep::Category>,
    /// Of the bootstrap resamples its stability was measured over, how many refitted and how many were drawn.
    resamples: Option<(usize, usize)>,
    /// Its share of all customers' revenue, when the model has a Monetary feature.
    revenue: Option<f64>,
    /// Of a model read from another tool's PMML file: the tool, and the cluster's id and name there.
    source: Option<(String, String, Option<String>)>,
    /// Asks to rename the segment; returns why not, if refused.
    on_rename: Callback<(usize, String), Option<String>>,
) -> impl IntoView {
    let id = segment.id;
    let editing = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let draft = RwSignal::new(segment.label.name.clone());
    let commit = move || match on_rename.run((id, draft.get_untracked())) {
        None => {
            editing.set(false);
            problem.set(None);
        }
        Some(why) => problem.set(Some(why)),
    };
    let on_key = move |e: ev::KeyboardEvent| match e.key().as_str() {
        "Enter" => commit(),
        "Escape" => {
            editing.set(false);
            problem.set(None);
        }
        _ => {}
    };
    let name = segment.label.name.clone();
    let averages = features
        .iter()
        .zip(&segment.stats)
        .map(|(feature, stats)| {
            view! {
                <div class="stat">
                    <dt>"Average " {breakable(feature.trim())}</dt>
                    <dd>{format::value_of(feature, stats.mean)}</dd>
                </div>
            }
        })
        .collect_view();
    let mixes = (!categories.is_empty()).then(|| {
        let lines = categories
            .iter()
            .zip(&segment.mix)
            .map(|(c, mix)| view! { <li><strong>{c.name.trim().to_owned()} ": "</strong>{format::category_mix(c, mix)}</li> })
            .collect_view();
        view! { <ul class="segment-categories" data-testid="segment-categories">{lines}</ul> }
    });
    view! {
        <article class="segment-card" data-testid="segment-card" style=format!("--segment-colour: {}", segment.label.colour)>
            <header>
                <span class="swatch" aria-hidden="true"></span>
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        let name = name.clone();
                        view! {
                            <h3 data-testid="segment-name">{name}</h3>
                            <button class="link-button" data-testid="segment-rename" on:click=move |_| editing.set(true)>
                                "Rename"
                            </button>
                        }
                    }
                >
                    <input
                        class="rename"
                        data-testid="segment-name-input"
                        aria-label="Segment name"
                        prop:value=move || draft.get()
                        on:input=move |e| draft.set(event_target_value(&e))
                        on:keydown=on_key
                    />
                    <button data-testid="segment-rename-save" on:click=move |_| commit()>"Save"</button>
                </Show>
                <span class="segment-id">"Segment " {id}</span>
            </header>
            <ErrorAlert message=problem kind=AlertKind::Field />
            {source.map(|(tool, cluster, name)| {
                let tool = if tool.is_empty() { "the PMML file".to_owned() } else { format!("{tool}'s PMML file") };
                let name = name.filter(|n| !n.trim().is_empty()).map(|n| format!(" \u{201c}{}\u{201d}", n.trim()));
                view! {
                    <p class="source-cluster" data-testid="segment-source-cluster">
                        "Cluster " <strong>{cluster}</strong> {name} " in " {tool}
                    </p>
                }
            })}
            <p class="description">{segment.label.description.clone()}</p>
            <p class="strategy"><strong>"Strategy: "</strong>{segment.label.strategy.clone()}</p>
            <p class="size" data-testid="segment-size">
                {format::thousands(segment.size)} " customers · " {format::percent(segment.share)} " of customers"
                {revenue.map(|r| view! {
                    " · " <span data-testid="segment-revenue">{format::percent(r)} " of revenue"</span>
                })}
            </p>
            {segment.stability.map(|v| {
                let band = engine::stability::Band::of(v);
                view! {
                    <p class="stability" title=stability_basis(resamples)>
                        "Stability " <strong data-testid="segment-stability">{format!("{v:.2}")}</strong>
                        " · " <span data-testid="segment-stability-band">{band.words()}</span>
                        {partial_resamples(resamples)}
                    </p>
                }
            })}
            <dl class="stats">{averages}</dl>
            {mixes}
        </article>
    }
}

/// Said on the card itself when fewer resamples than drawn refitted: the figure rests on less.
fn partial_resamples(resamples: Option<(usize, usize)>) -> Option<String> {
    resamples
        .filter(|(refitted, drawn)| refitted < drawn)
        .map(|(refitted, drawn)| format!(" · over {refitted} of {drawn} resamples"))
}

/// What a stability figure is, over how many refits.
fn stability_basis(resamples: Option<(usize, usize)>) -> String {
    let over = match resamples {
        Some((refitted, drawn)) if refitted < drawn => {
            format!("{refitted} of {drawn} bootstrap resamples (the others could not be refitted)")
        }
        Some((_, drawn)) => format!("{drawn} bootstrap resamples"),
        None => "bootstrap resamples".to_owned(),
    };
    format!("Mean Jaccard similarity with its best match over {over} (Hennig's clusterboot)")
}

/// A header that may wrap where its words meet (`NumWebVisitsMonth` → Num·Web·Visits·Month,
/// `Detergents_Paper` after the `_`), not between any two letters.
fn breakable(header: &str) -> impl IntoView {
    let mut parts: Vec<String> = vec![String::new()];
    let mut previous: Option<char> = None;
    for c in header.chars() {
        let starts_word = c.is_uppercase() && previous.is_some_and(char::is_lowercase);
        if starts_word && !parts.last().is_some_and(String::is_empty) {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
        if c == '_' || c == '-' {
            parts.push(String::new());
        }
        previous = Some(c);
    }
    parts.into_iter().filter(|p| !p.is_empty()).map(|p| view! { {p}<wbr /> }).collect_view()
}
