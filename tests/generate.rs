//! `generate --scale M-dense`: M's size in the dense shape of issue 15 (Parties need 60-100% of
//! the themes, offers cover up to 60% of the themes and 1 to 3 regions).

mod common;
use common::taplan_bin;

#[test]
fn the_dense_preset_has_the_dense_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    let o = taplan_bin()
        .args([
            "generate",
            "--scale",
            "M-dense",
            "--seed",
            "1",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ds = taplan::validate::load(&out).unwrap().dataset;
    assert_eq!(
        (
            ds.parties.len(),
            ds.themes.len(),
            ds.partners.len(),
            ds.periods.len()
        ),
        (150, 20, 40, 4)
    );
    let cells = (ds.parties.len() * ds.themes.len() * ds.periods.len()) as f64;
    let density = ds.needs.len() as f64 / cells;
    assert!(
        (0.7..0.9).contains(&density),
        "needs on {density:.2} of (Party, theme, period)"
    );
    let offers = std::fs::read_to_string(out.join("offers.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(offers.as_bytes());
    for rec in rdr.records() {
        let r = rec.unwrap();
        let themes = r[4].split(';').count();
        let regions = r[5].split(';').count();
        assert!(
            &r[4] != "*" && themes <= 12,
            "offer {} covers {themes} themes",
            &r[0]
        );
        assert!(
            &r[5] != "*" && (1..=3).contains(&regions),
            "offer {} covers {regions} regions",
            &r[0]
        );
    }
    // The standard M preset is a different, sparser dataset.
    let m = tmp.path().join("m");
    assert!(
        taplan_bin()
            .args([
                "generate",
                "--scale",
                "M",
                "--seed",
                "1",
                "--out",
                m.to_str().unwrap()
            ])
            .status()
            .unwrap()
            .success()
    );
    let sparse = taplan::validate::load(&m).unwrap().dataset;
    assert!((sparse.needs.len() as f64) < 0.5 * cells);
}
