//! The files the worker holds: one for Train and one for Batch, each known by its bytes
//! ([`FileKey`]), so the same file loaded on both pages is read once.

use std::sync::Arc;

use engine::Table;

use super::{timing::Timer, Report};
use crate::{
    demo::{DEMO_CSV, DEMO_NAME},
    protocol::{FileKey, FileSummary, Slot},
};

/// A file the worker has read.
pub struct Loaded {
    pub name: String,
    /// The sheet asked for, of a workbook.
    pub sheet: Option<String>,
    pub table: Table,
    /// The same file loaded on both pages is read once.
    pub key: FileKey,
    /// Of a customer table built from order lines: how (a model trained on it keeps this, so
    /// Batch can build another month's table the same way).
    pub rule: Option<engine::rfm::OrderRule>,
}

impl Loaded {
    /// What the page shows of this file.
    pub fn summary(&self) -> Result<FileSummary, String> {
        FileSummary::of(&self.name, self.key, &self.table)
    }
}

/// The Train and Batch files.
#[derive(Default)]
pub struct Store {
    train: Option<Arc<Loaded>>,
    batch: Option<Arc<Loaded>>,
}

/// What a load read: the file's summary, and whether it is another file than the ones held before.
pub struct Read {
    pub summary: FileSummary,
    pub new: bool,
}

impl Store {
    /// The file in `slot`, or why there is none.
    pub fn get(&self, slot: Slot) -> Result<&Arc<Loaded>, String> {
        let loaded = match slot {
            Slot::Train => &self.train,
            Slot::Batch => &self.batch,
        };
        loaded.as_ref().ok_or_else(|| "Load a file first.".to_owned())
    }

    /// Reads `bytes` (the demo when `demo`) into `slot`. A file already held under the same
    /// name and sheet is not read again.
    pub fn load(
        &mut self,
        slot: Slot,
        (name, demo, sheet): (String, bool, Option<String>),
        bytes: &[u8],
        clock: fn() -> f64,
        report: Report,
    ) -> Result<Read, String> {
        let (bytes, name) = if demo { (DEMO_CSV, DEMO_NAME.to_owned()) } else { (bytes, name) };
        report(super::timing::progress(format!("Reading {name}"), 0.0, 1.0));
        let mut timer = Timer::new(clock);
        let key = FileKey::of(bytes).with_sheet(sheet.as_deref());
        timer.lap("hash");
        let same = [&self.train, &self.batch]
            .into_iter()
            .flatten()
            .find(|l| l.key == key && l.name == name && l.sheet == sheet)
            .cloned();
        let new = same.is_none();
        let loaded = match same {
            Some(l) => l,
            None => {
                let table = Table::from_file_bytes(bytes, sheet.as_deref()).map_err(|e| format!("{name}: {e}"))?;
                Arc::new(Loaded { name, sheet, table, key, rule: None })
            }
        };
        timer.lap("parse");
        let mut summary = loaded.summary()?;
        summary.orders = super::orders::recognised(&loaded.table, bytes.len() as u64);
        timer.lap("column types and preview");
        summary.timings = timer.laps;
        self.put(slot, loaded);
        Ok(Read { summary, new })
    }

    /// Holds `before` again as the file of `slot` (nothing, if it held nothing).
    pub fn restore(&mut self, slot: Slot, before: Option<Arc<Loaded>>) {
        match slot {
            Slot::Train => self.train = before,
            Slot::Batch => self.batch = before,
        }
    }

    /// Holds `loaded` as the file of `slot`.
    pub fn put(&mut self, slot: Slot, loaded: Arc<Loaded>) {
        match slot {
            Slot::Train => self.train = Some(loaded),
            Slot::Batch => self.batch = Some(loaded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(store: &mut Store, slot: Slot, name: &str, bytes: &[u8]) -> Result<Read, String> {
        store.load(slot, (name.into(), false, None), bytes, || 0.0, &mut |_| {})
    }

    #[test]
    fn the_same_bytes_are_read_once_and_other_bytes_under_the_same_name_are_another_file() {
        let mut store = Store::default();
        let a = load(&mut store, Slot::Train, "same.csv", b"x,y\n1,2\n").unwrap();
        let again = load(&mut store, Slot::Batch, "same.csv", b"x,y\n1,2\n").unwrap();
        assert!(a.new && !again.new);
        assert!(Arc::ptr_eq(store.get(Slot::Train).unwrap(), store.get(Slot::Batch).unwrap()));
        let b = load(&mut store, Slot::Train, "same.csv", b"x,y\n1,3\n").unwrap();
        assert!(b.new);
        assert_ne!(a.summary.key, b.summary.key, "the page tells them apart by their bytes");
    }

    #[test]
    fn a_refused_file_leaves_what_was_held() {
        let mut store = Store::default();
        load(&mut store, Slot::Train, "a.csv", b"x,y\n1,2\n").unwrap();
        let e = load(&mut store, Slot::Train, "x.csv", b"").err().unwrap();
        assert_eq!(e, "x.csv: The file is empty. Choose a CSV file with a header row and at least one customer.");
        assert_eq!(store.get(Slot::Train).unwrap().name, "a.csv");
        assert_eq!(store.get(Slot::Batch).err().unwrap(), "Load a file first.");
    }
}
