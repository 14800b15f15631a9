//! Helpers for the unit tests that exercise internals (compiled only for tests): small datasets
//! on disk, loaded through the public path.

use crate::dataset::Dataset;
use crate::generate::{GenSpec, write_generated};

/// A generated dataset, loaded (the folder is dropped with the returned guard).
pub fn generated(spec: GenSpec) -> (tempfile::TempDir, Dataset) {
    let tmp = tempfile::tempdir().unwrap(); // ok: test helper
    let dir = tmp.path().join("ds");
    write_generated(&spec, &dir).unwrap(); // ok: test helper
    let ds = crate::validate::load(&dir).unwrap().dataset; // ok: test helper
    (tmp, ds)
}

/// A one-biennium ("P1") dataset: African Parties of weight 1, the themes given (code = name),
/// one bilateral partner "g", and the given needs.csv and offers.csv texts.
pub fn one_period(parties: &[&str], themes: &[&str], needs: &str, offers: &str) -> Dataset {
    let tmp = tempfile::tempdir().unwrap(); // ok: test helper
    let d = tmp.path();
    let write = |name: &str, text: String| std::fs::write(d.join(name), text).unwrap(); // ok: test helper
    write("plan.toml", "name = \"t\"\nperiods = [\"P1\"]\n".into());
    let parties = parties
        .iter()
        .fold("party,name,region,weight\n".to_string(), |s, p| {
            s + &format!("{p},{p},africa,1\n")
        });
    write("parties.csv", parties);
    write(
        "themes.csv",
        themes
            .iter()
            .fold("theme,name\n".to_string(), |s, t| s + &format!("{t},{t}\n")),
    );
    write("partners.csv", "partner,name,kind\ng,G,bilateral\n".into());
    write("needs.csv", needs.into());
    write("offers.csv", offers.into());
    crate::validate::load(d).unwrap().dataset // ok: test helper
}

/// Some small generated shapes.
pub fn shapes() -> Vec<GenSpec> {
    vec![
        GenSpec {
            parties: 12,
            themes: 4,
            partners: 5,
            periods: 2,
            seed: 5,
        },
        GenSpec {
            parties: 30,
            themes: 6,
            partners: 4,
            periods: 3,
            seed: 8,
        },
        GenSpec {
            parties: 20,
            themes: 8,
            partners: 12,
            periods: 1,
            seed: 13,
        },
    ]
}
