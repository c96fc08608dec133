//! The last reading of a file's features, so checking rows, sweeping, training and classifying
//! the same file read its cells once.

use std::{
    cell::RefCell,
    sync::{Arc, Weak},
};

use engine::{
    prep::{read_for_model, read_for_training, Extraction, Preparation, Reading},
    SegmentModel,
};

use super::store::Loaded;

/// A model's inputs read from a file: the reading it was trained on, or a reading of its own.
pub enum Inputs {
    Fitted(Arc<Reading>),
    Read(Extraction),
}

impl Inputs {
    pub fn extraction(&self) -> &Extraction {
        match self {
            Inputs::Fitted(reading) => &reading.extraction,
            Inputs::Read(extraction) => extraction,
        }
    }
}

/// A file's features as training reads them.
struct Extracted {
    file: Weak<Loaded>,
    columns: Vec<usize>,
    prep: Preparation,
    reading: Arc<Reading>,
}

/// The last features read for training, and from which file.
#[derive(Default)]
pub struct ReadingCache {
    last: RefCell<Option<Extracted>>,
}

impl ReadingCache {
    /// Forgets the last reading: a new file makes the numbers read from an old one only hold memory.
    pub fn clear(&self) {
        *self.last.borrow_mut() = None;
    }

    /// `columns` and `prep`'s categories of `loaded` read for training, from the last reading
    /// when it was the same; an error when a column is not in the file (a request about the
    /// file loaded before).
    pub fn read(&self, loaded: &Arc<Loaded>, columns: &[usize], prep: &Preparation) -> Result<Arc<Reading>, String> {
        check_columns(loaded, columns.iter().chain(&prep.categories))?;
        let mut cache = self.last.borrow_mut();
        let same = |e: &&Extracted| e.file.as_ptr() == Arc::as_ptr(loaded) && e.columns == columns && e.prep == *prep;
        if let Some(e) = cache.as_ref().filter(same) {
            return Ok(e.reading.clone());
        }
        // Dropped first, so two readings of a big file are never held at once.
        *cache = None;
        let reading = Arc::new(read_for_training(&loaded.table, columns, prep).map_err(|e| e.to_string())?);
        *cache = Some(Extracted {
            file: Arc::downgrade(loaded),
            columns: columns.to_vec(),
            prep: prep.clone(),
            reading: reading.clone(),
        });
        Ok(reading)
    }

    /// `model`'s inputs (its numbers, then its categories) read from `columns` of `loaded`: the
    /// training reading when the model was fitted on it (not copied), else a new one. An error
    /// when the columns are not one per input, or not in the file.
    pub fn read_inputs(&self, loaded: &Arc<Loaded>, model: &SegmentModel, columns: &[usize]) -> Result<Inputs, String> {
        let inputs = model.inputs();
        if columns.len() != inputs.len() {
            return Err(format!(
                "The model reads {} columns ({}) but {} were chosen. Choose the columns again.",
                inputs.len(),
                inputs.iter().map(|i| format!("\"{}\"", i.trim())).collect::<Vec<_>>().join(", "),
                columns.len()
            ));
        }
        check_columns(loaded, columns.iter())?;
        if let Some(e) = self.last.borrow().as_ref().filter(|e| e.file.as_ptr() == Arc::as_ptr(loaded)) {
            if e.reading.serves(columns, &model.encoding) {
                return Ok(Inputs::Fitted(e.reading.clone()));
            }
        }
        let (numbers, categories) = columns.split_at(model.features().len());
        Ok(Inputs::Read(read_for_model(&loaded.table, numbers, categories, &model.encoding)))
    }

    /// The reading held, for tests.
    #[cfg(test)]
    pub fn last_reading(&self) -> Option<Arc<Reading>> {
        self.last.borrow().as_ref().map(|e| e.reading.clone())
    }
}

/// An error when a requested column is not in the file (a request about the file loaded before).
fn check_columns<'a>(loaded: &Loaded, mut columns: impl Iterator<Item = &'a usize>) -> Result<(), String> {
    let width = loaded.table.headers().len();
    match columns.find(|&&c| c >= width) {
        Some(&col) => Err(format!(
            "{} has {width} columns, so column {} cannot be read. Choose the features again.",
            loaded.name,
            col + 1
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::FileKey;

    fn loaded(csv: &str) -> Arc<Loaded> {
        let table = engine::Table::from_csv_bytes(csv.as_bytes()).unwrap();
        Arc::new(Loaded { name: "f.csv".into(), sheet: None, table, key: FileKey::of(csv.as_bytes()), rule: None })
    }

    #[test]
    fn the_same_columns_of_the_same_file_are_read_once() {
        let (cache, file) = (ReadingCache::default(), loaded("a,b\n1,2\n3,4\n"));
        let first = cache.read(&file, &[0, 1], &Preparation::default()).unwrap();
        let again = cache.read(&file, &[0, 1], &Preparation::default()).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let other = cache.read(&file, &[1], &Preparation::default()).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
        let same_bytes_other_load = loaded("a,b\n1,2\n3,4\n");
        let fresh = cache.read(&same_bytes_other_load, &[1], &Preparation::default()).unwrap();
        assert!(!Arc::ptr_eq(&other, &fresh), "a reading belongs to the file it was read from");
    }

    #[test]
    fn columns_beyond_the_file_or_not_one_per_input_are_refused() {
        let (cache, file) = (ReadingCache::default(), loaded("a,b\n1,2\n3,4\n"));
        assert_eq!(
            cache.read(&file, &[0, 4], &Preparation::default()).err().unwrap(),
            "f.csv has 2 columns, so column 5 cannot be read. Choose the features again."
        );
        let model = engine::segment_table(&file.table, &engine::TrainRequest::new(vec![0, 1], 1)).unwrap().model;
        let refused = cache.read_inputs(&file, &model, &[0]).err().unwrap();
        assert_eq!(refused, "The model reads 2 columns (\"a\", \"b\") but 1 were chosen. Choose the columns again.");
        assert!(cache.read_inputs(&file, &model, &[0, 9]).is_err());
        assert!(cache.read_inputs(&file, &model, &[1, 0]).is_ok());
    }
}
