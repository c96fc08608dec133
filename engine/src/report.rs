//! Tables users download.

use crate::model::SegmentModel;

/// One row per segment: id, name, count, share, silhouette and stability (empty while unknown),
/// then mean/min/max/std of every numeric feature, then the share of each category value.
pub fn segment_summary_csv(model: &SegmentModel) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["segment_id".to_owned(), "segment_name".to_owned(), "count".to_owned(), "share".to_owned()];
    header.extend(["silhouette", "stability"].map(String::from));
    for f in model.features() {
        for stat in ["mean", "min", "max", "std"] {
            header.push(format!("{} {stat}", f.trim()));
        }
    }
    for c in &model.encoding.categories {
        header.extend(c.values.iter().map(|v| format!("{} = {v} share", c.name.trim())));
    }
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for s in &model.segments {
        let mut row = vec![s.id.to_string(), s.label.name.clone(), s.size.to_string(), format!("{:.4}", s.share)];
        row.extend([s.silhouette, s.stability].map(|v| v.map_or_else(String::new, |v| format!("{v:.4}"))));
        for st in &s.stats {
            row.extend([st.mean, st.min, st.max, st.std].iter().map(|v| format!("{v:.4}")));
        }
        row.extend(s.mix.iter().flatten().map(|v| format!("{v:.4}")));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_has_every_segment_with_its_silhouette_and_stability() {
        let t = crate::Table::from_csv_bytes(b"income,spending\n1,1\n2,1\n9,9\n10,9\n1,2\n10,10\n").unwrap();
        let mut model = crate::segment_table(&t, &crate::TrainRequest::new(vec![0, 1], 2)).unwrap().model;
        model.segments[0].stability = Some(0.9);
        let csv = segment_summary_csv(&model);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("segment_id,segment_name,count,share,silhouette,stability,income mean,"));
        assert_eq!(lines.len(), 3);
        let first: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(first[4], format!("{:.4}", model.segments[0].silhouette.unwrap()));
        assert_eq!(first[5], "0.9000");
        assert_eq!(lines[2].split(',').nth(5), Some(""), "unknown stability stays empty");
    }
}
