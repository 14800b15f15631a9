//! Builds the linear programme of a plan: the canonical `coverage` model plus pluggable extensions.

mod coverage;
mod lp;

pub use coverage::{CoverageIndex, build_coverage};
pub use lp::{ColTag, LinearProgram, LpBuilder, RowTag};

use crate::dataset::Dataset;

/// Adds constraints or changes the objective of the base coverage model. Policies implement this
/// so that the canonical model never has to be rewritten.
pub trait ModelExtension: Send + Sync {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder);
}

/// The coverage model with `extensions` applied in order.
pub fn build(ds: &Dataset, extensions: &[&dyn ModelExtension]) -> (LinearProgram, CoverageIndex) {
    let (mut builder, index) = coverage::coverage_builder(ds);
    for ext in extensions {
        ext.extend(ds, &index, &mut builder);
    }
    (builder.finish(), index)
}
