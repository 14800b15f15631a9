//! `taplan template`: a blank dataset workbook, never over an existing file.

use crate::Result;
use crate::cli::TemplateArgs;
use crate::report::{check_new_file, xlsx};

pub fn run(args: TemplateArgs) -> Result<()> {
    check_new_file(&args.out)?;
    xlsx::write_template(&args.out)?;
    println!("template written to {}", args.out.display());
    Ok(())
}
