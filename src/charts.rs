//! Chart options as plain data, built from engine output.
//!
//! Pure functions: they return the JSON ECharts receives, so they are tested
//! natively; `components::chart` only renders what they return.

use charming::{
    component::{Axis, Grid},
    datatype::DataPointItem,
    element::{AxisType, ItemStyle, NameLocation, Symbol, Tooltip, Trigger},
    series::{Bar, Line, Scatter},
    Chart,
};
use engine::{sweep::Sweep, SegmentModel};
use serde_json::{json, Value};

use crate::protocol::ScatterSample;

/// Above this many drawn customers, points carry no names and ECharts draws them
/// in large mode (one batched path per series); tooltips then show the values.
pub const NAMED_POINTS: usize = 2_000;

/// Customers coloured by segment on features `x` and `y`, each centre a large
/// outlined diamond in its segment's colour. Centre and members share a series
/// name, so one legend entry shows or hides both. Without training data only the centres are drawn.
///
/// The axes are fitted to the customers ([`ScatterFit`]): a customer beyond them is drawn on the
/// edge as a triangle pointing the way they lie, in a series of their segment after the centres,
/// their values in the tooltip; [`customers_beyond_axes`] counts them for the caption.
pub fn segment_scatter(model: &SegmentModel, data: Option<&ScatterSample>, x: usize, y: usize) -> Value {
    let (x_name, y_name) = (model.features()[x].trim(), model.features()[y].trim());
    let fit = ScatterFit::of(data, x, y);
    // ECharts HTML-escapes {a} and {b}: names from files cannot inject markup, and need no <br/> of their own.
    let mut chart = Chart::new().tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{a}<br/>{b}"));

    let large = data.is_some_and(|d| d.points.rows() > NAMED_POINTS);
    let mut beyond: Vec<Vec<Value>> = vec![Vec::new(); model.k()];
    if let Some(data) = data {
        let mut members: Vec<Vec<DataPointItem>> = vec![Vec::new(); model.k()];
        for (point, &label) in data.points.iter_rows().zip(&data.labels) {
            let (px, py) = (point[x], point[y]);
            // Named only where a tooltip needs it: large mode writes 20,000 points' values itself.
            let values = || format!("{x_name}: {} · {y_name}: {}", number(px), number(py));
            if let Some(rotate) = fit.beyond(px, py) {
                let [cx, cy] = fit.clamp(px, py);
                beyond[label].push(json!({
                    "value": [cx, cy],
                    "name": format!("{} (beyond the axis, drawn on its edge)", values()),
                    "symbolRotate": rotate,
                }));
                continue;
            }
            let item = DataPointItem::new(vec![px, py]);
            members[label].push(if large { item } else { item.name(values()) });
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
        let mut name = format!("Centre · {x_name}: {} · {y_name}: {}", number(cx), number(cy));
        if fit.beyond(cx, cy).is_some() {
            name.push_str(" (beyond the axis, drawn on its edge)");
        }
        chart = chart.series(
            Scatter::new()
                .name(segment.label.name.as_str())
                .symbol(Symbol::Diamond)
                .symbol_size(24)
                .item_style(
                    ItemStyle::new().color(segment.label.colour.as_str()).border_color("#1a1a1a").border_width(2),
                )
                .data(vec![DataPointItem::new(fit.clamp(cx, cy).to_vec()).name(name)]),
        );
    }
    let mut option = to_json(&chart);
    option["legend"] = segment_legend(json!(0));
    option["grid"] = json!({ "left": 28, "right": 24, "bottom": 36, "top": 48, "containLabel": true });
    option["xAxis"] = scatter_axis(fit.x, x_name, 32);
    let widest = match (fit.y, data) {
        (Some(r), _) => r.min.abs().max(r.max.abs()),
        (None, Some(d)) => d.points.iter_rows().map(|p| p[y].abs()).fold(0.0, f64::max),
        (None, None) => model.segments.iter().map(|s| s.centre[y].abs()).fold(0.0, f64::max),
    };
    // Unfitted, the axis may reach below zero: room for a sign.
    let negative = fit.y.is_none_or(|r| r.min < 0.0);
    option["yAxis"] = scatter_axis(fit.y, y_name, vertical_name_gap(widest, negative));
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
        for (segment, items) in model.segments.iter().zip(beyond).filter(|(_, items)| !items.is_empty()) {
            series.push(json!({
                "type": "scatter",
                "name": segment.label.name,
                "symbol": "triangle",
                "symbolSize": 13,
                "z": 4,
                "itemStyle": { "color": segment.label.colour, "borderColor": "#1a1a1a", "borderWidth": 1 },
                "data": items,
            }));
        }
    }
    option
}

/// The customers of `data` that [`segment_scatter`] draws on the edge of its axes `x` and `y`
/// rather than where they lie.
pub fn customers_beyond_axes(data: &ScatterSample, x: usize, y: usize) -> usize {
    let fit = ScatterFit::of(Some(data), x, y);
    data.points.iter_rows().filter(|p| fit.beyond(p[x], p[y]).is_some()).count()
}

/// The legend of segment names: it scrolls rather than wraps or is cut, a long name is cut short
/// with an ellipsis and shown whole on hover.
fn segment_legend(top: Value) -> Value {
    json!({
        "type": "scroll",
        "top": top,
        "textStyle": { "width": LEGEND_TEXT_WIDTH, "overflow": "truncate", "ellipsis": "…" },
        "tooltip": { "show": true },
    })
}

/// Widest a legend entry's name is drawn, in pixels: about 22 characters.
const LEGEND_TEXT_WIDTH: u32 = 150;

/// How far an axis reaches past the 1st–99th percentile span, as a share of that span (never past
/// the data). Without it the 1 % on each side would always be drawn on the edge, outliers or not;
/// a quarter of the span keeps the ordinary tail of a normal sample (to ±3.5 σ) where it lies,
/// while one income of 666,666 among incomes up to 150,000 no longer stretches the axis.
const AXIS_REACH: f64 = 0.25;

/// One scatter axis's range, fitted to the values drawn along it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AxisRange {
    pub min: f64,
    pub max: f64,
}

impl AxisRange {
    /// The 1st to 99th percentile of `values` (numpy's linear definition), widened by
    /// [`AXIS_REACH`] of that span but never past the smallest and largest value, then rounded out
    /// to a tick step. `None` without two different finite values: ECharts then fits the axis.
    pub fn fit(values: impl Iterator<Item = f64>) -> Option<Self> {
        let mut sorted: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let (&lowest, &highest) = (sorted.first()?, sorted.last()?);
        let (p1, p99) = (percentile(&sorted, 1.0), percentile(&sorted, 99.0));
        let reach = (p99 - p1) * AXIS_REACH;
        let (lo, hi) = ((p1 - reach).max(lowest), (p99 + reach).min(highest));
        if hi <= lo {
            return None;
        }
        let step = nice_step((hi - lo) / 5.0);
        // Rounded to the step's decimals, so 0.1 steps give 0.3 rather than 0.30000000000000004.
        let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
        // A bound a float's breadth from a step stays on it (0.35 / 0.05 is 6.999…).
        let steps = |v: f64, out: fn(f64) -> f64| {
            let q = v / step;
            if (q - q.round()).abs() < 1e-9 {
                q.round()
            } else {
                out(q)
            }
        };
        Some(Self {
            min: round(steps(lo, f64::floor) * step, decimals),
            max: round(steps(hi, f64::ceil) * step, decimals),
        })
    }

    fn contains(&self, v: f64) -> bool {
        (self.min..=self.max).contains(&v)
    }
}

/// The value below which `q` % of `sorted` lie, interpolated linearly between the two nearest
/// ranks: numpy's `percentile(…, method="linear")`, its default.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q / 100.0;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
}

/// A tick step near `raw`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0].into_iter().find(|&n| fraction <= n).unwrap_or(10.0);
    nice * magnitude
}

/// Both axes of a scatter, each fitted to the customers drawn (`None`: left to ECharts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScatterFit {
    pub x: Option<AxisRange>,
    pub y: Option<AxisRange>,
}

impl ScatterFit {
    /// The axes for features `x` and `y` of the customers drawn; without customers, ECharts fits
    /// the axes to the centres.
    pub fn of(data: Option<&ScatterSample>, x: usize, y: usize) -> Self {
        let fit = |j: usize| data.and_then(|d| AxisRange::fit(d.points.iter_rows().map(|p| p[j])));
        Self { x: fit(x), y: fit(y) }
    }

    /// `None` for a point within both axes; else the rotation (ECharts' degrees, anticlockwise)
    /// that points a triangle the way the point lies.
    fn beyond(&self, x: f64, y: f64) -> Option<i32> {
        let out = |range: Option<AxisRange>, v: f64| match range {
            Some(r) if v > r.max => Some(true),
            Some(r) if !r.contains(v) => Some(false),
            _ => None,
        };
        match (out(self.x, x), out(self.y, y)) {
            (Some(true), _) => Some(-90),
            (Some(false), _) => Some(90),
            (None, Some(true)) => Some(0),
            (None, Some(false)) => Some(180),
            (None, None) => None,
        }
    }

    /// The point moved onto the axes' edge where it lies beyond them.
    fn clamp(&self, x: f64, y: f64) -> [f64; 2] {
        let clamp = |range: Option<AxisRange>, v: f64| range.map_or(v, |r| v.clamp(r.min, r.max));
        [clamp(self.x, x), clamp(self.y, y)]
    }
}

/// A scatter's value axis, fitted to `range` (else left to ECharts), named along its middle
/// `name_gap` pixels out so the name clears the tick labels; tick labels that would overlap are
/// hidden rather than run together.
fn scatter_axis(range: Option<AxisRange>, name: &str, name_gap: u32) -> Value {
    let mut axis = json!({
        "type": "value",
        "name": short_label(name, AXIS_NAME_CHARS),
        "nameLocation": "middle",
        "nameGap": name_gap,
        "scale": true,
        "axisLabel": { "hideOverlap": true },
    });
    if let Some(range) = range {
        axis["min"] = json!(range.min);
        axis["max"] = json!(range.max);
    }
    axis
}

/// How far a vertical axis's name must sit from it to clear its widest tick label, whose largest
/// value is `widest`: ECharts writes ticks with thousands separators, about 7 px a character in
/// its 12 px font; below 100 a tick may have two decimals.
fn vertical_name_gap(widest: f64, negative: bool) -> u32 {
    let digits = if widest >= 1.0 { widest.log10().floor() as u32 + 1 } else { 1 };
    let chars = digits + (digits - 1) / 3 + u32::from(negative) + if widest < 100.0 { 3 } else { 0 };
    chars * 7 + 16
}

/// Longest an axis name is drawn, in characters; the whole name is in the chart's caption.
const AXIS_NAME_CHARS: usize = 40;

/// Longest a segment name is drawn on an axis, in characters.
const LABEL_CHARS: usize = 20;

/// `text` cut to at most `max` characters, the last an ellipsis when cut: long segment and
/// feature names stay on one line and never collide; tooltips show them whole.
pub fn short_label(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A number as the charts write it: thousands separators, and decimals by size (none from 1,000,
/// one from 10, two below), as ECharts writes its own tick labels.
pub fn number(v: f64) -> String {
    let v = chart_round(v);
    let decimals = if v.abs() >= 1000.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    crate::format::fixed(v, decimals)
}

/// A value rounded as [`number`] writes it, for ECharts to show in tooltips and labels.
fn chart_round(v: f64) -> f64 {
    match v.abs() {
        a if a >= 1000.0 => v.round(),
        a if a >= 10.0 => round(v, 1),
        _ => round(v, 2),
    }
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
        let mut pin = customer_pin(model, &ScatterFit::of(data, x, y), (x, y), point)["series"][0].take();
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
/// so dragging a slider does not rebuild the whole chart. On the axes `fit` to the customers: one
/// beyond them is drawn on the edge (their values in the tooltip), not lost off the chart.
pub fn customer_pin(model: &SegmentModel, fit: &ScatterFit, (x, y): (usize, usize), point: &[f64]) -> Value {
    let mut name = format!(
        "{}: {} · {}: {}",
        model.features()[x].trim(),
        number(point[x]),
        model.features()[y].trim(),
        number(point[y])
    );
    if fit.beyond(point[x], point[y]).is_some() {
        name.push_str(" (beyond the axis, drawn on its edge)");
    }
    json!({ "series": [{ "id": "customer", "data": [{ "name": name, "value": fit.clamp(point[x], point[y]) }] }] })
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
/// from highest to lowest, one thin bar each in the segment's colour, segments side by side.
/// `profile[j]` is segment `j`'s sorted, thinned coefficients. Segments are named in a legend, not
/// under their blocks: a small segment's block is too narrow for its name, and names there collide.
/// One series a segment, its bars `[position, coefficient]`, all in one slot (`barGap: -100%`).
pub fn silhouette_plot(model: &SegmentModel, profile: &[Vec<f64>]) -> Value {
    let mut series = Vec::new();
    let mut position = 0;
    for (segment, values) in model.segments.iter().zip(profile) {
        if position > 0 {
            position += PLOT_GAP;
        }
        // The tooltip's text is the bar's name: ECharts' templates cannot pick one value of a pair.
        let bars: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| json!({ "value": [position + i, round(*v, 4)], "name": format!("Silhouette {v:.3}") }))
            .collect();
        position += values.len();
        series.push(json!({
            "type": "bar", "name": segment.label.name, "data": bars, "barGap": "-100%", "barCategoryGap": "0%",
            "itemStyle": { "color": segment.label.colour },
        }));
    }
    json!({
        "aria": { "enabled": true },
        "animation": false,
        "tooltip": { "trigger": "item", "formatter": "{a}<br/>{b}" },
        "legend": segment_legend(json!(0)),
        "grid": { "left": 28, "right": 16, "bottom": 12, "top": 48, "containLabel": true },
        "xAxis": {
            "type": "category", "data": vec![""; position], "axisTick": { "show": false },
            "axisLabel": { "show": false }
        },
        "yAxis": {
            "type": "value", "name": "Silhouette", "min": -1, "max": 1,
            "nameLocation": "middle", "nameGap": 40
        },
        "series": series
    })
}

/// The mean of feature `j` in each segment, one bar per segment in its colour.
pub fn feature_means_chart(model: &SegmentModel, j: usize) -> Value {
    let means = model.segments.iter().map(|s| s.stats[j].mean);
    segment_bars(model, means, &format!("Mean {}", model.features()[j].trim()))
}

/// One bar per segment, in segment order and colours, lying along the segments' names so a long
/// name has a line's width: cut short after [`LABEL_CHARS`] characters, whole in the tooltip.
fn segment_bars(model: &SegmentModel, values: impl Iterator<Item = f64>, measure: &str) -> Value {
    let names: Vec<String> = model.segments.iter().map(|s| short_label(&s.label.name, LABEL_CHARS)).collect();
    let bars: Vec<Value> = model
        .segments
        .iter()
        .zip(values)
        .map(
            |(s, v)| json!({ "value": chart_round(v), "name": s.label.name, "itemStyle": { "color": s.label.colour } }),
        )
        .collect();
    json!({
        "aria": { "enabled": true },
        "tooltip": { "trigger": "item" },
        "grid": { "left": 12, "right": 28, "bottom": 36, "top": 12, "containLabel": true },
        "xAxis": {
            "type": "value", "name": short_label(measure, AXIS_NAME_CHARS), "nameLocation": "middle", "nameGap": 30,
            "axisLabel": { "hideOverlap": true }
        },
        // The first segment on top, as in the table; names that would overlap are left to the tooltip.
        "yAxis": { "type": "category", "data": names, "inverse": true, "axisTick": { "show": false } },
        "series": [{ "type": "bar", "name": measure, "data": bars, "barMaxWidth": 28 }]
    })
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
    fn the_silhouette_plot_has_a_series_per_segment_in_its_colour_and_a_bar_per_kept_member() {
        let c = crate::state::Current::demo("t").unwrap();
        let profile = c.silhouette_plot.clone().unwrap();
        let option = super::silhouette_plot(&c.model, &profile);
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), c.model.k());
        let kept: usize = profile.iter().map(Vec::len).sum();
        let positions = option["xAxis"]["data"].as_array().unwrap().len();
        assert_eq!(positions, kept + super::PLOT_GAP * (c.model.k() - 1));
        let mut last = None;
        for ((s, segment), values) in series.iter().zip(&c.model.segments).zip(profile.iter()) {
            assert_eq!(s["name"], segment.label.name.as_str());
            assert_eq!(s["itemStyle"]["color"], segment.label.colour.as_str());
            let bars = s["data"].as_array().unwrap();
            assert_eq!(bars.len(), values.len());
            // Segments side by side, in order, a gap between them, every bar within the axis.
            for bar in bars {
                let at = bar["value"][0].as_u64().unwrap() as usize;
                assert!(last.is_none_or(|l| at > l) && at < positions);
                last = Some(at);
            }
        }
        assert_eq!(option["legend"]["type"], "scroll", "names in a legend that scrolls, never cut");
        let first = &series[0]["data"][0];
        assert_eq!(first["name"], format!("Silhouette {:.3}", profile[0][0]), "the tooltip's value");
        assert_eq!(option["tooltip"]["formatter"], "{a}<br/>{b}", "the segment's whole name, then the value");
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
        assert_eq!(
            pin["id"],
            customer_pin(&c.model, &ScatterFit::of(None, 0, 1), (0, 1), &[80.0, 85.0])["series"][0]["id"]
        );
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
    fn feature_means_use_segment_colours_and_names_whole_in_the_tooltip() {
        let mut c = demo();
        c.model.segments[2].label.name = "Mostly Female, High Income, Low Spending Professionals".into();
        let option = feature_means_chart(&c.model, 1);
        for (i, s) in c.model.segments.iter().enumerate() {
            let bar = &option["series"][0]["data"][i];
            assert_eq!(bar["itemStyle"]["color"], s.label.colour.as_str());
            assert_eq!(bar["name"], s.label.name.as_str(), "the tooltip has the whole name");
            assert_eq!(option["yAxis"]["data"][i], short_label(&s.label.name, LABEL_CHARS).as_str());
        }
        assert_eq!(option["yAxis"]["data"][2], "Mostly Female, High…");
        assert_eq!(option["xAxis"]["nameLocation"], "middle", "the measure's name clears the tick labels");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis_and_short_ones_kept() {
        assert_eq!(short_label("Target Group", 20), "Target Group");
        assert_eq!(short_label("  Exactly twenty chars", 20), "Exactly twenty chars");
        let cut = short_label("Mostly Female, High Income, Low Spending", 20);
        assert_eq!(cut, "Mostly Female, High…");
        assert_eq!(cut.chars().count(), 20);
        assert_eq!(short_label("Élégants à l'œil très raffinés", 10), "Élégants…");
    }

    #[test]
    fn chart_numbers_have_thousands_separators_and_decimals_by_size() {
        assert_eq!(number(66_666.67), "66,667");
        assert_eq!(number(-1_234_567.8), "-1,234,568");
        assert_eq!(number(999.96), "1,000");
        assert_eq!(number(55.296), "55.3");
        assert_eq!(number(7.1234), "7.12");
        assert_eq!(number(-0.001), "0.00");
        assert_eq!(number(0.0), "0.00");
    }

    #[test]
    fn percentiles_are_numpys_linear_ones() {
        // numpy.percentile([1, 2, 3, 4], [1, 99]) == [1.03, 3.97]; ([15, 20, 35, 40, 50], 40) == 29.
        assert!((percentile(&[1.0, 2.0, 3.0, 4.0], 1.0) - 1.03).abs() < 1e-12);
        assert!((percentile(&[1.0, 2.0, 3.0, 4.0], 99.0) - 3.97).abs() < 1e-12);
        assert!((percentile(&[15.0, 20.0, 35.0, 40.0, 50.0], 40.0) - 29.0).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    /// 300 customers with incomes 40,000–80,000 and spending 1–100 (seeded), and one with
    /// fifty times the median income.
    fn with_outlier() -> ScatterSample {
        let mut rng = engine::rng::Rng::new(7);
        let mut values = Vec::new();
        for _ in 0..300 {
            values.push(40_000.0 + 40_000.0 * rng.next_f64());
            values.push(1.0 + 99.0 * rng.next_f64());
        }
        values.extend([3_000_000.0, 50.0]);
        ScatterSample { points: engine::Matrix::new(values, 2), labels: (0..301).map(|i| i % 5).collect(), total: 301 }
    }

    #[test]
    fn an_outlier_is_drawn_on_the_edge_of_axes_fitted_to_the_others() {
        let c = demo();
        let data = with_outlier();
        let option = segment_scatter(&c.model, Some(&data), 0, 1);
        let max = option["xAxis"]["max"].as_f64().unwrap();
        assert!((80_000.0..100_000.0).contains(&max), "x axis to {max}, not stretched to the outlier");
        assert!(option["xAxis"]["min"].as_f64().unwrap() <= 40_000.0);
        assert_eq!(option["yAxis"]["min"], 0.0);
        assert_eq!(option["yAxis"]["max"], 100.0);
        assert_eq!(customers_beyond_axes(&data, 0, 1), 1);
        // Every other customer where they lie; the outlier in its segment's colour, on the edge.
        let series = option["series"].as_array().unwrap();
        let drawn: usize = series[..5].iter().map(|s| s["data"].as_array().unwrap().len()).sum();
        assert_eq!(drawn, 300);
        let edge = series.last().unwrap();
        assert_eq!(edge["symbol"], "triangle");
        assert_eq!(edge["name"], c.model.segments[300 % 5].label.name.as_str());
        assert_eq!(edge["itemStyle"]["color"], c.model.segments[300 % 5].label.colour.as_str());
        assert_eq!(edge["data"][0]["value"], json!([max, 50.0]));
        assert_eq!(edge["data"][0]["symbolRotate"], -90, "pointing right, where it lies");
        let name = edge["data"][0]["name"].as_str().unwrap();
        assert!(name.contains("3,000,000") && name.contains("beyond the axis"), "{name}");
        // A customer on Predict with that income is pinned on the edge too.
        let pin = customer_pin(&c.model, &ScatterFit::of(Some(&data), 0, 1), (0, 1), &[3_000_000.0, 50.0]);
        assert_eq!(pin["series"][0]["data"][0]["value"], json!([max, 50.0]));
    }

    #[test]
    fn data_without_outliers_keeps_every_customer_where_they_lie() {
        let c = demo();
        let data = c.data.as_deref().unwrap();
        assert_eq!(customers_beyond_axes(data, 0, 1), 0);
        assert_eq!(customers_beyond_axes(data, 1, 0), 0);
        let option = segment_scatter(&c.model, Some(data), 0, 1);
        let (lo, hi) = (option["xAxis"]["min"].as_f64().unwrap(), option["xAxis"]["max"].as_f64().unwrap());
        assert!(data.points.iter_rows().all(|p| (lo..=hi).contains(&p[0])));
    }

    #[test]
    fn axes_are_left_to_echarts_without_two_different_values() {
        assert_eq!(AxisRange::fit([5.0, 5.0, 5.0].into_iter()), None);
        assert_eq!(AxisRange::fit([f64::NAN].into_iter()), None);
        let fit = AxisRange::fit([0.1, 0.2, 0.35].into_iter()).unwrap();
        assert_eq!((fit.min, fit.max), (0.1, 0.35));
    }

    #[test]
    fn axis_names_clear_the_tick_labels_and_legend_names_are_cut_short() {
        let c = demo();
        let option = segment_scatter(&c.model, Some(&with_outlier()), 1, 0);
        // "100,000" is seven characters: the vertical axis's name sits beyond them.
        assert!(option["yAxis"]["nameGap"].as_u64().unwrap() >= 7 * 7 + 8);
        assert_eq!(option["yAxis"]["nameLocation"], "middle");
        assert_eq!(option["legend"]["type"], "scroll");
        assert_eq!(option["legend"]["textStyle"]["overflow"], "truncate");
        assert_eq!(option["legend"]["tooltip"]["show"], true);
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
