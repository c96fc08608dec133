//! Which sheet of a workbook to read: a `<select>` of its sheets, shown when it has more than one.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{jobs::Source, protocol::FileSummary};

/// The file types every file picker offers: customer tables as CSV or as a workbook.
pub const TABLE_FILES: &str = ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.xlsb,.ods,text/csv";

/// The sheets of `file` (the one read selected); choosing another reads `source` again, that sheet.
#[component]
pub fn SheetPicker(
    /// The file shown, if any.
    file: Signal<Option<std::sync::Arc<FileSummary>>>,
    /// The file as it was chosen (kept by the page since it loaded).
    source: StoredValue<Option<Source>, LocalStorage>,
    /// Reads a source, as choosing a file does.
    load: Callback<Source, ()>,
) -> impl IntoView {
    let pick = move |sheet: String| {
        if let Some(Source::File { name, blob, .. }) = source.get_value() {
            load.run(Source::File { name, blob, sheet: Some(sheet) });
        }
    };
    move || {
        let f = file.get().filter(|f| f.sheets.len() > 1 && source.with_value(Option::is_some))?;
        let shown = f.sheet.clone().unwrap_or_default();
        // The picker always shows the sheet that is loaded: another one replaces it only once
        // it has been read (a sheet refused leaves the picker, and the data, as they were).
        let on_change = move |e: leptos::ev::Event| {
            let wanted = event_target_value(&e);
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                select.set_value(&shown);
            }
            pick(wanted);
        };
        let options = f
            .sheets
            .iter()
            .map(|s| {
                let selected = f.sheet.as_ref() == Some(s);
                view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
            })
            .collect_view();
        Some(view! {
            <label class="field">"Sheet "
                <select data-testid="sheet-picker" on:change=on_change>{options}</select>
            </label>
        })
    }
}
