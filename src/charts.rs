//! Chart options as plain data, built from engine output.
//!
//! Pure functions: they return the JSON ECharts receives, so they are tested
//! natively; `components::chart` only renders what they return.

use charming::{
    component::{Axis, Grid, Legend, LegendType, Title},
    datatype::DataPointItem,
    element::{AxisType, ItemStyle, NameLocation, Symbol, Tooltip, Trigger},
    series::Scatter,
    Chart,
};
use engine::Segmentation;
use serde_json::{json, Value};

use crate::format;

/// Customers coloured by segment on features `x` and `y`, each centroid a large
/// outlined diamond in its segment's colour. Centroid and members share a series
/// name, so one legend entry shows or hides both.
pub fn segment_scatter(seg: &Segmentation, x: usize, y: usize) -> Value {
    let (x_name, y_name) = (seg.features[x].trim(), seg.features[y].trim());
    let mut chart = Chart::new()
        .title(
            Title::new()
                .show(false)
                .text(format!("{y_name} against {x_name}, by segment")),
        )
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Item)
                .formatter("{a}<br/>{b}"),
        )
        .legend(Legend::new().type_(LegendType::Scroll).top("0"))
        .grid(
            Grid::new()
                .left("3%")
                .right("4%")
                .bottom("8%")
                .top("48")
                .contain_label(true),
        )
        .x_axis(axis(x_name))
        .y_axis(axis(y_name));

    let mut members: Vec<Vec<DataPointItem>> = vec![Vec::new(); seg.segments.len()];
    for (point, &label) in seg.points.iter_rows().zip(seg.labels()) {
        let name = format!(
            "{x_name}: {}<br/>{y_name}: {}",
            format::value(point[x]),
            format::value(point[y])
        );
        members[label].push(DataPointItem::new(vec![point[x], point[y]]).name(name));
    }
    for (segment, items) in seg.segments.iter().zip(members) {
        chart = chart.series(
            Scatter::new()
                .name(segment.label.name.as_str())
                .symbol_size(9)
                .item_style(
                    ItemStyle::new()
                        .color(segment.label.colour.as_str())
                        .opacity(0.8),
                )
                .data(items),
        );
    }
    for segment in &seg.segments {
        let (cx, cy) = (segment.centroid[x], segment.centroid[y]);
        let name = format!(
            "Centre<br/>{x_name}: {}<br/>{y_name}: {}",
            format::value(cx),
            format::value(cy)
        );
        chart = chart.series(
            Scatter::new()
                .name(segment.label.name.as_str())
                .symbol(Symbol::Diamond)
                .symbol_size(24)
                .item_style(
                    ItemStyle::new()
                        .color(segment.label.colour.as_str())
                        .border_color("#1a1a1a")
                        .border_width(2),
                )
                .data(vec![DataPointItem::new(vec![cx, cy]).name(name)]),
        );
    }
    let mut option = serde_json::to_value(&chart).unwrap_or(Value::Null);
    // Centres are drawn above the customers (charming has no `z`).
    if let Some(series) = option.get_mut("series").and_then(Value::as_array_mut) {
        for s in series.iter_mut().skip(seg.segments.len()) {
            s["z"] = json!(3);
        }
    }
    option["aria"] = json!({ "enabled": true });
    option
}

fn axis(name: &str) -> Axis {
    Axis::new()
        .type_(AxisType::Value)
        .name(name)
        .name_location(NameLocation::Middle)
        .name_gap(30)
        .scale(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    fn demo_option() -> (Segmentation, Value) {
        let seg = Workspace::demo().unwrap().segmentation;
        let option = segment_scatter(&seg, 0, 1);
        (seg, option)
    }

    #[test]
    fn one_member_series_and_one_centre_series_per_segment() {
        let (seg, option) = demo_option();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 2 * seg.segments.len());
        let members: usize = series[..5]
            .iter()
            .map(|s| s["data"].as_array().unwrap().len())
            .sum();
        assert_eq!(members, 200, "every customer is drawn");
        assert!(series[5..]
            .iter()
            .all(|s| s["data"].as_array().unwrap().len() == 1));
        assert!(series[5..]
            .iter()
            .all(|s| s["symbol"] == "diamond" && s["z"] == 3));
    }

    #[test]
    fn series_carry_segment_names_and_colours() {
        let (seg, option) = demo_option();
        for (i, segment) in seg.segments.iter().enumerate() {
            for s in [&option["series"][i], &option["series"][i + 5]] {
                assert_eq!(s["name"], segment.label.name.as_str());
                assert_eq!(s["itemStyle"]["color"], segment.label.colour.as_str());
            }
        }
    }

    #[test]
    fn axes_are_named_after_the_features_and_points_have_tooltips() {
        let (_, option) = demo_option();
        assert_eq!(option["xAxis"]["name"], "Annual Income (k$)");
        assert_eq!(option["yAxis"]["name"], "Spending Score (1-100)");
        let first = &option["series"][0]["data"][0];
        assert!(first["name"]
            .as_str()
            .unwrap()
            .starts_with("Annual Income (k$): "));
        assert_eq!(first["value"].as_array().unwrap().len(), 2);
    }
}
