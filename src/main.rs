fn main() {
    segmentum::start();
}
