//! An arbitrary snapshot resumed under an arbitrary configuration, then arbitrary inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/session_inputs.rs"]
#[allow(dead_code)]
mod session_inputs;
#[path = "../harness/session_resume.rs"]
#[allow(dead_code)]
mod session_resume;

fuzz_target!(|data: &[u8]| session_resume::run(data));
