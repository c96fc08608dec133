//! Chart options as plain data, built from engine output.
//!
//! Pure functions: they return the JSON ECharts receives, so they are tested
//! natively; `components::chart` only renders what they return.

use charming::{
    component::{Axis, Grid, Legend, LegendType},
    datatype::DataPointItem,
    element::{AxisType, ItemStyle, NameLocation, Symbol, Tooltip, Trigger},
    series::{Bar, Line, Scatter},
    Chart,
};
use engine::{sweep::Sweep, SegmentModel};
use serde_json::{json, Value};

use crate::{format, protocol::ScatterSample};

/// Above this many drawn customers, points carry no names and ECharts draws them
/// in large mode (one batched path per series); tooltips then show the values.
pub const NAMED_POINTS: usize = 2_000;

/// Customers coloured by segment on features `x` and `y`, each centre a large
/// outlined diamond in its segment's colour. Centre and members share a series
/// name, so one legend entry shows or hides both. Without training data only the centres are drawn.
pub fn segment_scatter(model: &SegmentModel, data: Option<&ScatterSample>, x: usize, y: usize) -> Value {
    let (x_name, y_name) = (model.features()[x].trim(), model.features()[y].trim());
    // ECharts HTML-escapes {a} and {b}: names from files cannot inject markup, and need no <br/> of their own.
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{a}<br/>{b}"))
        .legend(Legend::new().type_(LegendType::Scroll).top("0"))
        .grid(Grid::new().left("3%").right("4%").bottom("8%").top("48").contain_label(true))
        .x_axis(scatter_axis(x_name))
        .y_axis(scatter_axis(y_name));

    let large = data.is_some_and(|d| d.points.rows() > NAMED_POINTS);
    if let Some(data) = data {
        let mut members: Vec<Vec<DataPointItem>> = vec![Vec::new(); model.k()];
        for (point, &label) in data.points.iter_rows().zip(&data.labels) {
            let item = DataPointItem::new(vec![point[x], point[y]]);
            members[label].push(if large {
                item
            } else {
                item.name(format!("{x_name}: {} · {y_name}: {}", format::value(point[x]), format::value(point[y])))
            });
        }
        for (segment, items) in model.segments.iter().zip(members) {
            chart = chart.series(
                Scatter::new()
                    .name(segment.label.name.as_str())
                    .symbol_size(9)
                    .item_style(ItemStyle::new().color(segment.label.colour.as_str()).opacity(0.8))
                    .data(items),
            );
        }
    }
    let first_centre = if data.is_some() { model.k() } else { 0 };
    for segment in &model.segments {
        let (cx, cy) = (segment.centre[x], segment.centre[y]);
        let name = format!("Centre · {x_name}: {} · {y_name}: {}", format::value(cx), format::value(cy));
        chart = chart.series(
            Scatter::new()
                .name(segment.label.name.as_str())
                .symbol(Symbol::Diamond)
                .symbol_size(24)
                .item_style(
                    ItemStyle::new().color(segment.label.colour.as_str()).border_color("#1a1a1a").border_width(2),
                )
                .data(vec![DataPointItem::new(vec![cx, cy]).name(name)]),
        );
    }
    let mut option = to_json(&chart);
    if let Some(series) = option.get_mut("series").and_then(Value::as_array_mut) {
        // Centres are drawn above the customers (charming has no `z`, nor `large`).
        for s in series.iter_mut().skip(first_centre) {
            s["z"] = json!(3);
        }
        if large {
            for s in series.iter_mut().take(first_centre) {
                s["large"] = json!(true);
                s["largeThreshold"] = json!(NAMED_POINTS);
                s["symbolSize"] = json!(5);
                let (xt, yt) = (template_text(x_name), template_text(y_name));
                s["tooltip"] = json!({ "formatter": format!("{{a}}<br/>{xt}, {yt}: {{c}}") });
            }
        }
    }
    option
}

/// Text from a file made safe inside an ECharts template, which renders as HTML:
/// markup escaped, and no braces to be read as placeholders.
fn template_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            '{' => "(".to_owned(),
            '}' => ")".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The segment scatter with one customer on it: a large black pin over the
/// customers and centres; the assigned segment keeps its colour, the others fade.
pub fn prediction_scatter(
    model: &SegmentModel,
    data: Option<&ScatterSample>,
    (x, y): (usize, usize),
    point: &[f64],
    segment: usize,
) -> Value {
    let mut option = segment_scatter(model, data, x, y);
    if let Some(series) = option.get_mut("series").and_then(Value::as_array_mut) {
        for s in series.iter_mut() {
            if s["name"] != model.segments[segment].label.name.as_str() {
                s["itemStyle"]["opacity"] = json!(0.25);
            }
        }
        let mut pin = customer_pin(model, (x, y), point)["series"][0].take();
        pin["type"] = json!("scatter");
        pin["name"] = json!("This customer");
        pin["symbol"] = json!("pin");
        pin["symbolSize"] = json!(40);
        pin["z"] = json!(5);
        pin["itemStyle"] = json!({ "color": "#1a1a1a" });
        series.push(pin);
    }
    option
}

/// Moves the customer's pin only: merged into a [`prediction_scatter`] option by series id,
/// so dragging a slider does not rebuild the whole chart.
pub fn customer_pin(model: &SegmentModel, (x, y): (usize, usize), point: &[f64]) -> Value {
    let name = format!(
        "{}: {} · {}: {}",
        model.features()[x].trim(),
        format::value(point[x]),
        model.features()[y].trim(),
        format::value(point[y])
    );
    json!({ "series": [{ "id": "customer", "data": [{ "name": name, "value": [point[x], point[y]] }] }] })
}

/// Customers per segment, one bar per segment in its colour.
pub fn segment_counts_chart(model: &SegmentModel, counts: &[usize]) -> Value {
    segment_bars(model, counts.iter().map(|&n| n as f64), "Customers")
}

const K_AXIS: &str = "Number of segments (k)";

/// WCSS (inertia) against k: the elbow is where adding a segment stops paying off.
pub fn elbow_chart(sweep: &Sweep, recommended: Option<usize>) -> Value {
    let ks: Vec<String> = sweep.scores.iter().map(|s| s.k.to_string()).collect();
    let points: Vec<DataPointItem> = sweep
        .scores
        .iter()
        .map(|s| highlight(DataPointItem::new(round(s.inertia, 2)), Some(s.k) == recommended))
        .collect();
    let chart =
        metric_chart(K_AXIS, ks, "WCSS (inertia)", false).series(Line::new().name("WCSS").symbol_size(8).data(points));
    metric_chart_json(&chart)
}

/// Mean silhouette against k: higher means better-separated segments.
pub fn silhouette_chart(sweep: &Sweep, recommended: Option<usize>) -> Value {
    let ks: Vec<String> = sweep.scores.iter().map(|s| s.k.to_string()).collect();
    let bars: Vec<DataPointItem> = sweep
        .scores
        .iter()
        .map(|s| {
            let item = DataPointItem::new(round(s.silhouette.unwrap_or(0.0), 4));
            let colour = if Some(s.k) == recommended { "#009E73" } else { "#8aa4bf" };
            item.item_style(ItemStyle::new().color(colour))
        })
        .collect();
    let chart = metric_chart(K_AXIS, ks, "Mean silhouette", true).series(Bar::new().name("Silhouette").data(bars));
    metric_chart_json(&chart)
}

/// Empty bars between two segments in the silhouette plot.
const PLOT_GAP: usize = 3;

/// The silhouette plot (Rousseeuw 1987; Orange's widget): each segment's members' coefficients
/// from highest to lowest, one thin bar each in the segment's colour, segments side by side with
/// the name under the middle of each. `profile[j]` is segment `j`'s sorted, thinned coefficients.
pub fn silhouette_plot(model: &SegmentModel, profile: &[Vec<f64>]) -> Value {
    let (mut labels, mut bars) = (Vec::new(), Vec::new());
    for (segment, values) in model.segments.iter().zip(profile) {
        if !labels.is_empty() {
            labels.extend(std::iter::repeat_n(String::new(), PLOT_GAP));
            bars.extend(std::iter::repeat_n(Value::Null, PLOT_GAP));
        }
        for (i, v) in values.iter().enumerate() {
            labels.push(if i == values.len() / 2 { segment.label.name.clone() } else { String::new() });
            bars.push(json!({ "value": round(*v, 4), "name": segment.label.name, "itemStyle": { "color": segment.label.colour } }));
        }
    }
    json!({
        "aria": { "enabled": true },
        "animation": false,
        "tooltip": { "trigger": "item" },
        "grid": { "left": 48, "right": "4%", "bottom": "4%", "top": "12%", "containLabel": true },
        "xAxis": {
            "type": "category", "data": labels, "axisTick": { "show": false },
            "axisLabel": { "interval": 0, "width": 90, "overflow": "truncate", "rotate": 30 }
        },
        "yAxis": { "type": "value", "name": "Silhouette", "min": -1, "max": 1, "nameTextStyle": { "align": "left" } },
        "series": [{ "type": "bar", "name": "Silhouette", "data": bars, "barCategoryGap": "0%" }]
    })
}

/// The mean of feature `j` in each segment, one bar per segment in its colour.
pub fn feature_means_chart(model: &SegmentModel, j: usize) -> Value {
    let means = model.segments.iter().map(|s| round(s.stats[j].mean, 2));
    segment_bars(model, means, &format!("Mean {}", model.features()[j].trim()))
}

/// One bar per segment, in segment order and colours, named under the bars.
fn segment_bars(model: &SegmentModel, values: impl Iterator<Item = f64>, measure: &str) -> Value {
    let names: Vec<String> = model.segments.iter().map(|s| s.label.name.clone()).collect();
    let bars: Vec<DataPointItem> = model
        .segments
        .iter()
        .zip(values)
        .map(|(s, v)| DataPointItem::new(v).item_style(ItemStyle::new().color(s.label.colour.as_str())))
        .collect();
    let chart = metric_chart("", names, measure, true).series(Bar::new().name(measure).data(bars));
    wrap_category_labels(metric_chart_json(&chart))
}

/// The frame every small metric chart shares: categories along x, one measure up y.
fn metric_chart(x_name: &str, categories: Vec<String>, measure: &str, from_zero: bool) -> Chart {
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(small_grid())
        .x_axis(category_axis(x_name, categories))
        .y_axis(metric_axis(measure, from_zero))
}

fn highlight(item: DataPointItem, on: bool) -> DataPointItem {
    if on {
        item.item_style(ItemStyle::new().color("#009E73").border_color("#1a1a1a").border_width(2))
    } else {
        item
    }
}

fn small_grid() -> Grid {
    Grid::new().left("3%").right("4%").bottom("12%").top("12%").contain_label(true)
}

/// A scatter axis: named below/beside, fitted to the data.
fn scatter_axis(name: &str) -> Axis {
    Axis::new().type_(AxisType::Value).name(name).name_location(NameLocation::Middle).name_gap(30).scale(true)
}

/// A metric axis: named above the axis so long names never collide with tick labels.
/// Bars start at zero, or their lengths would mislead.
fn metric_axis(name: &str, from_zero: bool) -> Axis {
    Axis::new().type_(AxisType::Value).name(name).name_location(NameLocation::End).scale(!from_zero)
}

fn category_axis(name: &str, labels: Vec<String>) -> Axis {
    Axis::new().type_(AxisType::Category).name(name).name_location(NameLocation::Middle).name_gap(28).data(labels)
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

/// Every segment name shown under its bar, wrapped rather than rotated or skipped (charming lacks `width`/`overflow`).
fn wrap_category_labels(mut option: Value) -> Value {
    option["xAxis"]["axisLabel"] = json!({ "interval": 0, "width": 72, "overflow": "break", "lineHeight": 14 });
    option
}

/// The y-axis name starts at the axis instead of centring on it, so it is never cut off (charming has no `nameTextStyle`).
fn metric_chart_json(chart: &Chart) -> Value {
    let mut option = to_json(chart);
    option["yAxis"]["nameTextStyle"] = json!({ "align": "left" });
    option
}

fn to_json(chart: &Chart) -> Value {
    let mut option = serde_json::to_value(chart).unwrap_or(Value::Null);
    // ECharts' accessibility module describes the chart to screen readers.
    option["aria"] = json!({ "enabled": true });
    option
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_silhouette_plot_has_a_bar_per_kept_member_in_segment_colours() {
        let c = crate::state::Current::demo("t").unwrap();
        let profile = c.silhouette_plot.clone().unwrap();
        let option = super::silhouette_plot(&c.model, &profile);
        let bars = option["series"][0]["data"].as_array().unwrap();
        let kept: usize = profile.iter().map(Vec::len).sum();
        assert_eq!(bars.len(), kept + super::PLOT_GAP * (c.model.k() - 1));
        assert_eq!(bars[0]["itemStyle"]["color"], c.model.segments[0].label.colour.as_str());
        let named: Vec<&str> = option["xAxis"]["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(named, c.model.segments.iter().map(|s| s.label.name.as_str()).collect::<Vec<_>>());
    }

    use super::*;
    use crate::state::Current;
    use engine::sweep::{sweep, SweepRequest};

    fn demo() -> Current {
        Current::demo("").unwrap()
    }

    #[test]
    fn one_member_series_and_one_centre_series_per_segment() {
        let c = demo();
        let option = segment_scatter(&c.model, c.data.as_deref(), 0, 1);
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 10);
        let members: usize = series[..5].iter().map(|s| s["data"].as_array().unwrap().len()).sum();
        assert_eq!(members, 200, "every customer is drawn");
        assert!(series[5..].iter().all(|s| s["data"].as_array().unwrap().len() == 1));
        assert!(series[5..].iter().all(|s| s["symbol"] == "diamond" && s["z"] == 3));
    }

    #[test]
    fn without_data_only_centres_are_drawn() {
        let c = demo();
        let option = segment_scatter(&c.model, None, 0, 1);
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 5);
        assert!(series.iter().all(|s| s["symbol"] == "diamond" && s["z"] == 3));
    }

    #[test]
    fn series_carry_segment_names_and_colours() {
        let c = demo();
        let option = segment_scatter(&c.model, c.data.as_deref(), 0, 1);
        for (i, segment) in c.model.segments.iter().enumerate() {
            for s in [&option["series"][i], &option["series"][i + 5]] {
                assert_eq!(s["name"], segment.label.name.as_str());
                assert_eq!(s["itemStyle"]["color"], segment.label.colour.as_str());
            }
        }
    }

    #[test]
    fn axes_follow_the_chosen_features_and_points_have_tooltips() {
        let c = demo();
        let option = segment_scatter(&c.model, c.data.as_deref(), 1, 0);
        assert_eq!(option["xAxis"]["name"], "Spending Score (1-100)");
        assert_eq!(option["yAxis"]["name"], "Annual Income (k$)");
        let first = &option["series"][0]["data"][0];
        assert!(first["name"].as_str().unwrap().starts_with("Spending Score (1-100): "));
    }

    #[test]
    fn sweep_charts_have_one_value_per_k_and_mark_the_recommendation() {
        let c = demo();
        let s = sweep(&c.data.unwrap().points, &SweepRequest::new(vec![], 2..=6), |_| {}).unwrap();
        let elbow = elbow_chart(&s, Some(5));
        assert_eq!(elbow["xAxis"]["data"], json!(["2", "3", "4", "5", "6"]));
        assert_eq!(elbow["series"][0]["data"].as_array().unwrap().len(), 5);
        assert_eq!(elbow["series"][0]["data"][3]["itemStyle"]["color"], "#009E73");
        let sil = silhouette_chart(&s, Some(5));
        assert_eq!(sil["series"][0]["data"][3]["itemStyle"]["color"], "#009E73");
        assert_eq!(sil["series"][0]["data"][0]["itemStyle"]["color"], "#8aa4bf");
    }

    #[test]
    fn the_customer_is_a_pin_and_other_segments_fade() {
        let c = demo();
        let option = prediction_scatter(&c.model, c.data.as_deref(), (0, 1), &[80.0, 85.0], 4);
        let series = option["series"].as_array().unwrap();
        let pin = series.last().unwrap();
        assert_eq!(pin["name"], "This customer");
        assert_eq!(pin["id"], customer_pin(&c.model, (0, 1), &[80.0, 85.0])["series"][0]["id"]);
        assert_eq!(pin["data"][0]["value"], json!([80.0, 85.0]));
        let chosen = c.model.segments[4].label.name.as_str();
        for s in &series[..series.len() - 1] {
            assert_eq!(s["itemStyle"]["opacity"] == json!(0.25), s["name"] != chosen);
        }
    }

    #[test]
    fn counts_chart_has_a_bar_per_segment() {
        let c = demo();
        let option = segment_counts_chart(&c.model, &[1, 2, 3, 4, 5]);
        assert_eq!(option["series"][0]["data"][2]["value"], 3.0);
        assert_eq!(option["series"][0]["data"][2]["itemStyle"]["color"], c.model.segments[2].label.colour.as_str());
    }

    #[test]
    fn feature_means_use_segment_colours() {
        let c = demo();
        let option = feature_means_chart(&c.model, 1);
        for (i, s) in c.model.segments.iter().enumerate() {
            assert_eq!(option["series"][0]["data"][i]["itemStyle"]["color"], s.label.colour.as_str());
            assert_eq!(option["xAxis"]["data"][i], s.label.name.as_str());
        }
    }

    #[test]
    fn big_samples_are_drawn_in_large_mode_with_safe_tooltips() {
        let mut c = demo();
        let n = NAMED_POINTS + 1;
        let data = ScatterSample {
            points: engine::Matrix::new((0..n * 2).map(|v| v as f64).collect(), 2),
            labels: (0..n).map(|i| i % 5).collect(),
            total: 1_000_000,
        };
        c.model.encoding.features[0] = "<b>Income</b> {a}".into();
        let option = segment_scatter(&c.model, Some(&data), 0, 1);
        let members = &option["series"][0];
        assert_eq!(members["large"], true);
        assert!(members["data"][0].is_array() || members["data"][0]["name"].is_null(), "no names in large mode");
        let tip = members["tooltip"]["formatter"].as_str().unwrap();
        assert!(tip.contains("&lt;b&gt;Income&lt;/b&gt; (a)"), "{tip}");
        assert_eq!(option["series"][5]["large"], Value::Null, "centres stay named");
    }
}
