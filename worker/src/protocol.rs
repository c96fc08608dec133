//! What the page and its worker say to each other: plain data, serialised as JSON.
//!
//! The page never holds a whole customer file: the worker keeps the tables and
//! sends back summaries, samples and pages of rows. Building those summaries is
//! pure, so it is tested natively like the engine.

use engine::{
    dates::DateOrder,
    matrix::sample_labelled,
    metrics::SilhouetteReport,
    prep::Preparation,
    rfm::OrderColumns,
    stability::StabilityReport,
    sweep::{Sweep, SweepRequest},
    KMeansParams, Matrix, SegmentModel, Table, TrainRequest,
};
use serde::{Deserialize, Serialize};

use engine::format;

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 5;
/// Customers drawn on a scatter at most: a seeded uniform sample above that.
pub const SCATTER_POINTS: usize = 20_000;
/// Above this many rows the k sweep runs when asked, on both workers (the second alone took 4.3 s
/// for k = 2..25 at 100,000 rows, both 2.3 s), so it never holds up training unasked.
pub const AUTO_SWEEP_ROWS: usize = 50_000;
/// Rows up to which the exact silhouette (O(n²): about 10 s at 100,000 rows) is offered.
pub const EXACT_SILHOUETTE_ROWS: usize = 200_000;

/// Which of the worker's two tables a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    Train,
    Batch,
}

/// A file as the worker knows it: its length and a hash of its bytes (and of the sheet asked
/// for, in a workbook). Two files with the same name are told apart, and two sheets of one
/// workbook; the same file loaded twice is read once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileKey {
    pub len: usize,
    pub hash: u64,
}

impl FileKey {
    /// The key of a file with these bytes.
    pub fn of(bytes: &[u8]) -> FileKey {
        FileKey { len: bytes.len(), hash: fnv1a(bytes) }
    }

    /// The key of `sheet` of this workbook (this key itself when no sheet was asked for): the
    /// model, its sweep and its borderline list belong to one sheet, not to the whole file.
    pub fn with_sheet(self, sheet: Option<&str>) -> FileKey {
        match sheet {
            Some(name) => FileKey { hash: fnv1a_step(self.hash, fnv1a(name.as_bytes())), ..self },
            None => self,
        }
    }
}

/// FNV-1a over 8-byte words: enough to tell whether two loads are the same file, at memory speed.
fn fnv1a(bytes: &[u8]) -> u64 {
    let (blocks, tail) = bytes.as_chunks::<8>();
    // In pieces, so V8 optimises the loop after the first few (it optimises a wasm function for
    // its next call); the value is the same as one pass.
    let h = blocks.chunks(8192).fold(FNV_OFFSET, fnv1a_words);
    let tail = tail.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
    fnv1a_step(h, tail)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

#[inline(never)]
fn fnv1a_words(h: u64, words: &[[u8; 8]]) -> u64 {
    words.iter().fold(h, |h, w| fnv1a_step(h, u64::from_le_bytes(*w)))
}

fn fnv1a_step(h: u64, word: u64) -> u64 {
    (h ^ word).wrapping_mul(0x100_0000_01b3)
}

/// The fields of a message between the page and a worker (a plain JS object): the envelope as
/// JSON text, and beside it the bytes of a file going to the worker (a transferred ArrayBuffer)
/// or a file coming back (a Blob).
pub mod keys {
    pub const JSON: &str = "json";
    pub const BYTES: &str = "bytes";
    pub const BLOB: &str = "blob";
}

/// One message to the worker; `job` comes back on every reply to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub job: u32,
    pub body: T,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read the bytes sent with this message (the demo when `demo`) into `slot`; of a workbook,
    /// the sheet `sheet`, or when `None` the one with the most filled cells.
    Load { slot: Slot, name: String, demo: bool, sheet: Option<String> },
    /// Build a customer table from the order lines sent with this message (a file read in pieces,
    /// never whole; of a workbook, the sheet `sheet`) and hold it in `slot`, as if it were the
    /// file loaded there. Self-contained, so a new worker is handed the same table by it alone.
    Customers { slot: Slot, name: String, sheet: Option<String>, build: BuildSettings },
    /// Use the Train file as the Batch file.
    UseTrainFile,
    /// How many Train rows these features (numeric `features`, and `prep`'s categories) leave
    /// out or fill, and why the first few.
    Inspect { features: Vec<usize>, prep: Preparation },
    /// Every metric for every k of `request` on the Train table, or for `only` these k of it
    /// (one share of a sweep split between the two workers).
    Sweep { request: SweepRequest, only: Option<Vec<usize>> },
    /// The Train table's features as `request` prepares them (model space): sent back as
    /// little-endian `f64`s, row by row, so the second worker can sweep its share of k without the file.
    ModelSpace { request: SweepRequest },
    /// A share of a sweep on the model-space points sent with this message (from `ModelSpace`
    /// of the Train file `file`, which the answer names).
    SweepPoints { dim: usize, ks: Vec<usize>, params: KMeansParams, file: FileKey },
    /// A model from the Train table.
    Train { request: TrainRequest },
    /// Classify the Batch table with `model`, reading its features from `columns`, and write the results file.
    Classify { model: Box<SegmentModel>, columns: Vec<usize> },
    /// Rows `start..start + len` of the last classification, for the results table.
    Page { start: usize, len: usize },
    /// The last classification, which `model` made (perhaps renamed since: the file has its
    /// names now), written again as a CSV or an Excel workbook, or as a zip of one list per
    /// segment keeping the Batch table's `columns` (lists only), sent beside the answer.
    ResultsFile { model: Box<SegmentModel>, format: ResultsFormat, columns: Vec<usize> },
    /// The mean silhouette of these points (model space) under these labels; needs no table,
    /// so a second worker scores a new model while the first goes on.
    Silhouette { points: Matrix, labels: Vec<usize>, k: usize },
    /// The mean silhouette of `model` on every row of the Train table, which must be `file`.
    ExactSilhouette { model: Box<SegmentModel>, file: FileKey },
    /// Each segment's bootstrap stability on these points (model space, at most 10,000) under
    /// these labels, refitted with `params`; needs no table, like `Silhouette`.
    Stability { points: Matrix, labels: Vec<usize>, k: usize, params: KMeansParams },
    /// The Train table's customers (it must be `file`) that `model` places least certainly:
    /// the first few listed, every one below the borderline confidence in a CSV sent beside.
    Borderline { model: Box<SegmentModel>, file: FileKey },
    /// Read the model file sent with this message: Segmentum's JSON, or PMML from another tool.
    ReadModel { name: String },
    /// `model` written for other tools as `format`, sent beside the answer.
    ModelFile { model: Box<SegmentModel>, format: ModelFormat },
    /// Test builds only: makes the worker fail on purpose (see [`Fault`]).
    #[cfg(feature = "test-hooks")]
    Fault(Fault),
}

/// A model file for other tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelFormat {
    /// PMML 4.4, for KNIME, SAS, SPSS and any PMML evaluator.
    Pmml,
    /// ONNX, for ONNX Runtime and what embeds it (numeric features only).
    Onnx,
}

/// How a test build's worker fails on purpose, so the browser tests can see the page cope.
#[cfg(feature = "test-hooks")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// The next job panics at its first progress report: the worker dies mid-job.
    Panic,
    /// The next job allocates until memory runs out.
    Exhaust,
    /// The next job's answer is not JSON.
    GarbleReply,
    /// Jobs wait, unanswered, until `Release`: a job that is still running, by construction.
    Hold,
    Release,
}

/// How order lines become a customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildSettings {
    pub columns: OrderColumns,
    /// How day/month dates are read when the file's own dates do not decide it (every one reads
    /// both ways); `None`: day first, which the report says.
    pub date_order: Option<DateOrder>,
    /// Days since 1970-01-01; `None`: the day after the latest date in the file.
    pub analysis: Option<i64>,
    /// Customers left out (only cancellations) are rows too, with the reason: Batch lists every customer.
    pub keep_left_out: bool,
}

/// A customer table built from order lines, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Built {
    /// The customer table, as any loaded file.
    pub summary: FileSummary,
    pub report: BuildReport,
}

/// What building a customer table read, left out and decided: the page's `rfm-summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildReport {
    pub summary: engine::rfm::BuildSummary,
    /// The order columns, by header, as a model keeps them.
    pub rule: engine::rfm::OrderRule,
}

/// A results file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResultsFormat {
    Csv,
    Xlsx,
    /// One CSV per segment in a zip, for a CRM.
    Lists,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker listens from now on; messages posted before were lost.
    Ready,
    /// Where job `job` is, for the progress bar.
    Progress { job: u32, progress: Progress },
    /// Job `job`'s answer, or why there is none.
    Done { job: u32, answer: Result<Response, String> },
    /// A message the worker could not read, not even its job number (why, in serde's words): the
    /// page and the worker no longer understand each other.
    Unreadable { reason: String },
}

/// Where a job is: its phase ("start 3 of 20") and how far along.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: String,
    pub done: f64,
    pub total: f64,
}

/// A job's answer; which variant answers which request is the contract `jobs` checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Loaded(Box<FileSummary>),
    /// A customer table built from order lines; the table as CSV comes with this message as a Blob.
    Customers(Box<Built>),
    Inspected(Inspection),
    /// A sweep of the Train file `file` (for a share: of the file whose points were sent).
    Swept {
        file: FileKey,
        sweep: Sweep,
    },
    /// The model-space points of the Train file `file` come with this message as bytes.
    ModelSpace {
        dim: usize,
        file: FileKey,
    },
    Trained(Box<Trained>),
    /// The results file comes with this message as a Blob.
    Classified(Classified),
    Page(Vec<PageRow>),
    /// The results file comes with this message as a Blob.
    ResultsFile(ResultsFormat),
    Scored(Option<SilhouetteReport>),
    /// Each segment's stability, in segment order, and how many resamples it rests on.
    Stable(StabilityReport),
    /// The least certain customers; all of them come in a CSV beside.
    Borderline(Borderline),
    /// The model a file held.
    ModelRead(Box<SegmentModel>),
    /// The model file comes with this message as a Blob.
    ModelFile(ModelFormat),
    /// A test build's fault is armed.
    #[cfg(feature = "test-hooks")]
    Fault,
}

/// Customers nearly as close to a second segment as to their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Borderline {
    /// The least certain first, at most [`BORDERLINE_LISTED`].
    pub rows: Vec<PageRow>,
    /// How many are below the borderline confidence (all in the CSV).
    pub total: usize,
    pub rows_classified: usize,
}

/// Borderline customers listed on screen.
pub const BORDERLINE_LISTED: usize = 20;

/// Rows the chosen features leave out of training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub skipped: usize,
    /// Why the first few are left out.
    pub first: Vec<String>,
    /// Rows whose missing numbers are filled, and the first few of their missing cells (the
    /// finding alone: the advice to fill them is followed).
    pub filled: usize,
    pub first_filled: Vec<String>,
}

/// A model, without its silhouette: `silhouette_sample` is what to score it on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trained {
    pub model: SegmentModel,
    pub sample: ScatterSample,
    pub silhouette_sample: (Matrix, Vec<usize>),
    /// The file it was trained on.
    pub file: FileKey,
    pub timings: Timings,
}

/// A classified file; its results file travels beside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classified {
    pub summary: BatchSummary,
    pub timings: Timings,
}

/// How long each phase of a job took, in milliseconds, in order.
pub type Timings = Vec<(String, f64)>;

/// What the page shows of a loaded file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    /// The file's bytes, as the worker knows it: sweeps and models name their file by this.
    pub key: FileKey,
    pub rows: usize,
    pub headers: Vec<String>,
    /// Whether each column holds numbers.
    pub numeric: Vec<bool>,
    /// How the file was read ("UTF-8 text, comma-separated", …).
    pub notes: Vec<String>,
    /// The first rows, cells shortened for the screen.
    pub preview: Vec<Vec<String>>,
    /// Columns pre-selected for training, the scaling they start with, and why
    /// ([`engine::suggest`]).
    pub default_features: Vec<usize>,
    #[serde(default)]
    pub default_transforms: Vec<(usize, engine::prep::TransformKind)>,
    #[serde(default)]
    pub default_scaling: engine::ScalingKind,
    #[serde(default)]
    pub why_defaults: Vec<String>,
    /// Text columns that can be categories, with their number of values.
    #[serde(default)]
    pub categories: Vec<(usize, usize)>,
    /// Set when the file reads as order lines (one row per purchase): the columns guessed and
    /// the file's size. Nothing is held until a customer table is built; `rows` and `preview` are
    /// of the first lines.
    #[serde(default)]
    pub orders: Option<OrderLines>,
    /// A workbook's worksheets, in workbook order, and the one read; empty for a text file.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// How long reading took, by phase.
    pub timings: Timings,
}

impl FileSummary {
    /// The summary of `table`, read from the file `key`, or why it cannot be used (no numeric column).
    pub fn of(name: &str, key: FileKey, table: &Table) -> Result<FileSummary, String> {
        let numeric = table.numeric_columns().map_err(|e| format!("{name}: {e}"))?;
        let suggestion = engine::suggest(table);
        Ok(FileSummary {
            name: name.to_owned(),
            key,
            rows: table.row_count(),
            headers: table.headers().to_vec(),
            numeric,
            notes: table.notes(),
            preview: table.rows().take(PREVIEW_ROWS).map(|r| r.into_iter().map(format::cell).collect()).collect(),
            default_features: suggestion.features,
            default_transforms: suggestion.transforms,
            default_scaling: suggestion.scaling,
            why_defaults: suggestion.why,
            categories: engine::prep::category_columns(table),
            orders: None,
            sheets: table.sheets().map(|(all, _)| all.to_vec()).unwrap_or_default(),
            sheet: table.sheets().map(|(_, read)| read.to_owned()),
            timings: Timings::new(),
        })
    }
}

/// Megabytes of an order-lines file looked at when it is chosen ([`crate::chunks::CHUNK_BYTES`]).
pub const FIRST_PIECE_MB: u64 = crate::chunks::CHUNK_BYTES >> 20;

/// An order-lines file as first seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLines {
    /// The columns as guessed from their headers and values.
    pub columns: OrderColumns,
    pub bytes: u64,
    /// Whether `rows` are all the file's lines (else only those of its first piece).
    pub whole: bool,
}

/// The customers a scatter draws: all of them, or a seeded uniform sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterSample {
    /// Feature values in original units, one row per drawn customer.
    pub points: Matrix,
    /// Segment index of each drawn customer.
    pub labels: Vec<usize>,
    /// Customers in the data; more than `points.rows()` when sampled.
    pub total: usize,
}

impl ScatterSample {
    /// At most [`SCATTER_POINTS`] of `points`, chosen by a seeded uniform sample.
    pub fn of(points: &Matrix, labels: &[usize], seed: u64) -> ScatterSample {
        let (drawn, drawn_labels) = sample_labelled(points, labels, SCATTER_POINTS, seed);
        ScatterSample { points: drawn, labels: drawn_labels, total: points.rows() }
    }
}

/// The outcome of classifying a file, without its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub name: String,
    pub rows: usize,
    pub classified: usize,
    /// Rows per segment index.
    pub counts: Vec<usize>,
    pub first_error: Option<String>,
    /// Rows classified with a missing number filled as the model was trained, and the first (the
    /// finding alone, without the advice to fill it).
    pub filled: usize,
    pub first_filled: Option<String>,
}

/// One row of the results table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRow {
    pub line: u64,
    pub cells: Vec<String>,
    /// Segment index, distance and confidence, or the reason there are none.
    pub result: Result<(usize, f64, f64), String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_shorten_cells_and_refuse_files_without_numbers() {
        let long = "x".repeat(500);
        let t = Table::from_csv_bytes(format!("note,income,spending\n{long},1,2\n").as_bytes()).unwrap();
        let s = FileSummary::of("f.csv", FileKey::of(b""), &t).unwrap();
        assert_eq!((s.rows, s.numeric.clone()), (1, vec![false, true, true]));
        assert!(s.preview[0][0].chars().count() < 100);
        let t = Table::from_csv_bytes(b"name\nAnn\n").unwrap();
        assert!(FileSummary::of("n.csv", FileKey::of(b""), &t)
            .unwrap_err()
            .starts_with("n.csv: No column holds numbers"));
    }

    #[test]
    fn file_keys_hash_in_pieces_as_in_one_pass() {
        let bytes: Vec<u8> = (0..200_003u32).map(|i| (i * 31 % 251) as u8).collect();
        let (blocks, tail) = bytes.as_chunks::<8>();
        let one = fnv1a_words(FNV_OFFSET, blocks);
        let one = fnv1a_step(one, tail.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b)));
        assert_eq!(FileKey::of(&bytes), FileKey { len: bytes.len(), hash: one });
        assert_ne!(FileKey::of(b"ab"), FileKey::of(b"ba"));
        let book = FileKey::of(&bytes);
        assert_eq!(book.with_sheet(None), book);
        assert_ne!(book.with_sheet(Some("Orders")), book.with_sheet(Some("Customers")));
        assert_ne!(book.with_sheet(Some("Orders")), book);
    }

    #[test]
    fn scatter_samples_are_seeded_and_capped() {
        let n = SCATTER_POINTS * 3;
        let points = Matrix::new((0..n * 2).map(|v| v as f64).collect(), 2);
        let labels: Vec<usize> = (0..n).map(|i| i % 4).collect();
        let a = ScatterSample::of(&points, &labels, 7);
        assert_eq!((a.points.rows(), a.labels.len(), a.total), (SCATTER_POINTS, SCATTER_POINTS, n));
        assert_eq!(a, ScatterSample::of(&points, &labels, 7));
        let small = ScatterSample::of(&points.select_rows(&[0, 1]), &labels[..2], 7);
        assert_eq!(small.points.rows(), 2);
    }

    #[test]
    fn messages_round_trip_as_json() {
        let m = Envelope { job: 3, body: Request::Page { start: 25, len: 25 } };
        let back: Envelope<Request> = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        for reply in [
            Reply::Ready,
            Reply::Done { job: 4, answer: Err("No.".into()) },
            Reply::Done {
                job: 5,
                answer: Ok(Response::Stable(StabilityReport { segments: vec![0.5, 1.0], refitted: 19, resamples: 20 })),
            },
        ] {
            assert_eq!(serde_json::from_str::<Reply>(&serde_json::to_string(&reply).unwrap()).unwrap(), reply);
        }
    }
}
