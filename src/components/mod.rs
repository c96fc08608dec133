pub mod chart;
pub mod segment_card;
