//! The Web Worker that does Segmentum's heavy work (scripts/build.mjs writes its loader, worker_loader.js).

fn main() {
    #[cfg(target_arch = "wasm32")]
    segmentum_worker::run();
}
