//! Reading a k-means model another tool wrote as PMML (versions 3.2 to 4.4): R's `pmml`
//! package, KNIME, RapidMiner, BigML, SAS and SPSS, nyoka (scikit-learn), Spark MLlib, and
//! Segmentum's own export ([`crate::export::model_pmml`]). The file becomes a real
//! [`SegmentModel`]: Predict, Batch and the cards use it as any model trained here, and it
//! classifies every customer as the file does (the nearest centre by the file's measure).
//!
//! What is read ([`fields`] for the preparation, [`build`] for the model): one `ClusteringModel`
//! (alone or the only model of a `MiningModel`), centre-based, by squared Euclidean or Euclidean
//! distance with `absDiff` (field weights folded into the scaling); per centre coordinate a raw
//! number, a `NormContinuous` through two points, a `NormDiscrete` of a categorical field, or
//! the patterns Segmentum's own export writes (the log, winsorizing, a category's weight), and
//! `(x − a) / b` as nyoka writes a StandardScaler.
//! Anything else is refused by name rather than guessed at, and so is any setting that would make
//! an evaluator score a customer otherwise than Batch does: a mining field's outlier treatment or
//! invalid-value replacement, a missing-value replacement Batch cannot make (of a category, of a
//! derived field, of some numbers but not all), a `mapMissingTo` or an Apply's `defaultValue` in a
//! coordinate's expression, a derived field of whole numbers, a data value declared missing.
//!
//! The file is a user's: [`xml`] reads it with caps and without a DTD.

mod build;
mod fields;
mod xml;

use thiserror::Error;

use crate::model::{ModelError, SegmentModel};

pub use xml::{MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS};

/// Centre coordinates (clustering fields) a model may have, and data fields a file may declare.
pub const MAX_FIELDS: usize = 500;
pub const MAX_DATA_FIELDS: usize = 2_000;

/// Why a PMML file was not read. The current model is never touched by a refused file.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PmmlError {
    #[error("This PMML file is {bytes} bytes; Segmentum reads model files up to {limit} bytes.")]
    TooLarge { bytes: usize, limit: usize },
    #[error("This PMML file is not UTF-8 text. Save it as UTF-8 and load it again.")]
    NotUtf8,
    #[error(
        "This PMML file declares a document type (<!DOCTYPE …>). Segmentum does not read those, as they can \
         pull in other files or expand without end; save the model without it."
    )]
    DocType,
    #[error("This PMML file uses the entity &{name}; which XML does not define. Segmentum reads only &lt; &gt; &amp; &apos; &quot; and character references.")]
    Entity { name: String },
    #[error("This file is not well-formed XML ({reason}, near byte {at}).")]
    Xml { reason: String, at: u64 },
    #[error("This PMML file nests elements more than {limit} deep; a model file never does.")]
    TooDeep { limit: usize },
    #[error("This PMML file has more than {limit} {what}; Segmentum reads at most {limit}.")]
    TooMany { what: &'static str, limit: usize },
    #[error("This file is not PMML: {}.", root.as_deref().map_or_else(|| "it has no root element".to_owned(), |r| format!("its root element is <{r}>, not <PMML>")))]
    NotPmml { root: Option<String> },
    #[error("This PMML file is version {version}; Segmentum reads PMML 3.2 to 4.4.")]
    Version { version: String },
    #[error("This PMML file holds {found}, not a clustering model; Segmentum reads k-means segment models (ClusteringModel).")]
    NotClustering { found: String },
    #[error("This PMML file holds several models ({found}); Segmentum reads a file with one clustering model.")]
    SeveralModels { found: String },
    #[error("This PMML clustering model uses {what}, which Segmentum cannot apply; it reads centre-based models by (squared) Euclidean distance over numbers, scaled numbers and categories.")]
    Unsupported { what: String },
    #[error(
        "In this PMML file, the field \"{field}\" has {setting}: {effect}. Segmentum does not apply that, so some \
         customers would be scored differently than by the tool that wrote the file; export the model without \
         this setting and load it again."
    )]
    Treatment { field: String, setting: String, effect: String },
    #[error("This PMML file has no {what}.")]
    Missing { what: String },
    #[error("This PMML file refers to the field \"{name}\", which it does not declare.")]
    UnknownField { name: String },
    #[error("In this PMML file, {what} is {text:?}, not a number.")]
    BadNumber { what: String, text: String },
    #[error("In this PMML file, {what} is not a finite number within ±1e16.")]
    OutOfRange { what: String },
    #[error("Cluster {cluster} of this PMML file has {found} centre values for {expected} clustering fields.")]
    CentreLength { cluster: String, found: usize, expected: usize },
    #[error("This PMML model cannot be used: {0}")]
    Model(#[from] ModelError),
}

impl PmmlError {
    /// A setting of `field` that changes how an evaluator scores and that Segmentum cannot apply.
    fn treatment(field: &str, setting: String, effect: String) -> PmmlError {
        PmmlError::Treatment { field: excerpt(field, 100), setting, effect }
    }
}

/// A name or value from the file, as a message quotes it: at most `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Reads a PMML file's clustering model as a segment model, or says why it cannot.
pub fn read_pmml(bytes: &[u8]) -> Result<SegmentModel, PmmlError> {
    let root = xml::parse(bytes)?;
    build::model(&root)
}

#[cfg(test)]
mod tests;
