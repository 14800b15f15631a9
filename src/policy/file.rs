//! Policy files: a `kind` and its parameters in TOML, checked against their ranges, and the
//! policies bundled in `models/`.

use super::{Coverage, Fair, FloorPolicy, FourYear, Greedy, Policy, Proportional, StarLike};
use crate::error::Diagnostic;
use crate::{Error, Result};
use serde::Deserialize;
use std::path::Path;

/// A policy file: `kind` and the parameters of that kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    kind: toml::Spanned<String>,
    name: Option<toml::Spanned<String>>,
    #[serde(default)]
    elastic: bool,
    tolerance: Option<f64>,
    alpha: Option<f64>,
    min_coverage: Option<f64>,
    ratio: Option<f64>,
    carry_over_share: Option<f64>,
    deferral_discount: Option<f64>,
    continuity_share: Option<f64>,
    need_exponent: Option<f64>,
    weight_exponent: Option<f64>,
    floor: Option<f64>,
    ceiling_share: Option<f64>,
}

/// Read a policy TOML file (errors name the file and line).
pub fn read_policy(path: &Path) -> Result<Box<dyn Policy>> {
    let file = path.display().to_string();
    let text =
        crate::input::bounded::read_text(path, "E0601", "check the --policy / --policies path")
            .map_err(|d| Error::Invalid(vec![d]))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "policy".into());
    parse_policy(&file, &stem, &text)
}

/// Parse a policy file's text; `default_name` names it when it sets no `name`.
pub fn parse_policy(file: &str, default_name: &str, text: &str) -> Result<Box<dyn Policy>> {
    let src = Source { file, text };
    let p: PolicyFile = toml::from_str(text).map_err(|e| {
        let msg = format!("malformed policy file: {}", e.message().replace('\n', " "));
        src.bad(e.span().map(|s| src.at(s.start)), msg)
    })?;
    let name = p
        .name
        .as_ref()
        .map(|n| n.get_ref().clone())
        .unwrap_or_else(|| default_name.to_string());
    if let Some(problem) = crate::names::folder_name_problem(&name) {
        let pos = p
            .name
            .as_ref()
            .map(|n| src.at(n.span().start))
            .unwrap_or((1, 1));
        let msg = format!("policy {problem} (a policy's name names its folder in `compare`)");
        return Err(src.coded("E0603", Some(pos), msg));
    }
    build(&src, &p, name)
}

/// The policy of kind `p.kind` with its parameters checked.
fn build(src: &Source, p: &PolicyFile, name: String) -> Result<Box<dyn Policy>> {
    let min_coverage = || {
        p.min_coverage
            .map(|m| src.unit(Some(m), 0.0, "min_coverage"))
            .transpose()
    };
    Ok(match p.kind.get_ref().as_str() {
        "coverage" => Box::new(Coverage { name }),
        "fair" => Box::new(Fair {
            name,
            tolerance: src.positive(p.tolerance, 1e-6, "tolerance")?,
        }),
        "regional_balance" => Box::new(FloorPolicy::regional(
            name,
            src.unit(p.alpha, 0.8, "alpha")?,
            min_coverage()?,
            p.elastic,
        )),
        "ldc_sids" => Box::new(FloorPolicy::ldc_sids(
            name,
            src.positive(p.ratio, 1.0, "ratio")?,
            min_coverage()?,
            p.elastic,
        )),
        "four_year" => Box::new(FourYear {
            name,
            carry_over_share: src.unit(p.carry_over_share, 0.5, "carry_over_share")?,
            deferral_discount: src.unit(p.deferral_discount, 0.8, "deferral_discount")?,
            continuity_share: src.unit(p.continuity_share, 0.5, "continuity_share")?,
        }),
        "proportional" => Box::new(Proportional { name }),
        "greedy" => Box::new(Greedy { name }),
        "star_like" => Box::new(StarLike {
            name,
            need_exponent: src.positive(p.need_exponent, 0.8, "need_exponent")?,
            weight_exponent: src.positive(p.weight_exponent, 1.0, "weight_exponent")?,
            floor: src.positive(p.floor, 0.0, "floor")?,
            ceiling_share: src.unit(p.ceiling_share, 0.1, "ceiling_share")?,
        }),
        other => {
            let msg = format!(
                "unknown policy kind \"{other}\"; expected coverage, fair, regional_balance, ldc_sids, four_year, proportional, greedy or star_like"
            );
            return Err(src.bad(Some(src.at(p.kind.span().start)), msg));
        }
    })
}

/// A policy file's name and text, for diagnostics at a line and column.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn at(&self, offset: usize) -> (usize, usize) {
        crate::input::bounded::line_col(self.text, offset)
    }

    fn coded(&self, code: &'static str, pos: Option<(usize, usize)>, msg: String) -> Error {
        let d = Diagnostic::error(code, self.file, msg);
        Error::Invalid(vec![match pos {
            Some((l, c)) => d.at(l, c.to_string()),
            None => d,
        }])
    }

    fn bad(&self, pos: Option<(usize, usize)>, msg: String) -> Error {
        self.coded("E0602", pos, msg)
    }

    /// The line and column of `key = ...` (parameters are plain top-level keys).
    fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.text
            .lines()
            .enumerate()
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
    }

    /// A share from 0 to 1 (default `d`).
    fn unit(&self, v: Option<f64>, d: f64, what: &str) -> Result<f64> {
        let x = v.unwrap_or(d);
        if (0.0..=1.0).contains(&x) {
            Ok(x)
        } else {
            Err(self.bad(
                self.key(what),
                format!("`{what}` is {x}; expected a number from 0 to 1"),
            ))
        }
    }

    /// A number from 0 to the largest factor (default `d`).
    fn positive(&self, v: Option<f64>, d: f64, what: &str) -> Result<f64> {
        let x = v.unwrap_or(d);
        let max = crate::validate::MAX_FACTOR;
        if (0.0..=max).contains(&x) {
            Ok(x)
        } else {
            Err(self.bad(
                self.key(what),
                format!("`{what}` is {x}; expected a number from 0 to {max:e}"),
            ))
        }
    }
}

/// The policies bundled in `models/`, compiled in (used when no `--policies` are given and
/// there is no `models/` folder in the working directory).
pub const BUILTIN: &[(&str, &str)] = &[
    ("coverage", include_str!("../../models/coverage.toml")),
    ("fair", include_str!("../../models/fair.toml")),
    ("four-year", include_str!("../../models/four-year.toml")),
    ("greedy", include_str!("../../models/greedy.toml")),
    ("ldc-sids", include_str!("../../models/ldc-sids.toml")),
    (
        "proportional",
        include_str!("../../models/proportional.toml"),
    ),
    (
        "regional-balance",
        include_str!("../../models/regional-balance.toml"),
    ),
    ("star-like", include_str!("../../models/star-like.toml")),
];

pub fn builtin_policies() -> Result<Vec<Box<dyn Policy>>> {
    BUILTIN
        .iter()
        .map(|(name, text)| parse_policy(&format!("models/{name}.toml"), name, text))
        .collect()
}

/// Every `*.toml` in `dir`, sorted by file name.
pub fn read_policy_dir(dir: &Path) -> Result<Vec<Box<dyn Policy>>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_policy(p)).collect()
}
