//! A solver-neutral linear programme in column-major sparse form, with a builder and row/column tags.

use crate::dataset::{NeedId, OfferId, PartyId};

/// What a column stands for, so results can be mapped back to the dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColTag {
    /// x(o, n): the amount offer o gives need n.
    Alloc(OfferId, NeedId),
    /// An auxiliary variable added by a model extension (e.g. a fairness floor).
    Aux,
    /// Four-year policy: unspent capacity of the first offer carried into the second.
    Carry(OfferId, OfferId),
    /// Four-year policy: the offer (next period) meets the need of the previous period.
    Deferred(OfferId, NeedId),
}

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowTag {
    /// sum_o x(o, n) <= amount(n)
    Need(NeedId),
    /// sum_n x(o, n) <= amount(o)
    Offer(OfferId),
    /// sum over p's needs of x(o, n) <= max_per_party(o)
    PartyCap(OfferId, PartyId),
    /// A row added by a model extension.
    Extra,
}

/// max c'x  s.t.  row_lower <= A x <= row_upper,  col_lower <= x <= col_upper.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinearProgram {
    pub col_cost: Vec<f64>,
    pub col_lower: Vec<f64>,
    pub col_upper: Vec<f64>,
    pub col_tag: Vec<ColTag>,
    pub row_lower: Vec<f64>,
    pub row_upper: Vec<f64>,
    pub row_tag: Vec<RowTag>,
    /// CSC: column j's entries are `a_index`/`a_value` over `a_start[j]..a_start[j+1]`.
    pub a_start: Vec<usize>,
    pub a_index: Vec<usize>,
    pub a_value: Vec<f64>,
}

impl LinearProgram {
    /// The sub-LP of columns `cols` and rows `rows`; entries in rows left out are dropped.
    pub fn sub_lp(&self, cols: &[usize], rows: &[usize]) -> LinearProgram {
        let mut local_row = std::collections::HashMap::with_capacity(rows.len());
        for (k, &r) in rows.iter().enumerate() {
            local_row.insert(r, k);
        }
        let mut a_start = Vec::with_capacity(cols.len() + 1);
        let (mut a_index, mut a_value) = (Vec::new(), Vec::new());
        a_start.push(0);
        for &j in cols {
            for (i, v) in self.column(j) {
                if let Some(&k) = local_row.get(&i) {
                    a_index.push(k);
                    a_value.push(v);
                }
            }
            a_start.push(a_index.len());
        }
        let pick = |v: &[f64], idx: &[usize]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        LinearProgram {
            col_cost: pick(&self.col_cost, cols),
            col_lower: pick(&self.col_lower, cols),
            col_upper: pick(&self.col_upper, cols),
            col_tag: cols.iter().map(|&j| self.col_tag[j]).collect(),
            row_lower: pick(&self.row_lower, rows),
            row_upper: pick(&self.row_upper, rows),
            row_tag: rows.iter().map(|&i| self.row_tag[i]).collect(),
            a_start,
            a_index,
            a_value,
        }
    }

    pub fn num_cols(&self) -> usize {
        self.col_cost.len()
    }
    pub fn num_rows(&self) -> usize {
        self.row_lower.len()
    }
    pub fn num_nonzeros(&self) -> usize {
        self.a_value.len()
    }

    /// Column j's (row, value) entries.
    pub fn column(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.a_start[j]..self.a_start[j + 1];
        self.a_index[range.clone()]
            .iter()
            .copied()
            .zip(self.a_value[range].iter().copied())
    }

    pub fn objective(&self, x: &[f64]) -> f64 {
        self.col_cost.iter().zip(x).map(|(c, v)| c * v).sum()
    }

    /// A x.
    pub fn row_activity(&self, x: &[f64]) -> Vec<f64> {
        let mut act = vec![0.0; self.num_rows()];
        for (j, &xj) in x.iter().enumerate() {
            if xj != 0.0 {
                for (i, a) in self.column(j) {
                    act[i] += a * xj;
                }
            }
        }
        act
    }

    /// Row-major copy: for each row, its (column, value) entries.
    pub fn rows(&self) -> Vec<Vec<(usize, f64)>> {
        let mut rows = vec![Vec::new(); self.num_rows()];
        for j in 0..self.num_cols() {
            for (i, a) in self.column(j) {
                rows[i].push((j, a));
            }
        }
        rows
    }
}

/// Builds a [`LinearProgram`] incrementally: columns and rows can be added in any order by
/// the base model and by extensions; entries are collected as triplets and packed at the end.
#[derive(Debug, Default)]
pub struct LpBuilder {
    lp_cols: Vec<(f64, f64, f64, ColTag)>,
    lp_rows: Vec<(f64, f64, RowTag)>,
    triplets: Vec<(usize, usize, f64)>, // (col, row, value)
}

impl LpBuilder {
    pub fn add_col(&mut self, cost: f64, lower: f64, upper: f64, tag: ColTag) -> usize {
        self.lp_cols.push((cost, lower, upper, tag));
        self.lp_cols.len() - 1
    }

    pub fn add_row(
        &mut self,
        lower: f64,
        upper: f64,
        tag: RowTag,
        entries: impl IntoIterator<Item = (usize, f64)>,
    ) -> usize {
        let row = self.lp_rows.len();
        self.lp_rows.push((lower, upper, tag));
        self.triplets
            .extend(entries.into_iter().map(|(col, v)| (col, row, v)));
        row
    }

    pub fn num_cols(&self) -> usize {
        self.lp_cols.len()
    }

    /// Add coefficient `value` for column `col` in an existing row.
    pub fn add_entry(&mut self, row: usize, col: usize, value: f64) {
        self.triplets.push((col, row, value));
    }

    pub fn set_cost(&mut self, col: usize, cost: f64) {
        self.lp_cols[col].0 = cost;
    }

    pub fn cost(&self, col: usize) -> f64 {
        self.lp_cols[col].0
    }

    /// Pack the triplets column by column (a counting sort, rows ascending within a column).
    pub fn finish(self) -> LinearProgram {
        let n = self.lp_cols.len();
        let mut a_start = vec![0usize; n + 1];
        for &(col, _, _) in &self.triplets {
            a_start[col + 1] += 1;
        }
        for j in 0..n {
            a_start[j + 1] += a_start[j];
        }
        let mut next = a_start.clone();
        let mut entries = vec![(0usize, 0.0f64); self.triplets.len()];
        for &(col, row, value) in &self.triplets {
            entries[next[col]] = (row, value);
            next[col] += 1;
        }
        for j in 0..n {
            let column = &mut entries[a_start[j]..a_start[j + 1]];
            if !column.is_sorted_by_key(|e| e.0) {
                column.sort_by_key(|e| e.0);
            }
        }
        LinearProgram {
            col_cost: self.lp_cols.iter().map(|c| c.0).collect(),
            col_lower: self.lp_cols.iter().map(|c| c.1).collect(),
            col_upper: self.lp_cols.iter().map(|c| c.2).collect(),
            col_tag: self.lp_cols.iter().map(|c| c.3).collect(),
            row_lower: self.lp_rows.iter().map(|r| r.0).collect(),
            row_upper: self.lp_rows.iter().map(|r| r.1).collect(),
            row_tag: self.lp_rows.iter().map(|r| r.2).collect(),
            a_start,
            a_index: entries.iter().map(|e| e.0).collect(),
            a_value: entries.iter().map(|e| e.1).collect(),
        }
    }
}
