//! One customer: move the sliders, see the segment, how sure, and where they sit.

use engine::SegmentModel;
use leptos::prelude::*;

use crate::{charts, components::chart::Chart, format, state::use_app_state};

use engine::predict::BORDERLINE;

#[component]
pub fn Predict() -> impl IntoView {
    let current = use_app_state().current;
    let values = RwSignal::new(current.with_untracked(|c| starting_values(&c.model)));
    // A model with other features starts from its own averages.
    Effect::new(move |_| {
        let fresh = current.with(|c| starting_values(&c.model));
        if values.with_untracked(Vec::len) != fresh.len() {
            values.set(fresh);
        }
    });
    // A model with other categories starts from their most common values.
    let codes = RwSignal::new(current.with_untracked(|c| starting_codes(&c.model)));
    let categories = Memo::new(move |_| {
        current.with(|c| c.model.encoding.categories.iter().map(|c| c.values.clone()).collect::<Vec<_>>())
    });
    Effect::new(move |previous: Option<Vec<Vec<String>>>| {
        let now = categories.get();
        if previous.is_some_and(|p| p != now) {
            codes.set(current.with_untracked(|c| starting_codes(&c.model)));
        }
        now
    });
    let result = Memo::new(move |_| {
        current.with(|c| {
            values.with(|v| {
                codes.with(|k| {
                    let fits = v.len() == c.model.features().len() && k.len() == c.model.encoding.categories.len();
                    fits.then(|| c.model.classify(v, k))
                })
            })
        })
    });
    let choices = move || {
        current.with(|c| {
            c.model
                .encoding
                .categories
                .iter()
                .enumerate()
                .map(|(i, category)| {
                    let slug = format::testid_slug(&category.name);
                    let id = format!("predict-{slug}");
                    let chosen = move || codes.with(|k| k.get(i).copied().unwrap_or_default());
                    let set = move |text: String| {
                        if let Ok(code) = text.parse::<u16>() {
                            codes.update(|k| {
                                if let Some(slot) = k.get_mut(i) {
                                    *slot = code;
                                }
                            })
                        }
                    };
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
                            <select id=id data-testid=format!("predict-input-{slug}") on:change=move |e| set(event_target_value(&e))>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view()
        })
    };

    let inputs = move || {
        current.with(|c| {
            c.model
                .features()
                .iter()
                .enumerate()
                .map(|(j, feature)| {
                    let stats = c.model.feature_stats[j];
                    let margin = ((stats.max - stats.min) * 0.05).max(1.0);
                    let (lo, hi) = (stats.min - margin, stats.max + margin);
                    let value = move || values.with(|v| v.get(j).copied().unwrap_or_default());
                    let set = move |text: String| {
                        if let Ok(x) = text.trim().parse::<f64>() {
                            if x.is_finite() {
                                values.update(|v| {
                                    if let Some(slot) = v.get_mut(j) {
                                        *slot = x;
                                    }
                                })
                            }
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
                    let id = format!("predict-{}", format::testid_slug(feature));
                    view! {
                        <div class="predict-input">
                            <label for=id.clone()>{feature.trim().to_owned()}</label>
                            <div class="slider-row">
                                <input type="range" min=lo max=hi step="any" aria-label=format!("{} slider", feature.trim())
                                    prop:value=move || value().to_string()
                                    on:input=move |e| set(event_target_value(&e)) />
                                <input type="number" step="any" id=id.clone() data-testid=format!("predict-input-{}", format::testid_slug(feature))
                                    prop:value=move || value().to_string()
                                    on:input=move |e| set(event_target_value(&e)) />
                            </div>
                            {move || outside().map(|m| view! { <p class="field-note" role="status">{m}</p> })}
                        </div>
                    }
                })
                .collect_view()
        })
    };

    let card = move || {
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
                            <th scope="row"><span class="swatch inline" style=format!("--segment-colour: {}", o.label.colour)></span>{o.label.name.clone()}</th>
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
                        <div><dt>"Confidence"</dt><dd data-testid="predict-confidence">{format!("{:.1}%", r.confidence * 100.0)}</dd></div>
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
    };

    let axes = move || current.with(|c| (0, c.model.features().len().min(2) - 1));
    let assigned = Memo::new(move |_| result.get().map(|r| r.segment));
    // The full chart changes with the model or the assigned segment; the pin alone follows the inputs.
    let option = Memo::new(move |_| {
        let Some(segment) = assigned.get() else { return serde_json::Value::Null };
        current.with(|c| {
            values.with_untracked(|v| charts::prediction_scatter(&c.model, c.data.as_deref(), axes(), v, segment))
        })
    });
    let pin = Signal::derive(move || {
        current.with(|c| {
            values.with(|v| {
                if v.len() == c.model.features().len() {
                    charts::customer_pin(&c.model, axes(), v)
                } else {
                    serde_json::Value::Null
                }
            })
        })
    });
    let caption = Signal::derive(move || {
        let name =
            result.get().and_then(|r| current.with(|c| c.model.segments.get(r.segment).map(|s| s.label.name.clone())));
        format!(
            "This customer (black pin) among the segments; their segment, {}, keeps its colour.",
            name.unwrap_or_default()
        )
    });

    view! {
        <section class="page" aria-labelledby="predict-title">
            <h2 id="predict-title">"Which segment is this customer in?"</h2>
            <div class="predict-layout">
                <div class="panel">
                    <h3>"Customer"</h3>
                    {inputs}
                    {choices}
                </div>
                <div class="panel">{card}</div>
            </div>
            <div class="panel">
                <Chart option=option patch=pin testid="predict-chart" caption=caption />
            </div>
        </section>
    }
}

/// Each category's most common value among the training customers.
fn starting_codes(model: &SegmentModel) -> Vec<u16> {
    let most = |shares: &[f64]| {
        shares.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i)
    };
    model.encoding.categories.iter().map(|c| most(&c.shares) as u16).collect()
}

/// Each feature's training mean, rounded to what a person would type.
fn starting_values(model: &SegmentModel) -> Vec<f64> {
    model.feature_stats.iter().map(|s| (s.mean * 10.0).round() / 10.0).collect()
}
