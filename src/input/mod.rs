//! Readers that turn a dataset folder into raw, untyped rows; no business rules live here.

pub(crate) mod bounded;
mod csv_table;
mod plan_toml;
mod xlsx;

pub use bounded::MAX_FILE_BYTES;
pub use csv_table::{RawRow, RawTable, parse_table, read_table};
pub use plan_toml::{PlanLines, RawPlan, parse_plan, read_plan};
pub use xlsx::{TABLE_SHEETS, read_workbook, read_workbook_bytes};

use crate::error::Diagnostic;
use std::path::Path;

/// The six contract files of a dataset folder, read but not yet validated.
#[derive(Debug, Clone)]
pub struct RawDataset {
    pub plan: Option<RawPlan>,
    pub parties: Option<RawTable>,
    pub themes: Option<RawTable>,
    pub partners: Option<RawTable>,
    pub needs: Option<RawTable>,
    pub offers: Option<RawTable>,
    /// Where the plan came from (`DIR/plan.toml` or `BOOK.xlsx[plan]`), for diagnostics.
    pub plan_file: String,
}

impl RawDataset {
    /// A dataset with no readable file yet; `plan_file` names where its plan would come from.
    pub fn empty(plan_file: String) -> Self {
        RawDataset {
            plan: None,
            parties: None,
            themes: None,
            partners: None,
            needs: None,
            offers: None,
            plan_file,
        }
    }
}

/// Read a dataset from a folder of CSV files or from an .xlsx workbook.
pub fn read_source(path: &Path, diags: &mut Vec<Diagnostic>) -> RawDataset {
    if is_workbook(path) {
        xlsx::read_workbook(path, diags)
    } else {
        read_dataset(path, diags)
    }
}

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Read every contract file of `dir`. A file that cannot be read is `None` and its problem is
/// pushed to `diags`, so that one run reports every unreadable file at once.
pub fn read_dataset(dir: &Path, diags: &mut Vec<Diagnostic>) -> RawDataset {
    let table = |name: &str, diags: &mut Vec<Diagnostic>| match read_table(&dir.join(name)) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let plan = match read_plan(&dir.join("plan.toml")) {
        Ok(p) => Some(p),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    RawDataset {
        plan,
        parties: table("parties.csv", diags),
        themes: table("themes.csv", diags),
        partners: table("partners.csv", diags),
        needs: table("needs.csv", diags),
        offers: table("offers.csv", diags),
        plan_file: dir.join("plan.toml").display().to_string(),
    }
}
