//! Finding and scoring segments on the Train file: the rows the features leave out, the k sweep
//! (whole, or a share of one split between the workers), training, and the silhouette and
//! stability of a model.

use engine::{
    kmeans::FitStep,
    prep::Preparation,
    scaled_features, segment_reading,
    segmentation::exact_silhouette,
    sweep::{sweep, sweep_ks, Sweep},
    KMeansParams, Matrix, SegmentModel, SweepRequest, TrainRequest, TrainStep,
};

use super::{
    timing::{progress, Timer, REFINE, STARTS},
    Parts, Report, Worker, PART_BYTES,
};
use engine::format;

use crate::protocol::{FileKey, Inspection, Response, ScatterSample, Slot, Trained};

/// Said when a request about the model trained on one file meets another.
const FILE_CHANGED: &str = "The training file has changed since this model was trained; train again";

impl Worker {
    /// How many Train rows `features` and `prep` leave out or fill, and why the first few.
    pub(super) fn inspect(&self, features: &[usize], prep: &Preparation) -> Result<Response, String> {
        let reading = self.cache.read(self.files.get(Slot::Train)?, features, prep)?;
        let ex = &reading.extraction;
        // A filled cell's advice is to fill it, which is done: its finding alone.
        Ok(Response::Inspected(Inspection {
            skipped: ex.skipped.len(),
            first: ex.skipped.iter().take(5).map(engine::DataError::on_train).collect(),
            filled: ex.filled.len(),
            first_filled: ex.filled.iter().take(5).map(engine::DataError::finding).collect(),
        }))
    }

    /// The Train table's features as `request` prepares them, the file they came from, or why
    /// there is nothing to sweep.
    fn model_space(&self, request: &SweepRequest) -> Result<(Matrix, FileKey), String> {
        let loaded = self.files.get(Slot::Train)?;
        let fit = &request.fit;
        let reading = self.cache.read(loaded, &fit.columns, &fit.prep)?;
        let (_, x) = scaled_features(&reading, &fit.prep.transforms, fit.scaling).map_err(|e| e.to_string())?;
        Ok((x, loaded.key))
    }

    /// The whole sweep, or `only` some of its k: one share of a sweep split between the workers.
    pub(super) fn sweep(
        &self,
        request: &SweepRequest,
        only: Option<Vec<usize>>,
        report: Report,
    ) -> Result<Response, String> {
        let (x, file) = self.model_space(request)?;
        let sweep = match only {
            Some(share) => sweep_share(&x, &share, request.fit.params, report)?,
            None => {
                let (mut done, total, top) = (0, request.k_to.saturating_sub(request.k_from) + 1, request.k_to);
                sweep(&x, request, |k| {
                    report(progress(format!("Sweeping k = {k} of {top}"), done as f64, total as f64));
                    done += 1;
                })
                .map_err(|e| e.to_string())?
            }
        };
        Ok(Response::Swept { file, sweep })
    }

    /// The scaled features, as bytes through `parts` (in 4 MB pieces).
    pub(super) fn send_model_space(&self, request: &SweepRequest, parts: Parts) -> Result<Response, String> {
        let (x, file) = self.model_space(request)?;
        let mut bytes = Vec::with_capacity(PART_BYTES.min(x.values().len() * 8));
        for chunk in x.values().chunks(PART_BYTES / 8) {
            bytes.clear();
            bytes.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
            parts(&bytes);
        }
        Ok(Response::ModelSpace { dim: x.dim(), file })
    }

    /// Trains without the silhouette, which the page has scored by a second worker meanwhile.
    pub(super) fn train(&self, request: &TrainRequest, report: Report) -> Result<Response, String> {
        let request = &TrainRequest { silhouette: false, ..request.clone() };
        let loaded = self.files.get(Slot::Train)?;
        let mut timer = Timer::new(self.clock);
        let rows = format::thousands(loaded.table.row_count() as u64);
        report(progress(format!("Training on {rows} rows"), 0.0, 1.0));
        let mut refined = false;
        let reading = (*self.cache.read(loaded, &request.fit.columns, &request.fit.prep)?).clone();
        let s = segment_reading(reading, request, &mut |step| match step {
            TrainStep::Fit(FitStep::Start { done, total }) => {
                if done == 1 {
                    timer.lap("extract and scale features");
                }
                report(progress(format!("Training: start {done} of {total}"), done as f64, total as f64 + 1.0));
            }
            TrainStep::Fit(FitStep::Refining { rows }) => {
                refined = true;
                timer.lap(STARTS);
                let rows = format::thousands(rows as u64);
                report(progress(format!("Training: refining on all {rows} rows"), 1.0, 1.0));
            }
            TrainStep::Scoring if refined => timer.lap(REFINE),
            TrainStep::Scoring => timer.lap(STARTS),
        })
        .map_err(|e| e.to_string())?;
        let sample = ScatterSample::of(&s.points, &s.labels, request.fit.params.seed);

        timer.lap("statistics, names and samples");
        // A model of a customer table built from order lines keeps how it was built.
        let model = SegmentModel { orders: loaded.rule.clone(), ..s.model };
        let trained =
            Trained { model, sample, silhouette_sample: s.silhouette_sample, file: loaded.key, timings: timer.laps };
        Ok(Response::Trained(Box::new(trained)))
    }

    /// Scores `model` on every row of the Train table, which must be `file`, the one it was trained on.
    pub(super) fn exact_silhouette(
        &self,
        model: &SegmentModel,
        file: FileKey,
        report: Report,
    ) -> Result<Response, String> {
        let loaded = self.files.get(Slot::Train)?;
        let changed = || format!("{FILE_CHANGED} to score it.");
        if loaded.key != file {
            return Err(changed());
        }
        let mut shown = None;
        let (report, rows) = exact_silhouette(model, &loaded.table, &mut |done| {
            // A message per percent: enough for the bar, few enough not to slow the job.
            let percent = (done * 100.0).floor() as u32;
            if shown != Some(percent) {
                shown = Some(percent);
                report(progress(format!("{percent}% of the pairs measured"), done, 1.0));
            }
        })
        .map_err(|_| changed())?;
        if rows != model.training.rows_used {
            return Err(changed());
        }
        Ok(Response::Scored(report))
    }
}

/// The mean silhouette (and per segment, and the plot) of `points` under `labels`.
pub(super) fn silhouette(points: &Matrix, labels: &[usize], k: usize, report: Report) -> Response {
    report(progress("Scoring the model".into(), 0.0, 1.0));
    Response::Scored(engine::metrics::silhouette_report(points, labels, k, &mut |_| {}))
}

/// Each segment's bootstrap stability on `points` under `labels`.
pub(super) fn stability(
    points: &Matrix,
    labels: &[usize],
    k: usize,
    params: &KMeansParams,
    report: Report,
) -> Result<Response, String> {
    check_labels(points, labels, k)?;
    let total = engine::stability::BOOTSTRAPS as f64;
    engine::stability::segment_stability(points, labels, k, params, |done| {
        report(progress(format!("refit {done} of {total}"), done as f64, total));
    })
    .map(Response::Stable)
    .map_err(|e| e.to_string())
}

/// An error unless there is one label in `0..k` per point: the request is refused, not panicked on.
pub(super) fn check_labels(points: &Matrix, labels: &[usize], k: usize) -> Result<(), String> {
    if labels.len() != points.rows() || labels.iter().any(|&l| l >= k) {
        return Err("The sample to score did not arrive whole; train again.".into());
    }
    Ok(())
}

/// One share of a sweep: these k, ascending.
pub(super) fn sweep_share(x: &Matrix, ks: &[usize], params: KMeansParams, report: Report) -> Result<Sweep, String> {
    let mut done = 0;
    let result = sweep_ks(x, ks, params, |k| {
        report(progress(format!("Sweeping k = {k}"), done as f64, ks.len() as f64));
        done += 1;
    });
    result.map_err(|e| e.to_string())
}

/// Model-space points from the bytes `ModelSpace` wrote.
pub(super) fn points_from_bytes(bytes: &[u8], dim: usize) -> Result<Matrix, String> {
    let (values, rest) = bytes.as_chunks::<8>();
    if dim == 0 || !rest.is_empty() || !values.len().is_multiple_of(dim) || values.is_empty() {
        return Err("The points to sweep did not arrive whole; compare k again.".into());
    }
    Ok(Matrix::new(values.iter().map(|b| f64::from_le_bytes(*b)).collect(), dim))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        demo::DEMO_CSV,
        protocol::Request,
        testing::{clock, demo_load, load, run},
    };

    #[test]
    fn a_model_is_trained_on_the_train_file_and_scored_from_its_sample() {
        let mut w = Worker::new(clock);
        let Ok(Response::Loaded(summary)) = run(&mut w, demo_load(), None).answer else { panic!("not loaded") };
        let request = TrainRequest::new(summary.default_features.clone(), 5);
        let ran = run(&mut w, Request::Train { request }, None);
        assert!(ran.progress.iter().any(|p| p.phase == "Training: start 20 of 20"));
        let Ok(Response::Trained(trained)) = ran.answer else { panic!("not trained") };
        let Trained { sample, silhouette_sample: (points, labels), file, timings, .. } = *trained;
        assert_eq!((sample.total, sample.points.rows(), timings.len()), (200, 200, 3));
        assert_eq!(timings[1].0, STARTS);
        assert_eq!(file, FileKey::of(DEMO_CSV));
        let scored = run(&mut w, Request::Silhouette { points: points.clone(), labels: labels.clone(), k: 5 }, None);
        let reference = engine::segment_table(&crate::demo::demo_table(), &TrainRequest::new(vec![3, 4], 5));
        let Ok(Response::Scored(Some(report))) = scored.answer else { panic!("not scored") };
        let reference = reference.unwrap().model;
        assert_eq!(Some(report.mean), reference.training.silhouette);
        assert_eq!(report.segments, reference.segments.iter().map(|s| s.silhouette).collect::<Vec<_>>());
        let wrong_k = run(&mut w, Request::Silhouette { points, labels, k: 2 }, None).answer;
        assert_eq!(wrong_k, Err("The sample to score did not arrive whole; train again.".into()));
    }

    #[test]
    fn categories_are_offered_and_inspected() {
        let mut w = Worker::new(clock);
        let Ok(Response::Loaded(summary)) = run(&mut w, demo_load(), None).answer else { panic!("not loaded") };
        assert_eq!(summary.categories, [(1, 2)], "Genre, with its 2 values");
        let prep = Preparation { categories: vec![1], ..Preparation::default() };
        let inspected = run(&mut w, Request::Inspect { features: vec![2, 3, 4], prep }, None).answer;
        let Ok(Response::Inspected(i)) = inspected else { panic!("not inspected") };
        assert_eq!((i.skipped, i.filled), (0, 0));
    }

    #[test]
    fn filled_cells_are_told_without_the_advice_to_fill_them() {
        let mut w = Worker::new(clock);
        let file = b"income,spending\n1,2\n,4\n5,NA\n7,8\n".as_slice();
        run(&mut w, load("gaps.csv", Slot::Train), Some(file));
        let prep = Preparation { missing: engine::prep::MissingRule::Mean, ..Preparation::default() };
        let inspected = run(&mut w, Request::Inspect { features: vec![0, 1], prep: prep.clone() }, None).answer;
        let Ok(Response::Inspected(i)) = inspected else { panic!("not inspected") };
        assert_eq!(i.filled, 2);
        assert_eq!(
            i.first_filled,
            ["Line 3, column \"income\" is empty.", "Line 4, column \"spending\": \"NA\" marks a missing value."]
        );
        let request = TrainRequest::from(engine::FitSettings { prep, ..engine::FitSettings::new(vec![0, 1], 2) });
        let Ok(Response::Trained(trained)) = run(&mut w, Request::Train { request }, None).answer else {
            panic!("not trained")
        };
        run(&mut w, load("gaps.csv", Slot::Batch), Some(file));
        let ran = run(&mut w, Request::Classify { model: Box::new(trained.model), columns: vec![0, 1] }, None);
        let Ok(Response::Classified(c)) = ran.answer else { panic!("not classified") };
        assert_eq!(c.summary.filled, 2);
        assert_eq!(c.summary.first_filled.as_deref(), Some("Line 3, column \"income\" is empty."));
    }

    #[test]
    fn the_exact_silhouette_knows_the_training_file_by_its_bytes_not_its_name() {
        let mut w = Worker::new(clock);
        let a = b"income,spending\n1,1\n2,1\n9,9\n10,9\n1,2\n10,10\n";
        let b = b"income,spending\n1,1\n2,1\n9,9\n10,9\n1,2\n10,11\n";
        run(&mut w, load("same.csv", Slot::Train), Some(a)).answer.unwrap();
        let Ok(Response::Trained(trained)) =
            run(&mut w, Request::Train { request: TrainRequest::new(vec![0, 1], 2) }, None).answer
        else {
            panic!("not trained")
        };
        let exact = |w: &mut Worker| {
            run(w, Request::ExactSilhouette { model: Box::new(trained.model.clone()), file: trained.file }, None).answer
        };
        assert!(matches!(exact(&mut w), Ok(Response::Scored(Some(_)))));
        run(&mut w, load("same.csv", Slot::Train), Some(b)).answer.unwrap();
        assert_eq!(
            exact(&mut w),
            Err("The training file has changed since this model was trained; train again to score it.".into())
        );
    }

    #[test]
    fn a_sweep_shared_through_model_space_bytes_equals_the_whole_sweep_and_names_its_file() {
        let mut w = Worker::new(clock);
        run(&mut w, demo_load(), None);
        let mut request = SweepRequest::new(vec![3, 4], 2..=10);
        request.fit.scaling = engine::ScalingKind::Standard;
        request.fit.params = KMeansParams::new(2).n_init(3).seed(7).max_iter(50);
        let whole = |only| Request::Sweep { request: request.clone(), only };
        let Ok(Response::Swept { file, sweep: expected }) = run(&mut w, whole(None), None).answer else {
            panic!("no sweep")
        };
        assert_eq!(file, FileKey::of(DEMO_CSV));
        let ran = run(&mut w, Request::ModelSpace { request: request.clone() }, None);
        let Ok(Response::ModelSpace { dim, file }) = ran.answer else { panic!("no model space") };
        let [mine, theirs] = engine::sweep::split_ks(&request.ks().unwrap());
        // The second worker has no table: only the bytes.
        let mut second = Worker::new(clock);
        let share = Request::SweepPoints { dim, ks: theirs, params: request.fit.params, file };
        let Ok(Response::Swept { sweep: b, file: echoed }) = run(&mut second, share, ran.file.as_deref()).answer else {
            panic!()
        };
        assert_eq!(echoed, file);
        let Ok(Response::Swept { sweep: a, .. }) = run(&mut w, whole(Some(mine)), None).answer else { panic!() };
        assert_eq!(Sweep::merge(vec![a, b]), Ok(expected));
        let damaged = Request::SweepPoints { dim: 2, ks: vec![2], params: KMeansParams::new(2), file };
        assert!(run(&mut second, damaged, Some(&[1, 2, 3])).answer.is_err());
    }

    #[test]
    fn a_sweep_uses_every_setting_of_its_request() {
        let mut w = Worker::new(clock);
        run(&mut w, demo_load(), None);
        let mut sweep = |max_iter| {
            let mut request = SweepRequest::new(vec![3, 4], 4..=4);
            request.fit.params = KMeansParams::new(2).n_init(1).max_iter(max_iter);
            match run(&mut w, Request::Sweep { request, only: None }, None).answer {
                Ok(Response::Swept { sweep, .. }) => sweep.scores[0].inertia,
                other => panic!("{other:?}"),
            }
        };
        assert_ne!(sweep(1), sweep(300), "one iteration stops before the optimum");
    }

    #[test]
    fn sweep_ranges_and_row_counts_are_refused_in_the_engine_s_words() {
        let mut w = Worker::new(clock);
        run(&mut w, load("two.csv", Slot::Train), Some(b"a,b\n1,2\n3,4\n"));
        let sweep = |w: &mut Worker, (k_from, k_to)| {
            let request = SweepRequest { k_from, k_to, ..SweepRequest::new(vec![0, 1], 2..=2) };
            run(w, Request::Sweep { request, only: None }, None).answer
        };
        assert_eq!(sweep(&mut w, (2, 10)), Err(engine::FitError::TooFewRowsForSweep { rows: 2, k: 10 }.to_string()));
        assert_eq!(sweep(&mut w, (5, 3)), Err(engine::FitError::EmptyKRange { from: 5, to: 3 }.to_string()));
    }

    #[test]
    fn stability_refuses_labels_that_do_not_fit_its_points() {
        let mut w = Worker::new(clock);
        let points = Matrix::new(vec![0.0, 1.0, 2.0, 3.0], 1);
        let bad = Request::Stability { points, labels: vec![0, 1, 7], k: 2, params: KMeansParams::new(2) };
        assert_eq!(run(&mut w, bad, None).answer, Err("The sample to score did not arrive whole; train again.".into()));
    }
}
