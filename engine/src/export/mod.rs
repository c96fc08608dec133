//! The model where the customers live: written out for engines built for hundreds of millions
//! of rows (a warehouse's SQL, Spark, an ONNX runtime, any PMML consumer), scoring exactly as Batch does.

mod about;
pub mod onnx;
pub mod pmml;
pub mod sql;

pub use onnx::{model_onnx, onnx_refusal, OnnxError};
pub use pmml::model_pmml;
pub use sql::{score_sql, Dialect, SqlExport, DEFAULT_TABLE};
