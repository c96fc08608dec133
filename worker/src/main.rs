//! The Web Worker that does Segmentum's heavy work (built by trunk as `data-type="worker"`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    segmentum_worker::run();
}
