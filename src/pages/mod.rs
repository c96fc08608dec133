pub mod analytics;
pub mod overview;
pub mod train;
