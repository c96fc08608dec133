//! One typed call per request: what it asks, how the job status names it, what it supersedes,
//! and which answer it expects.

use engine::{
    metrics::SilhouetteReport, prep::Preparation, stability::StabilityReport, sweep::Sweep, KMeansParams, Matrix,
    SegmentModel, SweepRequest, TrainRequest,
};
use gloo_file::Blob;

use super::{Jobs, Outcome, Source, Topic, TopicKind};
use crate::protocol::{
    Borderline, BuildSettings, Built, Classified, FileKey, FileSummary, Inspection, ModelFormat, PageRow, Request,
    Response, ResultsFormat, Slot, Trained,
};

/// A k sweep of the Train file `file`: what makes one sweep another.
pub fn sweep_topic(file: FileKey, request: &SweepRequest) -> Topic {
    Topic { kind: TopicKind::Sweep, key: format!("{file:?} {}", serde_json::to_string(request).unwrap_or_default()) }
}

/// Scoring the model trained at `created_at`.
fn scoring(created_at: &str) -> Option<Topic> {
    Some(Topic { kind: TopicKind::Scoring, key: created_at.to_owned() })
}

impl Jobs {
    /// Reads `source` into `slot`; the answer is the file's summary.
    pub fn load(self, slot: Slot, source: Source, quiet: bool, done: impl FnOnce(Outcome<FileSummary>) + 'static) {
        let (request, bytes) = source.load_request(slot);
        self.ask(request, bytes, &source.label(), quiet, None, done, |r, _| match r {
            Response::Loaded(summary) => Some(*summary),
            _ => None,
        });
    }

    /// Builds a customer table from the order lines of `source` into `slot`; the answer is the
    /// table, the report and its CSV.
    pub fn customers(
        self,
        slot: Slot,
        (name, blob, sheet): (String, Blob, Option<String>),
        build: BuildSettings,
        done: impl FnOnce(Outcome<(Built, Blob)>) + 'static,
    ) {
        let label = format!("Building a customer table from {name}");
        let request = Request::Customers { slot, name, sheet, build };
        self.ask(request, Some(blob), &label, false, None, done, |r, csv| match (r, csv) {
            (Response::Customers(built), Some(csv)) => Some((*built, csv)),
            _ => None,
        });
    }

    /// The Train file becomes the Batch file too.
    pub fn use_train_file(self, done: impl FnOnce(Outcome<FileSummary>) + 'static) {
        self.ask(Request::UseTrainFile, None, "Using the training file", false, None, done, |r, _| match r {
            Response::Loaded(summary) => Some(*summary),
            _ => None,
        });
    }

    /// How many Train rows `features` and `prep` leave out or fill, and why. A newer inspection
    /// drops one still waiting.
    pub fn inspect(self, features: Vec<usize>, prep: Preparation, done: impl FnOnce(Outcome<Inspection>) + 'static) {
        let key = serde_json::to_string(&(&features, &prep)).unwrap_or_default();
        let topic = Some(Topic { kind: TopicKind::Inspect, key });
        self.ask(Request::Inspect { features, prep }, None, "Checking rows", true, topic, done, |r, _| match r {
            Response::Inspected(inspection) => Some(inspection),
            _ => None,
        });
    }

    /// The sweep `request` on the Train file `file`, or `only` these k of it; the answer names
    /// the file swept. A sweep of other settings or another file stops this one.
    pub fn sweep(
        self,
        file: FileKey,
        request: SweepRequest,
        only: Option<Vec<usize>>,
        label: &str,
        done: impl FnOnce(Outcome<(FileKey, Sweep)>) + 'static,
    ) {
        let topic = Some(sweep_topic(file, &request));
        self.ask(Request::Sweep { request, only }, None, label, false, topic, done, swept);
    }

    /// The Train file's features as `request` prepares them: the dimension, the file, and the
    /// points as bytes.
    pub fn model_space(
        self,
        file: FileKey,
        request: SweepRequest,
        label: &str,
        done: impl FnOnce(Outcome<(usize, FileKey, Blob)>) + 'static,
    ) {
        let topic = Some(sweep_topic(file, &request));
        self.ask(Request::ModelSpace { request }, None, label, false, topic, done, |r, bytes| match (r, bytes) {
            (Response::ModelSpace { dim, file }, Some(bytes)) => Some((dim, file, bytes)),
            _ => None,
        });
    }

    /// A share `ks` of the sweep `topic` on model-space points of the Train file `file`, sent as
    /// `points` (from [`Jobs::model_space`]).
    #[allow(clippy::too_many_arguments)]
    pub fn sweep_points(
        self,
        topic: Topic,
        (dim, file, points): (usize, FileKey, Blob),
        ks: Vec<usize>,
        params: KMeansParams,
        label: &str,
        done: impl FnOnce(Outcome<(FileKey, Sweep)>) + 'static,
    ) {
        let request = Request::SweepPoints { dim, ks, params, file };
        self.ask(request, Some(points), label, false, Some(topic), done, swept);
    }

    /// A model from the Train file; it supersedes the scoring of any other model.
    pub fn train(self, request: TrainRequest, done: impl FnOnce(Outcome<Trained>) + 'static) {
        let topic = Some(Topic { kind: TopicKind::Model, key: request.created_at.clone() });
        self.ask(Request::Train { request }, None, "Training", false, topic, done, |r, _| match r {
            Response::Trained(trained) => Some(*trained),
            _ => None,
        });
    }

    /// Classifies the Batch file; the answer comes with the results file.
    pub fn classify(
        self,
        model: SegmentModel,
        columns: Vec<usize>,
        done: impl FnOnce(Outcome<(Classified, Blob)>) + 'static,
    ) {
        let request = Request::Classify { model: Box::new(model), columns };
        self.ask(request, None, "Classifying", false, None, done, |r, bytes| match (r, bytes) {
            (Response::Classified(classified), Some(csv)) => Some((classified, csv)),
            _ => None,
        });
    }

    /// The last classification, which `model` made, written again with its names as `format`
    /// (segment lists keep the Batch table's `columns`).
    pub fn results_file(
        self,
        model: SegmentModel,
        format: ResultsFormat,
        columns: Vec<usize>,
        done: impl FnOnce(Outcome<Blob>) + 'static,
    ) {
        let label = match format {
            ResultsFormat::Csv => "Writing the results file",
            ResultsFormat::Xlsx => "Writing the workbook",
            ResultsFormat::Lists => "Writing the segment lists",
        };
        let request = Request::ResultsFile { model: Box::new(model), format, columns };
        self.ask(request, None, label, false, None, done, move |r, bytes| match (r, bytes) {
            (Response::ResultsFile(_), Some(file)) => Some(file),
            _ => None,
        });
    }

    /// The model in the file `name` (`blob`): Segmentum's JSON, or PMML from another tool.
    pub fn read_model(self, name: String, blob: Blob, done: impl FnOnce(Outcome<SegmentModel>) + 'static) {
        let label = format!("Reading the model {name}");
        self.ask(Request::ReadModel { name }, Some(blob), &label, false, None, done, |r, _| match r {
            Response::ModelRead(model) => Some(*model),
            _ => None,
        });
    }

    /// `model` written for other tools as `format`.
    pub fn model_file(self, model: SegmentModel, format: ModelFormat, done: impl FnOnce(Outcome<Blob>) + 'static) {
        let label = match format {
            ModelFormat::Pmml => "Writing the PMML file",
            ModelFormat::Onnx => "Writing the ONNX file",
        };
        let request = Request::ModelFile { model: Box::new(model), format };
        self.ask(request, None, label, false, None, done, |r, bytes| match (r, bytes) {
            (Response::ModelFile(_), Some(file)) => Some(file),
            _ => None,
        });
    }

    /// Rows `start..start + len` of the last classification.
    pub fn page(self, start: usize, len: usize, done: impl FnOnce(Outcome<Vec<PageRow>>) + 'static) {
        self.ask(Request::Page { start, len }, None, "Fetching rows", true, None, done, |r, _| match r {
            Response::Page(rows) => Some(rows),
            _ => None,
        });
    }

    /// The mean silhouette of `points` (model space) under `labels`, for the model trained at `created_at`.
    pub fn silhouette(
        self,
        created_at: &str,
        (points, labels, k): (Matrix, Vec<usize>, usize),
        done: impl FnOnce(Outcome<Option<SilhouetteReport>>) + 'static,
    ) {
        let request = Request::Silhouette { points, labels, k };
        self.ask(request, None, "Scoring the model", true, scoring(created_at), done, scored);
    }

    /// The mean silhouette of `model` on every row of the Train file, which must be `file`.
    pub fn exact_silhouette(
        self,
        model: SegmentModel,
        file: FileKey,
        label: &str,
        done: impl FnOnce(Outcome<Option<SilhouetteReport>>) + 'static,
    ) {
        let topic = scoring(&model.training.created_at);
        let request = Request::ExactSilhouette { model: Box::new(model), file };
        self.ask(request, None, label, false, topic, done, scored);
    }

    /// Each segment's stability on `points` (model space) under `labels`, refitted with `params`,
    /// for the model trained at `created_at`.
    pub fn stability(
        self,
        created_at: &str,
        (points, labels, params): (Matrix, Vec<usize>, KMeansParams),
        label: &str,
        done: impl FnOnce(Outcome<StabilityReport>) + 'static,
    ) {
        let k = params.n_clusters;
        let request = Request::Stability { points, labels, k, params };
        self.ask(request, None, label, false, scoring(created_at), done, |r, _| match r {
            Response::Stable(report) => Some(report),
            _ => None,
        });
    }

    /// The Train file's least certain customers under `model` (trained on it: `file`), with the
    /// CSV of all of them.
    pub fn borderline(
        self,
        model: SegmentModel,
        file: FileKey,
        done: impl FnOnce(Outcome<(Borderline, Blob)>) + 'static,
    ) {
        let topic = scoring(&model.training.created_at);
        let request = Request::Borderline { model: Box::new(model), file };
        self.ask(request, None, "Finding borderline customers", false, topic, done, |r, bytes| match (r, bytes) {
            (Response::Borderline(found), Some(csv)) => Some((found, csv)),
            _ => None,
        });
    }
}

fn swept(r: Response, _: Option<Blob>) -> Option<(FileKey, Sweep)> {
    match r {
        Response::Swept { file, sweep } => Some((file, sweep)),
        _ => None,
    }
}

fn scored(r: Response, _: Option<Blob>) -> Option<Option<SilhouetteReport>> {
    match r {
        Response::Scored(silhouette) => Some(silhouette),
        _ => None,
    }
}
