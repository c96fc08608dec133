//! A drop zone with a file picker: the one way every page takes a file.

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

use crate::jobs::Source;

#[component]
pub fn FileDrop(
    /// `data-testid` of the `<input type="file">`.
    testid: &'static str,
    /// What to drop or pick, e.g. "a customer CSV".
    label: &'static str,
    /// File types the picker offers, e.g. ".csv,text/csv".
    accept: &'static str,
    /// Called once per chosen file. The page never reads it: the worker does.
    on_file: Callback<Source, ()>,
) -> impl IntoView {
    let hovering = RwSignal::new(false);
    let read = move |file: web_sys::File| {
        let file = gloo_file::File::from(file);
        on_file.run(Source::File { name: file.name(), blob: file.into(), sheet: None });
    };
    let on_change = move |e: ev::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read(file);
        }
        // Choosing the same file again must load it again.
        input.set_value("");
    };
    let on_drop = move |e: ev::DragEvent| {
        e.prevent_default();
        hovering.set(false);
        if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            read(file);
        }
    };
    let id = format!("{testid}-input");
    view! {
        <div
            class="drop-zone"
            class:hovering=move || hovering.get()
            on:dragover=move |e: ev::DragEvent| {
                e.prevent_default();
                hovering.set(true);
            }
            on:dragleave=move |_| hovering.set(false)
            on:drop=on_drop
        >
            <label for=id.clone()>"Drop " {label} " here, or "<span class="link">"choose a file"</span></label>
            <input id=id type="file" accept=accept data-testid=testid on:change=on_change />
        </div>
    }
}
