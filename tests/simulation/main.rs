//! Whole chats of the session against the emulator on a virtual clock, under generated mixes of
//! faults and visitor commands, with the session's guarantees checked after every run.
//!
//! `SIM_CASES` sets the number of cases (default in `chats_survive_faults.rs`), `SIM_SEED` fixes
//! the random seed (printed with every failure), `SIM_THREADS` the number of runners (one per
//! core by default).

mod chats_survive_faults;
mod invariants;
mod mix;
mod run;
mod scenario;
