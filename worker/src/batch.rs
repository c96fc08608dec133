//! Classifying a whole file: the results file, its rows a page at a time, the results again as a
//! CSV or a workbook for the model that made them, and the Train file's least certain customers.

use std::sync::Arc;

use engine::{
    batch::{classify_extraction, least_certain, results_csv_in_parts, rows_csv_in_parts, BatchResult, PROGRESS_ROWS},
    SegmentModel, Table,
};

use super::{
    store::Loaded,
    timing::{progress, Timer},
    Parts, Report, Worker, PART_BYTES,
};
use engine::format;

use crate::protocol::{
    BatchSummary, Borderline, Classified, FileKey, PageRow, Response, ResultsFormat, Slot, BORDERLINE_LISTED,
};

/// A classified file, with the model that classified it: its results are that model's only.
pub struct Results {
    loaded: Arc<Loaded>,
    result: BatchResult,
    model: SegmentModel,
}

impl Worker {
    /// Classifies the Batch file with `model`, reading its inputs from `columns`, and writes the
    /// results file through `parts`.
    pub(super) fn classify(
        &mut self,
        model: &SegmentModel,
        columns: &[usize],
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let loaded = self.files.get(Slot::Batch)?.clone();
        let mut timer = Timer::new(self.clock);
        let n = loaded.table.row_count();
        let total = format::thousands(n as u64);
        report(progress(format!("Classifying 0 / {total}"), 0.0, n as f64));
        let inputs = self.cache.read_inputs(&loaded, model, columns)?;
        let result = classify_extraction(model, inputs.extraction(), n, |done| {
            if done % PROGRESS_ROWS == 0 || done == n {
                let phase = format!("Classifying {} / {total}", format::thousands(done as u64));
                report(progress(phase, done as f64, n as f64));
            }
        });
        let filled = &inputs.extraction().filled;
        timer.lap("classify");
        report(progress("Writing the results file".into(), n as f64, n as f64));
        results_csv_in_parts(model, &loaded.table, &result, PART_BYTES, parts);
        timer.lap("write CSV");
        let summary = BatchSummary {
            name: loaded.name.clone(),
            rows: n,
            classified: result.classified(),
            counts: result.counts(model.k()),
            first_error: result.errors.first().map(|(_, e)| e.to_string()),
            filled: filled.len(),
            first_filled: filled.first().map(engine::DataError::finding),
        };
        self.results = Some(Results { loaded, result, model: model.clone() });
        Ok(Response::Classified(Classified { summary, timings: timer.laps }))
    }

    /// The last results, if `model` made them (renamed since, perhaps: its names are written).
    fn results_of(&self, model: &SegmentModel) -> Result<&Results, String> {
        let results = self.results.as_ref().ok_or("Classify a file first.")?;
        if !results.model.same_training(model) {
            return Err("These results were made by another model. Classify the file again with this one.".into());
        }
        Ok(results)
    }

    /// The last results written again, with `model`'s segment names, as a CSV or a workbook.
    pub(super) fn results_file(
        &self,
        model: &SegmentModel,
        format: ResultsFormat,
        columns: &[usize],
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let Results { loaded, result, .. } = self.results_of(model)?;
        match format {
            ResultsFormat::Csv => {
                report(progress("Writing the results file".into(), 0.0, 1.0));
                results_csv_in_parts(model, &loaded.table, result, PART_BYTES, parts);
            }
            ResultsFormat::Xlsx => {
                report(progress("Writing the workbook".into(), 0.0, 1.0));
                let bytes = engine::batch::results_xlsx(model, &loaded.table, result).map_err(|e| e.to_string())?;
                parts(&bytes);
            }
            ResultsFormat::Lists => {
                report(progress("Writing the segment lists".into(), 0.0, 1.0));
                let bytes = engine::batch::segment_lists_zip(model, &loaded.table, result, columns)
                    .map_err(|e| e.to_string())?;
                parts(&bytes);
            }
        }
        Ok(Response::ResultsFile(format))
    }

    /// Rows `start..start + len` of the last results (fewer at the end).
    pub(super) fn page(&self, start: usize, len: usize) -> Result<Response, String> {
        let Results { loaded, result, .. } = self.results.as_ref().ok_or("Classify a file first.")?;
        let t = &loaded.table;
        let end = start.saturating_add(len).min(t.row_count());
        Ok(Response::Page((start.min(end)..end).map(|i| page_row(t, result, i)).collect()))
    }

    /// The Train table's least certain customers under `model` (trained on it: `file`).
    pub(super) fn borderline(
        &self,
        model: &SegmentModel,
        file: FileKey,
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let loaded = self.files.get(Slot::Train)?;
        if loaded.key != file {
            return Err("The training file has changed since this model was trained; train again to find its borderline customers.".into());
        }
        let (numbers, categories) =
            engine::model_columns(model, loaded.table.headers()).map_err(|missing| missing.join(", "))?;
        let columns = [numbers, categories].concat();
        report(progress("Finding the least certain customers".into(), 0.0, 1.0));
        let n = loaded.table.row_count();
        let inputs = self.cache.read_inputs(loaded, model, &columns)?;
        let result = classify_extraction(model, inputs.extraction(), n, |_| {});
        let rows = least_certain(&result, engine::predict::BORDERLINE);
        rows_csv_in_parts(model, &loaded.table, &result, rows.iter().copied(), PART_BYTES, parts);
        let t = &loaded.table;
        let listed = rows.iter().take(BORDERLINE_LISTED).map(|&i| page_row(t, &result, i)).collect();
        Ok(Response::Borderline(Borderline { rows: listed, total: rows.len(), rows_classified: result.classified() }))
    }
}

/// Row `i` of `table` as the page shows it, with its result from `result`.
fn page_row(table: &Table, result: &BatchResult, i: usize) -> PageRow {
    PageRow {
        line: table.line(i),
        cells: table.row(i).into_iter().map(format::cell).collect(),
        result: result.get(i).map(|r| (r.segment, r.distance, r.confidence)).map_err(ToString::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        demo::DEMO_CSV,
        protocol::Request,
        testing::{clock, demo_load, load, run},
    };

    /// The demo loaded and trained at k = 5 on `features` (and `prep`), and the model.
    fn trained(w: &mut Worker, request: engine::TrainRequest) -> SegmentModel {
        run(w, demo_load(), None).answer.unwrap();
        match run(w, Request::Train { request }, None).answer {
            Ok(Response::Trained(t)) => t.model,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_is_classified_whole_and_paged() {
        let mut w = Worker::new(clock);
        let model = trained(&mut w, engine::TrainRequest::new(vec![3, 4], 5));
        run(&mut w, load("b.csv", Slot::Batch), Some(DEMO_CSV));
        let ran = run(&mut w, Request::Classify { model: Box::new(model), columns: vec![3, 4] }, None);
        let Ok(Response::Classified(Classified { summary, .. })) = ran.answer else { panic!("not classified") };
        assert_eq!((summary.rows, summary.classified), (200, 200));
        assert_eq!(ran.file.unwrap().iter().filter(|&&b| b == b'\n').count(), 201);
        let Ok(Response::Page(rows)) = run(&mut w, Request::Page { start: 190, len: 25 }, None).answer else {
            panic!("no page")
        };
        assert_eq!((rows.len(), rows[0].line), (10, 192));
        let Ok(Response::Page(rows)) = run(&mut w, Request::Page { start: usize::MAX, len: 25 }, None).answer else {
            panic!("no page")
        };
        assert!(rows.is_empty(), "a page past the end is empty, not a panic");
    }

    #[test]
    fn categories_are_classified_from_the_training_reading() {
        let mut w = Worker::new(clock);
        let prep = engine::prep::Preparation { categories: vec![1], ..Default::default() };
        let request = engine::TrainRequest::from(engine::FitSettings {
            prep,
            scaling: engine::ScalingKind::Standard,
            ..engine::FitSettings::new(vec![2, 3, 4], 5)
        });
        let model = trained(&mut w, request.clone());
        let reference = engine::segment_table(&crate::demo::demo_table(), &request).unwrap().model;
        assert_eq!(model.training.inertia, reference.training.inertia);
        // The model's inputs are the numbers, then Genre: read from the training reading.
        assert!(w.cache.last_reading().unwrap().serves(&[2, 3, 4, 1], &model.encoding));
        run(&mut w, Request::UseTrainFile, None);
        let ran = run(&mut w, Request::Classify { model: Box::new(model), columns: vec![2, 3, 4, 1] }, None);
        let Ok(Response::Classified(Classified { summary, .. })) = ran.answer else { panic!("not classified") };
        assert_eq!((summary.rows, summary.classified), (200, 200));
    }

    #[test]
    fn results_files_come_from_the_model_that_made_them_with_its_names_now() {
        let mut w = Worker::new(clock);
        let mut model = trained(&mut w, engine::TrainRequest::new(vec![3, 4], 5));
        run(&mut w, Request::UseTrainFile, None);
        run(&mut w, Request::Classify { model: Box::new(model.clone()), columns: vec![3, 4] }, None).answer.unwrap();
        model.rename(1, "Renamed after classifying").unwrap();
        let csv = run(
            &mut w,
            Request::ResultsFile { model: Box::new(model.clone()), format: ResultsFormat::Csv, columns: Vec::new() },
            None,
        );
        assert_eq!(csv.answer, Ok(Response::ResultsFile(ResultsFormat::Csv)));
        let text = String::from_utf8(csv.file.unwrap()).unwrap();
        assert!(text.contains("Renamed after classifying"));
        let lists =
            Request::ResultsFile { model: Box::new(model.clone()), format: ResultsFormat::Lists, columns: vec![0, 3] };
        let zip = run(&mut w, lists, None).file.unwrap();
        // A zip whose first list is the renamed segment's.
        assert!(zip.starts_with(b"PK") && zip.windows(29).any(|w| w == b"Renamed after classifying.csv"));
        let xlsx = run(
            &mut w,
            Request::ResultsFile { model: Box::new(model), format: ResultsFormat::Xlsx, columns: Vec::new() },
            None,
        );
        assert!(xlsx.file.unwrap().starts_with(b"PK"));
        let other = trained(&mut Worker::new(clock), engine::TrainRequest::new(vec![2, 3, 4], 4));
        let refused = run(
            &mut w,
            Request::ResultsFile { model: Box::new(other), format: ResultsFormat::Xlsx, columns: Vec::new() },
            None,
        );
        assert_eq!(
            refused.answer,
            Err("These results were made by another model. Classify the file again with this one.".into())
        );
    }

    #[test]
    fn a_classification_asked_with_columns_that_do_not_fit_the_model_is_refused() {
        let mut w = Worker::new(clock);
        let model = trained(&mut w, engine::TrainRequest::new(vec![3, 4], 5));
        run(&mut w, Request::UseTrainFile, None);
        let short = run(&mut w, Request::Classify { model: Box::new(model.clone()), columns: vec![3] }, None);
        assert!(short.answer.unwrap_err().starts_with("The model reads 2 columns"));
        let beyond = run(&mut w, Request::Classify { model: Box::new(model), columns: vec![3, 40] }, None);
        assert!(beyond.answer.unwrap_err().contains("column 41 cannot be read"));
    }

    #[test]
    fn borderline_customers_belong_to_the_file_the_model_was_trained_on() {
        let mut w = Worker::new(clock);
        let model = trained(&mut w, engine::TrainRequest::new(vec![3, 4], 5));
        let file = FileKey::of(DEMO_CSV);
        let ran = run(&mut w, Request::Borderline { model: Box::new(model.clone()), file }, None);
        let Ok(Response::Borderline(found)) = ran.answer else { panic!("none found") };
        assert_eq!(found.rows_classified, 200);
        assert!(found.rows.len() <= BORDERLINE_LISTED && found.rows.len() <= found.total);
        let other = FileKey { len: 1, hash: 2 };
        assert!(run(&mut w, Request::Borderline { model: Box::new(model), file: other }, None).answer.is_err());
    }
}
