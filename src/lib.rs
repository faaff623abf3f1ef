//! A sans-IO client for LivePerson's Server Chat API.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod wire;

#[cfg(feature = "emulator")]
pub mod emulator;
