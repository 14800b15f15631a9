//! Column lookup and cell parsing for one raw table, pushing a coded diagnostic for every problem.

use crate::error::Diagnostic;
use crate::input::{RawRow, RawTable};

/// A raw table whose header has been checked against the expected columns.
pub struct Table<'a> {
    pub raw: &'a RawTable,
    columns: Vec<(&'static str, Option<usize>)>,
}

/// A list cell: `*` or empty means all; otherwise the `;`-separated items.
pub enum ListCell<'a> {
    All,
    Items(Vec<&'a str>),
}

impl<'a> Table<'a> {
    /// Check `required` columns exist (E0003) and warn on unknown columns (W0101).
    /// Returns None when a required column is missing: the table's rows cannot be read.
    pub fn new(
        raw: &'a RawTable,
        required: &[&'static str],
        optional: &[&'static str],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let mut ok = true;
        let mut columns = Vec::new();
        for &name in required {
            let idx = raw.column(name);
            if idx.is_none() {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "E0003",
                        &raw.file,
                        format!(
                            "missing required column `{name}`; the header must include {}",
                            required.join(", ")
                        ),
                    )
                    .at(1, name),
                );
            }
            columns.push((name, idx));
        }
        for &name in optional {
            columns.push((name, raw.column(name)));
        }
        let mut seen = std::collections::HashSet::new();
        for h in &raw.headers {
            if !h.is_empty() && !seen.insert(h.as_str()) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "E0006",
                        &raw.file,
                        format!("column `{h}` appears twice in the header; keep one"),
                    )
                    .at(1, h.clone()),
                );
            }
        }
        for h in &raw.headers {
            if !required.contains(&h.as_str()) && !optional.contains(&h.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        "W0101",
                        &raw.file,
                        format!("unknown column `{h}` is ignored"),
                    )
                    .at(1, h.clone()),
                );
            }
        }
        ok.then_some(Table { raw, columns })
    }

    pub fn rows(&self) -> impl Iterator<Item = &'a RawRow> {
        self.raw.rows.iter()
    }

    /// The trimmed cell of `column` in `row` ("" if the column is absent).
    pub fn cell(&self, row: &'a RawRow, column: &str) -> &'a str {
        self.columns
            .iter()
            .find(|(name, _)| *name == column)
            .and_then(|(_, idx)| *idx)
            .and_then(|i| row.cells.get(i))
            .map(|s| s.as_str())
            .unwrap_or("")
    }

    pub fn diag(
        &self,
        code: &'static str,
        row: &RawRow,
        column: &str,
        message: String,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.raw.file, message).at(row.line, column)
    }

    /// A required non-empty text cell (E0101).
    pub fn text(
        &self,
        row: &'a RawRow,
        column: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<&'a str> {
        let v = self.cell(row, column);
        if v.is_empty() {
            diags.push(self.diag(
                "E0101",
                row,
                column,
                format!("`{column}` is empty; it is required"),
            ));
            None
        } else {
            Some(v)
        }
    }

    /// A number: E0201 when not finite, E0202 when it must be > 0 and is not, E0203 when
    /// negative where 0 is allowed, E0205 when outside the rule's documented range. An empty
    /// optional cell gives the default.
    pub fn number(
        &self,
        row: &'a RawRow,
        column: &str,
        rule: NumberRule,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<f64> {
        let v = self.cell(row, column);
        if v.is_empty() {
            return match rule.default {
                Some(d) => Some(d),
                None => {
                    diags.push(self.diag(
                        "E0101",
                        row,
                        column,
                        format!("`{column}` is empty; expected a number {}", rule.accepted()),
                    ));
                    None
                }
            };
        }
        let parsed = v.parse::<f64>().ok().filter(|x| x.is_finite());
        let Some(x) = parsed else {
            diags.push(self.diag(
                "E0201",
                row,
                column,
                format!(
                    "`{column}` is \"{v}\", not a finite number; expected a number {}",
                    rule.accepted()
                ),
            ));
            return None;
        };
        let problem = rule.problem(x, column, v);
        match problem {
            Some((code, message)) => {
                diags.push(self.diag(code, row, column, message));
                None
            }
            None => Some(x),
        }
    }

    /// An optional true/false flag (E0204); empty means false.
    pub fn flag(&self, row: &'a RawRow, column: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        match self.cell(row, column).to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => Some(false),
            "true" | "yes" | "1" => Some(true),
            other => {
                diags.push(self.diag(
                    "E0204",
                    row,
                    column,
                    format!("`{column}` is \"{other}\"; expected true or false"),
                ));
                None
            }
        }
    }

    pub fn list(&self, row: &'a RawRow, column: &str) -> ListCell<'a> {
        let v = self.cell(row, column);
        if v.is_empty() || v == "*" {
            return ListCell::All;
        }
        ListCell::Items(
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }
}

/// The largest amount or cap taplan accepts, in the plan's unit (HiGHS treats 1e20 as
/// infinite; 1e12 thousand USD leaves room for sums and scaling).
pub const MAX_AMOUNT: f64 = 1e12;
/// The smallest positive amount (a millionth of the unit).
pub const MIN_AMOUNT: f64 = 1e-6;
/// Weights, priorities and effectiveness lie in [MIN_FACTOR, MAX_FACTOR].
pub const MIN_FACTOR: f64 = 1e-6;
pub const MAX_FACTOR: f64 = 1e6;
/// W0203 above this ratio of the largest to the smallest objective coefficient or amount.
pub const FRAGILE_RATIO: f64 = 1e9;

/// What a number cell accepts: a range and, for optional cells, a default.
#[derive(Clone, Copy)]
pub struct NumberRule {
    /// Zero is accepted (caps); otherwise values below `min` are E0202.
    pub zero_ok: bool,
    pub min: f64,
    pub max: f64,
    pub default: Option<f64>,
}

impl NumberRule {
    pub const AMOUNT: NumberRule = NumberRule {
        zero_ok: false,
        min: MIN_AMOUNT,
        max: MAX_AMOUNT,
        default: None,
    };
    pub const CAP: NumberRule = NumberRule {
        zero_ok: true,
        min: MIN_AMOUNT,
        max: MAX_AMOUNT,
        default: None,
    };
    pub const WEIGHT: NumberRule = NumberRule {
        zero_ok: false,
        min: MIN_FACTOR,
        max: MAX_FACTOR,
        default: Some(1.0),
    };

    /// What is wrong with the finite number `x` (written `v` in column `column`), if anything.
    fn problem(&self, x: f64, column: &str, v: &str) -> Option<(&'static str, String)> {
        if x < 0.0 && self.zero_ok {
            Some((
                "E0203",
                format!("`{column}` is {v}; expected a number >= 0"),
            ))
        } else if x <= 0.0 && !self.zero_ok {
            Some(("E0202", format!("`{column}` is {v}; expected a number > 0")))
        } else if (x != 0.0 && x < self.min) || x > self.max {
            let accepted = self.accepted();
            Some((
                "E0205",
                format!(
                    "`{column}` is {v}, outside the accepted range; expected a number {accepted} (docs/data-format.md)"
                ),
            ))
        } else {
            None
        }
    }

    fn accepted(&self) -> String {
        let low = if self.zero_ok {
            "0 or ".to_string() + &format!("{:e}", self.min)
        } else {
            format!("{:e}", self.min)
        };
        format!("from {low} to {:e}", self.max)
    }
}
