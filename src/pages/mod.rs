pub mod analytics;
pub mod batch;
pub mod overview;
pub mod predict;
pub mod train;
