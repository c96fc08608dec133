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
    /// The name of the file the page holds from this box, said under it ("Loaded: …"), with
    /// `data-testid="<testid>-name"`. Without it the box says nothing of a file.
    #[prop(optional, into)]
    loaded: Option<Signal<Option<String>>>,
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
    let name_id = format!("{testid}-name");
    // The native input is hidden from sight (not from keyboards or screen readers): its own text
    // says "No file chosen" once a file is loaded, since its value is cleared for the next choice.
    let chosen = loaded.map(|loaded| {
        let text = move || match loaded.get() {
            Some(name) => format!("Loaded: {name}"),
            None => "No file loaded yet.".to_owned(),
        };
        view! { <p class="file-chosen" id=name_id.clone() data-testid=name_id.clone()>{text}</p> }
    });
    let described_by = loaded.is_some().then_some(name_id);
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
            <label for=id.clone()>"Drop " {label} " here, or "<span class="file-button">"choose a file"</span></label>
            <input id=id class="visually-hidden" type="file" accept=accept data-testid=testid
                aria-describedby=described_by on:change=on_change />
            {chosen}
        </div>
    }
}
