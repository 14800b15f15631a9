//! One test per validation code: each bad input is reported with its code, file, line and column.

mod common;
use common::{copy_dataset, set_line};
use taplan::{Diagnostic, Error, validate};

/// Load the edited tiny dataset and return its errors (panics if it loads).
fn errors_after(edit: impl FnOnce(&std::path::Path)) -> Vec<Diagnostic> {
    let tmp = copy_dataset("tiny");
    edit(tmp.path());
    match validate::load(tmp.path()) {
        Err(Error::Invalid(diags)) => diags,
        Err(e) => panic!("expected invalid input, got {e}"),
        Ok(_) => panic!("expected invalid input, but the dataset loaded"),
    }
}

/// Assert some error has `code` in `file` at `line` (and `column` if given).
fn assert_has(
    diags: &[Diagnostic],
    code: &str,
    file: &str,
    line: Option<usize>,
    column: Option<&str>,
) {
    let found = diags.iter().any(|d| {
        d.code == code
            && d.file.ends_with(file)
            && d.line == line
            && column.is_none_or(|c| d.column.as_deref() == Some(c))
    });
    assert!(
        found,
        "no {code} in {file} at {line:?}/{column:?}; got:\n{}",
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

macro_rules! case {
    ($name:ident, $file:literal, $line:expr, $text:literal, $code:literal, $at:expr, $col:expr) => {
        #[test]
        fn $name() {
            let diags = errors_after(|d| set_line(d, $file, $line, $text));
            assert_has(&diags, $code, $file, $at, $col);
        }
    };
}

#[test]
fn e0001_missing_file() {
    let diags = errors_after(|d| std::fs::remove_file(d.join("themes.csv")).unwrap());
    assert_has(&diags, "E0001", "themes.csv", None, None);
}

#[test]
fn e0001_not_a_folder() {
    let err = validate::load(std::path::Path::new("/nonexistent/taplan")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("E0001"));
}

case!(
    e0002_ragged_row,
    "needs.csv",
    3,
    "BBB,nip,2026-2027,80,,extra",
    "E0002",
    Some(3),
    None
);
case!(
    e0003_missing_column,
    "offers.csv",
    1,
    "offer,partner,period,amt,themes,regions,parties,max_per_party,effectiveness",
    "E0003",
    Some(1),
    Some("amount")
);
case!(
    e0010_malformed_toml,
    "plan.toml",
    5,
    "periods = \"2026-2027\"",
    "E0010",
    Some(5),
    None
);
case!(
    e0010_unknown_key,
    "plan.toml",
    3,
    "curency = \"USD\"",
    "E0010",
    Some(3),
    None
);
case!(
    e0011_repeated_period,
    "plan.toml",
    5,
    "periods = [\"2026-2027\", \"2026-2027\"]",
    "E0011",
    Some(5),
    None
);
case!(
    e0012_bad_unit,
    "plan.toml",
    4,
    "unit = -1",
    "E0012",
    Some(4),
    None
);
case!(
    e0013_region_names_short,
    "plan.toml",
    6,
    "regions = [\"africa\", \"grulac\", \"cee\"]\nregion_names = [\"Africa\", \"GRULAC\"]",
    "E0013",
    Some(7),
    Some("region_names")
);
case!(
    e0013_region_name_empty,
    "plan.toml",
    6,
    "regions = [\"africa\", \"grulac\", \"cee\"]\nregion_names = [\"Africa\", \" \", \"CEE\"]",
    "E0013",
    Some(7),
    Some("region_names")
);

#[test]
fn region_names_name_the_regions() {
    let tmp = copy_dataset("tiny");
    set_line(
        tmp.path(),
        "plan.toml",
        6,
        "regions = [\"africa\", \"grulac\", \"cee\"]\nregion_names = [\"Africa\", \"Latin America\", \"CEE\"]",
    );
    let ds = validate::load(tmp.path()).unwrap().dataset;
    let labels: Vec<&str> = ds.region_labels().collect();
    assert_eq!(labels, ["Africa", "Latin America", "CEE"]);
    assert_eq!(ds.regions, ["africa", "grulac", "cee"]);
}

case!(
    e0101_empty_name,
    "parties.csv",
    3,
    "BBB,,africa,false,false,1",
    "E0101",
    Some(3),
    Some("name")
);
case!(
    e0102_duplicate_party,
    "parties.csv",
    0,
    "BBB,Party B again,africa,false,false,1",
    "E0102",
    Some(6),
    Some("party")
);
case!(
    e0102_duplicate_offer,
    "offers.csv",
    0,
    "gef1,gef,2026-2027,5,*,*,,,",
    "E0102",
    Some(6),
    Some("offer")
);
case!(
    e0103_duplicate_need,
    "needs.csv",
    0,
    "AAA,nip,2026-2027,5,",
    "E0103",
    Some(8),
    None
);
case!(
    e0201_text_amount,
    "needs.csv",
    2,
    "AAA,nip,2026-2027,lots,",
    "E0201",
    Some(2),
    Some("amount")
);
case!(
    e0201_nan_amount,
    "needs.csv",
    2,
    "AAA,nip,2026-2027,NaN,",
    "E0201",
    Some(2),
    Some("amount")
);
case!(
    e0201_infinite_amount,
    "offers.csv",
    2,
    "gef1,gef,2026-2027,inf,*,*,,150,",
    "E0201",
    Some(2),
    Some("amount")
);
case!(
    e0202_zero_amount,
    "needs.csv",
    4,
    "CCC,pcb,2026-2027,0,",
    "E0202",
    Some(4),
    Some("amount")
);
case!(
    e0202_negative_amount,
    "offers.csv",
    3,
    "nor1,norway,2026-2027,-60,nip,africa,,,1.2",
    "E0202",
    Some(3),
    Some("amount")
);
case!(
    e0202_zero_weight,
    "themes.csv",
    2,
    "nip,National implementation plans,0",
    "E0202",
    Some(2),
    Some("weight")
);
case!(
    e0202_zero_priority,
    "needs.csv",
    2,
    "AAA,nip,2026-2027,100,0",
    "E0202",
    Some(2),
    Some("priority")
);
case!(
    e0203_negative_cap,
    "offers.csv",
    2,
    "gef1,gef,2026-2027,250,*,*,,-1,",
    "E0203",
    Some(2),
    Some("max_per_party")
);
case!(
    e0204_bad_flag,
    "parties.csv",
    2,
    "AAA,Party A,africa,maybe,false,2",
    "E0204",
    Some(2),
    Some("ldc")
);
case!(
    e0301_unknown_party,
    "needs.csv",
    2,
    "ZZZ,nip,2026-2027,100,",
    "E0301",
    Some(2),
    Some("party")
);
case!(
    e0301_unknown_party_in_list,
    "offers.csv",
    3,
    "nor1,norway,2026-2027,60,nip,africa,AAA;ZZZ,,1.2",
    "E0301",
    Some(3),
    Some("parties")
);
case!(
    e0302_unknown_theme,
    "needs.csv",
    3,
    "BBB,dioxins,2026-2027,80,",
    "E0302",
    Some(3),
    Some("theme")
);
case!(
    e0302_unknown_theme_in_list,
    "offers.csv",
    3,
    "nor1,norway,2026-2027,60,nip;dioxins,africa,,,1.2",
    "E0302",
    Some(3),
    Some("themes")
);
case!(
    e0303_unknown_partner,
    "offers.csv",
    4,
    "gef2,sweden,2028-2029,120,*,africa;grulac,,,",
    "E0303",
    Some(4),
    Some("partner")
);
case!(
    e0304_unknown_period,
    "needs.csv",
    5,
    "AAA,pcb,2030-2031,150,",
    "E0304",
    Some(5),
    Some("period")
);
case!(
    e0304_unknown_offer_period,
    "offers.csv",
    5,
    "nor2,norway,2030,100,pcb,grulac,,,",
    "E0304",
    Some(5),
    Some("period")
);
case!(
    e0305_unknown_region,
    "parties.csv",
    5,
    "DDD,Party D,weog,false,false,1",
    "E0305",
    Some(5),
    Some("region")
);
case!(
    e0305_unknown_region_in_list,
    "offers.csv",
    4,
    "gef2,gef,2028-2029,120,*,africa;asia,,,",
    "E0305",
    Some(4),
    Some("regions")
);

#[test]
fn every_error_is_collected_not_just_the_first() {
    let diags = errors_after(|d| {
        set_line(d, "needs.csv", 2, "ZZZ,nip,2026-2027,-1,");
        set_line(
            d,
            "offers.csv",
            3,
            "nor1,nobody,2026-2027,60,nip,africa,,,1.2",
        );
    });
    assert_has(&diags, "E0301", "needs.csv", Some(2), Some("party"));
    assert_has(&diags, "E0202", "needs.csv", Some(2), Some("amount"));
    assert_has(&diags, "E0303", "offers.csv", Some(3), Some("partner"));
}

#[test]
fn excel_bom_and_any_column_order_are_accepted() {
    let tmp = copy_dataset("tiny");
    std::fs::write(
        tmp.path().join("themes.csv"),
        "\u{feff}weight,name,theme\n1,National implementation plans,nip\n1.5,PCB management,pcb\n",
    )
    .unwrap();
    let loaded = validate::load(tmp.path()).unwrap();
    assert_eq!(loaded.dataset.themes[1].code, "pcb");
    assert_eq!(loaded.dataset.themes[1].weight, 1.5);
}

#[test]
fn unknown_column_is_a_warning_with_its_code() {
    let tmp = copy_dataset("tiny");
    std::fs::write(
        tmp.path().join("partners.csv"),
        "partner,name,kind,notes\ngef,GEF,financial_mechanism,x\nnorway,Norway,bilateral,y\n",
    )
    .unwrap();
    let loaded = validate::load(tmp.path()).unwrap();
    assert!(loaded.warnings.iter().any(|w| w.code == "W0101"
        && w.file.ends_with("partners.csv")
        && w.line == Some(1)
        && w.column.as_deref() == Some("notes")));
}

#[test]
fn unreachable_need_and_unused_offer_are_warnings() {
    let loaded = validate::load(&common::root().join("datasets/tiny")).unwrap();
    let codes: Vec<&str> = loaded.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"W0201"), "{codes:?}");
    assert!(codes.contains(&"W0202"), "{codes:?}");
}

#[test]
fn every_code_emitted_is_documented() {
    let docs = std::fs::read_to_string(common::root().join("docs/error-codes.md")).unwrap();
    for info in taplan::validate::codes::CODES {
        assert!(
            docs.contains(info.code),
            "{} missing from docs/error-codes.md",
            info.code
        );
    }
    // Every code literal in the source is in the catalogue.
    let known: Vec<&str> = taplan::validate::codes::CODES
        .iter()
        .map(|c| c.code)
        .collect();
    let mut stack = vec![common::root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices('"') {
                let code = text.get(i + 1..i + 6).unwrap_or("");
                let shaped = code.is_ascii()
                    && code.len() == 5
                    && "EWN".contains(&code[..1])
                    && code[1..].chars().all(|c| c.is_ascii_digit())
                    && text[i + 6..].starts_with('"');
                if shaped {
                    assert!(
                        known.contains(&code),
                        "{code} in {} is not in CODES",
                        path.display()
                    );
                }
            }
        }
    }
}
