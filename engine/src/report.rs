//! Tables users download.

use crate::model::SegmentModel;

/// One row per segment: id, name, count, share, then mean/min/max/std of every feature.
pub fn segment_summary_csv(model: &SegmentModel) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["segment_id".to_owned(), "segment_name".to_owned(), "count".to_owned(), "share".to_owned()];
    for f in &model.features {
        for stat in ["mean", "min", "max", "std"] {
            header.push(format!("{} {stat}", f.trim()));
        }
    }
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for s in &model.segments {
        let mut row = vec![s.id.to_string(), s.label.name.clone(), s.size.to_string(), format!("{:.4}", s.share)];
        for st in &s.stats {
            row.extend([st.mean, st.min, st.max, st.std].iter().map(|v| format!("{v:.4}")));
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
