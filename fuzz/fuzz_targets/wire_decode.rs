//! Arbitrary bytes as every wire document.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/wire_decode.rs"]
mod wire_decode;

fuzz_target!(|data: &[u8]| wire_decode::run(data));
