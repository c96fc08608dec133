//! The customer: a slider and a number per numeric feature, a list of values per category.

use leptos::prelude::*;

use crate::{format, state::use_app_state};

#[component]
pub fn Inputs() -> impl IntoView {
    view! { <Numbers /> <Categories /> }
}

/// A slider and a number box per numeric feature, with a note when the value is outside the
/// data seen in training.
#[component]
fn Numbers() -> impl IntoView {
    let state = use_app_state();
    let (current, predict) = (state.current, state.predict);
    move || {
        current.with(|c| {
            c.model
                .features()
                .iter()
                .enumerate()
                .map(|(j, feature)| {
                    let stats = c.model.feature_stats[j];
                    let margin = ((stats.max - stats.min) * 0.05).max(1.0);
                    let (lo, hi) = (stats.min - margin, stats.max + margin);
                    let value = move || predict.customer.with(|k| k.values.get(j).copied().unwrap_or_default());
                    let set = move |text: String| {
                        if let Some(x) = text.trim().parse::<f64>().ok().filter(|x| x.is_finite()) {
                            predict.set_value(j, x);
                        }
                    };
                    let outside = move || {
                        let x = value();
                        (x < stats.min || x > stats.max).then(|| {
                            format!(
                                "Outside the data seen in training ({} – {}).",
                                format::value(stats.min),
                                format::value(stats.max)
                            )
                        })
                    };
                    let slug = format::testid_slug(feature);
                    let id = format!("predict-{slug}");
                    view! {
                        <div class="predict-input">
                            <label for=id.clone()>{feature.trim().to_owned()}</label>
                            <div class="slider-row">
                                <input type="range" min=lo max=hi step="any" aria-label=format!("{} slider", feature.trim())
                                    prop:value=move || value().to_string()
                                    on:input=move |e| set(event_target_value(&e)) />
                                <input type="number" step="any" id=id data-testid=format!("predict-input-{slug}")
                                    prop:value=move || value().to_string()
                                    on:input=move |e| set(event_target_value(&e)) />
                            </div>
                            {move || outside().map(|m| view! { <p class="field-note" role="status">{m}</p> })}
                        </div>
                    }
                })
                .collect_view()
        })
    }
}

/// A `<select>` per category: each value with its share of the training customers.
#[component]
fn Categories() -> impl IntoView {
    let state = use_app_state();
    let (current, predict) = (state.current, state.predict);
    move || {
        current.with(|c| {
            c.model
                .encoding
                .categories
                .iter()
                .enumerate()
                .map(|(i, category)| {
                    let slug = format::testid_slug(&category.name);
                    let id = format!("predict-{slug}");
                    let chosen = move || predict.customer.with(|k| k.codes.get(i).copied().unwrap_or_default());
                    let options = category
                        .values
                        .iter()
                        .enumerate()
                        .map(|(v, value)| {
                            let share = engine::format::whole_percent(category.shares[v]);
                            view! {
                                <option value=v.to_string() selected=move || usize::from(chosen()) == v>
                                    {format!("{} ({share} of customers)", format::cell(value))}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="predict-input">
                            <label for=id.clone()>{category.name.trim().to_owned()}</label>
                            <select id=id data-testid=format!("predict-input-{slug}") on:change=move |e| {
                                if let Ok(code) = event_target_value(&e).parse::<u16>() {
                                    predict.set_code(i, code);
                                }
                            }>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view()
        })
    }
}
