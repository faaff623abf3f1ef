//! Arbitrary commands, responses and failures fed to a session.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/session_inputs.rs"]
#[allow(dead_code)]
mod session_inputs;

fuzz_target!(|data: &[u8]| session_inputs::run(data));
