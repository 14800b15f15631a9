//! `taplan validate`: load the dataset and list every finding.

use crate::Result;
use crate::cli::ValidateArgs;
use crate::validate::load;

pub fn run(args: ValidateArgs) -> Result<()> {
    let loaded = load(&args.dataset)?;
    for w in &loaded.warnings {
        println!("{w}");
    }
    let ds = &loaded.dataset;
    println!(
        "{}: valid ({} parties, {} themes, {} partners, {} periods, {} needs, {} offers, {} warnings)",
        args.dataset.display(),
        ds.parties.len(),
        ds.themes.len(),
        ds.partners.len(),
        ds.periods.len(),
        ds.needs.len(),
        ds.offers.len(),
        loaded.warnings.len()
    );
    Ok(())
}
