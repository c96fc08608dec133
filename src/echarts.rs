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
    fn set_option_raw(this: &Instance, option: JsValue, not_merge: bool);

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
    /// Replaces the whole option (no merge with the previous one, so removed series disappear).
    pub fn set_option(&self, option: &serde_json::Value) {
        // JSON.parse builds plain objects, which is what ECharts expects (not JS Maps).
        let text = option.to_string();
        if let Ok(js) = js_sys::JSON::parse(&text) {
            self.set_option_raw(js, true);
        }
    }
}
