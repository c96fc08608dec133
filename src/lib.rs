//! Segmentum's web app: Leptos components that wire the engine to the page.
//!
//! Architecture invariant: only this crate and the worker's (`segmentum-worker`) touch the
//! browser. Heavy work runs in the Web Worker (started by `jobs`); the page only renders. Chart options
//! are built by pure functions in `charts` (tested natively) and only handed
//! to ECharts inside effects (`components::chart`).

pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod echarts;
pub mod format;
pub mod jobs;
pub mod pages;
pub mod routing;
pub mod state;

// The messages and the demo the page shares with the worker.
pub use segmentum_worker::{demo, protocol};

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
