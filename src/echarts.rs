//! The few ECharts calls charming's renderer does not offer: init on an element, dispose, resize.
//! ECharts itself is served by the app (`echarts.min.js`, from the npm package), never from a CDN.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// One ECharts instance bound to one element.
    pub type Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn init_on(element: &web_sys::HtmlElement, theme: JsValue, opts: JsValue) -> Instance;

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option_raw(this: &Instance, option: JsValue, opts: JsValue);

    #[wasm_bindgen(method)]
    pub fn resize(this: &Instance);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Instance);
}

/// Creates a canvas chart inside `element`.
pub fn init(element: &web_sys::HtmlElement) -> Instance {
    init_on(element, JsValue::NULL, JsValue::NULL)
}

impl Instance {
    /// Applies a new option. Series are replaced by position (`replaceMerge`), so series that
    /// disappear are removed while unchanged ones are updated in place rather than redrawn from scratch.
    pub fn set_option(&self, option: &serde_json::Value) {
        // JSON.parse builds plain objects, which is what ECharts expects (not JS Maps).
        let (Ok(js), Ok(opts)) =
            (js_sys::JSON::parse(&option.to_string()), js_sys::JSON::parse(r#"{"replaceMerge":["series"]}"#))
        else {
            return;
        };
        self.set_option_raw(js, opts);
    }

    /// Merges a partial option into the current one (series matched by `id`). The redraw waits
    /// for the next animation frame (`lazyUpdate`), so a dragged slider costs one redraw per frame.
    pub fn merge_option(&self, patch: &serde_json::Value) {
        if let (Ok(js), Ok(opts)) =
            (js_sys::JSON::parse(&patch.to_string()), js_sys::JSON::parse(r#"{"lazyUpdate":true}"#))
        {
            self.set_option_raw(js, opts);
        }
    }
}
