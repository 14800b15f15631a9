//! Analysis of solved plans: coverage statistics by Party, region and theme.

pub mod stats;
