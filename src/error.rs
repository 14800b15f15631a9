//! Error and diagnostic types, and the one mapping from failure kinds to exit codes.

use std::fmt;
use std::path::PathBuf;

/// How serious a finding is: errors stop the run, warnings are reported and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// What was not checked because of an error elsewhere (reported with the errors).
    Note,
}

/// One coded finding about an input file, located by file, line (1-based, header = 1) and column.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    pub fn note(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Self::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: impl Into<String>) -> Self {
        self.line = Some(line);
        self.column = Some(column.into());
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error E0201: message` on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ":{col}")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {sev} {}: {}", self.code, self.message)
    }
}

/// Everything that can stop a taplan command. Solver outcomes such as infeasibility are not here:
/// they are [`crate::solver::SolveStatus`] values, turned into [`Error::NoOptimalPlan`] only at the
/// command boundary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", format_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),
    #[error("no optimal plan: {0}")]
    NoOptimalPlan(String),
    #[error("verification failed:\n{}", .0.join("\n"))]
    VerifyFailed(Vec<String>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The solver failed to run (not an outcome such as infeasibility: those are statuses).
    #[error("solver error: {0}")]
    Solver(String),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("TOML: {0}")]
    Toml(#[from] toml::ser::Error),
    /// Writing into memory (a buffer flush or UTF-8 check that cannot fail on valid input).
    #[error("in-memory output: {0}")]
    Memory(String),
    /// `taplan serve` could not start or stopped.
    #[error("server: {0}")]
    Server(String),
    #[error("thread pool: {0}")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
}

impl<W> From<csv::IntoInnerError<W>> for Error {
    fn from(e: csv::IntoInnerError<W>) -> Self {
        Error::Memory(e.error().to_string())
    }
}

impl From<std::string::FromUtf8Error> for Error {
    fn from(e: std::string::FromUtf8Error) -> Self {
        Error::Memory(e.to_string())
    }
}

fn format_diagnostics(diags: &[Diagnostic]) -> String {
    let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    lines.join("\n")
}

impl Error {
    /// The process exit status for this failure: 2 invalid input, 3 no optimal plan,
    /// 4 verification failed, 1 anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 2,
            Error::NoOptimalPlan(_) => 3,
            Error::VerifyFailed(_) => 4,
            Error::Io { .. }
            | Error::Solver(_)
            | Error::Csv(_)
            | Error::Xlsx(_)
            | Error::Toml(_)
            | Error::Memory(_)
            | Error::Server(_)
            | Error::ThreadPool(_) => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
