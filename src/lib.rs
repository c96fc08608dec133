//! Segmentum's web app: Leptos components that wire the engine to the page.
//!
//! Architecture invariant: only this crate touches the browser. Heavy work runs
//! in a Web Worker (`worker`, started by `jobs`); the page only renders. Chart options
//! are built by pure functions in `charts` (tested natively) and only handed
//! to ECharts inside effects (`components::chart`).

pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod demo;
pub mod echarts;
pub mod format;
pub mod jobs;
pub mod pages;
pub mod protocol;
pub mod routing;
pub mod state;
pub mod worker;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
