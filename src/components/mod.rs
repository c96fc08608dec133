pub mod alert;
pub mod chart;
pub mod file_drop;
pub mod segment_card;
pub mod segment_swatch;
pub mod sheet_picker;
pub mod table_preview;
