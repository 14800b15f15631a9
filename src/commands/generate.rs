//! `taplan generate`: a seeded synthetic dataset, from a preset or explicit sizes.

use crate::Result;
use crate::cli::{GenerateArgs, Scale};
use crate::generate::{GenSpec, Shape, write_generated_shaped};
use crate::report::check_output;

pub fn run(args: GenerateArgs) -> Result<()> {
    let base = match args.scale {
        Some(Scale::S) | None => GenSpec::preset("S", args.seed),
        Some(Scale::M) | Some(Scale::MDense) => GenSpec::preset("M", args.seed),
        Some(Scale::L) => GenSpec::preset("L", args.seed),
    };
    let base = base.unwrap_or(GenSpec {
        parties: 20,
        themes: 8,
        partners: 10,
        periods: 2,
        seed: args.seed,
    });
    let size = |v: Option<u64>, default: usize| v.map(|v| v as usize).unwrap_or(default);
    let spec = GenSpec {
        parties: size(args.parties, base.parties),
        themes: size(args.themes, base.themes),
        partners: size(args.partners, base.partners),
        periods: size(args.periods, base.periods),
        seed: args.seed,
    };
    check_output(&args.out, &[])?;
    let shape = if args.scale == Some(Scale::MDense) {
        Shape::Dense
    } else {
        Shape::Standard
    };
    write_generated_shaped(&spec, shape, &args.out)?;
    println!("dataset written to {}", args.out.display());
    Ok(())
}
