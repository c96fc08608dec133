//! The few browser services the app needs: the clock, local storage and file downloads.

use std::cell::RefCell;

use gloo_file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

/// The current time as ISO 8601 (UTC).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps `text` in the browser under `key`, so a reload finds it.
pub fn store(key: &str, text: &str) {
    if let Some(s) = storage() {
        // A full or disabled storage only loses persistence, never the session.
        let _ = s.set_item(key, text);
    }
}

/// What an earlier visit kept under `key`.
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Forgets what is kept under `key`.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

thread_local! {
    /// The last download's object URL. A URL revoked right after `click()` can lose the download
    /// in some browsers (Mozilla bug 1282407, and reports for Safari); kept here, it lives until
    /// the next download replaces it, long after the browser has started saving.
    static LAST_DOWNLOAD: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Offers `contents` as a file download named `file_name`.
pub fn download_text(file_name: &str, mime: &str, contents: &str) {
    download(file_name, Blob::new_with_options(contents, Some(mime)));
}

/// Offers a blob (e.g. one built in the worker) as a file download named `file_name`.
pub fn download(file_name: &str, blob: Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let url = ObjectUrl::from(blob);
    if let Ok(a) = document.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    LAST_DOWNLOAD.with(|last| last.replace(Some(url)));
}

/// Keeps a job's phase timings on `<body>` as JSON, where the benchmark reads them.
pub fn mark_timings(attribute: &str, timings: &crate::protocol::Timings) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute(attribute, &serde_json::to_string(timings).unwrap_or_default());
    }
}

/// Puts `text` on the clipboard; false when the browser does not allow it (no permission, an
/// insecure page), so the page can say to copy it by hand.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    // Off a secure origin `navigator.clipboard` is undefined, and calling it would throw.
    let navigator = window.navigator();
    if js_sys::Reflect::get(&navigator, &"clipboard".into()).map_or(true, |c| c.is_undefined()) {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
