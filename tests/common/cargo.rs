//! Cargo run from a test, building in the test's own profile and environment.

use std::process::Command;

/// `cargo ARGS` in this package, in the profile this test was built in. Without the variables
/// cargo sets for the running test only: passed on, some build scripts (ring's) would see them as
/// a change, and the child's build and the next `cargo test` would each rebuild the TLS stack.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
            ]
            .contains(&key.as_ref())
        {
            command.env_remove(key.as_ref());
        }
    }
    if !cfg!(debug_assertions) {
        // Same profile as this test, so nothing is built twice.
        command.arg("--release");
    }
    command
}
