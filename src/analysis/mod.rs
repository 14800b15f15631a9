//! Analysis of solved plans: coverage statistics by Party, region and theme.

pub mod budget_curve;
pub mod marginal;
pub mod metrics;
pub mod sensitivity;
pub mod stats;
