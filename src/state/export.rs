//! The export panel's choices: the SQL dialect and the table the query reads. Kept here, not on
//! the page, so a visit to another page finds them as they were.

use engine::export::{Dialect, DEFAULT_TABLE};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct ExportSettings {
    pub dialect: RwSignal<Dialect>,
    /// The source table's name as typed (`schema.table` allowed); empty reads `customers`.
    pub table: RwSignal<String>,
}

impl Default for ExportSettings {
    fn default() -> ExportSettings {
        ExportSettings { dialect: RwSignal::new(Dialect::default()), table: RwSignal::new(DEFAULT_TABLE.to_owned()) }
    }
}
