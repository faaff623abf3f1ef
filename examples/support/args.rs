//! The examples' command lines, handled the way command-line tools do: `--help` prints the usage
//! and succeeds, a usage error says why on stderr and exits with status 2.

use std::process::ExitCode;

/// The options `parse` reads from this process's arguments (`None` meaning `--help`), or the
/// exit code once the help or the error has been printed.
pub fn from_command_line<T>(
    program: &str,
    help: &str,
    parse: impl FnOnce(std::iter::Skip<std::env::Args>) -> Result<Option<T>, String>,
) -> Result<T, ExitCode> {
    match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => Ok(args),
        Ok(None) => {
            println!("{help}");
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{program}: {e}");
            Err(ExitCode::from(2))
        }
    }
}
