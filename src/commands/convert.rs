//! `taplan convert`: a dataset between a CSV folder and a workbook, losslessly (read, not
//! validated: a half-finished dataset converts too, as long as every file can be read).

use crate::Result;
use crate::cli::ConvertArgs;
use crate::error::Error;
use crate::input::{is_workbook, read_source};
use crate::report::{check_new_file, check_output, write_dir_atomically, xlsx};

pub fn run(args: ConvertArgs) -> Result<()> {
    let (from, to) = (&args.from, &args.to);
    if is_workbook(to) {
        check_new_file(to)?;
    } else {
        check_output(to, &[from])?;
    }
    let mut diags = Vec::new();
    let raw = read_source(from, &mut diags);
    let errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if is_workbook(to) {
        xlsx::write_dataset_workbook(&raw, to)?;
    } else {
        write_dir_atomically(to, |dir| xlsx::write_dataset_folder(&raw, dir))?;
    }
    println!("{} converted to {}", from.display(), to.display());
    Ok(())
}
