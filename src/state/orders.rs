//! An order-lines file on Train and the customer table built from it: kept in the app's state,
//! so the columns, dates and analysis date a user chose survive a visit to another page.

use std::sync::Arc;

use engine::{dates::DateOrder, rfm::OrderColumns};
use gloo_file::Blob;
use leptos::prelude::*;

use crate::protocol::{BuildReport, BuildSettings, FileSummary};

/// The order lines chosen: their first lines as read, and the file to build from.
#[derive(Clone)]
pub struct OrderFile {
    pub lines: Arc<FileSummary>,
    /// Name, file and sheet, as the worker is handed them.
    pub source: (String, Blob, Option<String>),
}

/// A customer table built: what the build read and decided, and the table as CSV.
#[derive(Clone)]
pub struct BuiltTable {
    pub report: BuildReport,
    pub csv: Blob,
}

#[derive(Debug, Clone, Copy)]
pub struct OrdersState {
    pub file: RwSignal<Option<OrderFile>, LocalStorage>,
    /// Where each field is, as guessed or chosen.
    pub columns: RwSignal<OrderColumns>,
    /// Day/month order when the dates do not decide it; `None`: day first, said.
    pub date_order: RwSignal<Option<DateOrder>>,
    /// Days since 1970-01-01; `None`: the day after the latest date.
    pub analysis: RwSignal<Option<i64>>,
    pub built: RwSignal<Option<BuiltTable>, LocalStorage>,
    pub error: RwSignal<Option<String>>,
}

impl OrdersState {
    pub fn new() -> OrdersState {
        let none = OrderColumns { customer: 0, date: 0, order: None, amount: None, quantity: None, price: None };
        OrdersState {
            file: RwSignal::new_local(None),
            columns: RwSignal::new(none),
            date_order: RwSignal::new(None),
            analysis: RwSignal::new(None),
            built: RwSignal::new_local(None),
            error: RwSignal::new(None),
        }
    }

    /// Order lines were chosen: their guessed columns, the file's own dates, nothing built yet.
    pub fn show(self, lines: FileSummary, source: (String, Blob, Option<String>)) {
        if let Some(found) = &lines.orders {
            self.columns.set(found.columns);
        }
        self.date_order.set(None);
        self.analysis.set(None);
        self.built.set(None);
        self.error.set(None);
        self.file.set(Some(OrderFile { lines: Arc::new(lines), source }));
    }

    /// Another file was chosen on Train: the order lines are let go.
    pub fn clear(self) {
        self.file.set(None);
        self.built.set(None);
        self.error.set(None);
    }

    /// Whether order lines are waiting for their customer table (Train's later steps wait too).
    pub fn waiting(self) -> bool {
        self.file.with(Option::is_some) && self.built.with(Option::is_none)
    }

    /// The build the choices ask for (read reactively).
    pub fn settings(self) -> BuildSettings {
        BuildSettings {
            columns: self.columns.get(),
            date_order: self.date_order.get(),
            analysis: self.analysis.get(),
            keep_left_out: false,
        }
    }
}

impl Default for OrdersState {
    fn default() -> Self {
        OrdersState::new()
    }
}
