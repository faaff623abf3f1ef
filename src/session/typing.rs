//! The visitor's typing state: only transitions go out, repeats coalesce, and "typing" falls back
//! to "not typing" by itself after a quiet period.

use std::time::Instant;

#[derive(Debug, Clone, Default)]
pub(crate) struct Typing {
    /// What the visitor is doing, as the application last said.
    pub desired: bool,
    /// What the server was last told; `None` when unknown after a failure. The server starts a
    /// chat at "not typing", so the first "not typing" is never sent.
    pub sent: Option<bool>,
    /// When "typing" lapses without a fresh `set_typing(true)`.
    pub quiet_until: Option<Instant>,
}

impl Typing {
    pub fn new() -> Self {
        Self {
            sent: Some(false),
            ..Self::default()
        }
    }

    pub fn set(&mut self, typing: bool, quiet_until: Instant) {
        self.desired = typing;
        self.quiet_until = typing.then_some(quiet_until);
    }

    /// Drops back to "not typing" once the quiet period is over.
    pub fn expire(&mut self, now: Instant) {
        if self.quiet_until.is_some_and(|at| at <= now) {
            self.desired = false;
            self.quiet_until = None;
        }
    }

    /// The state to send, if the server does not have it yet.
    pub fn pending(&self) -> Option<bool> {
        (self.sent != Some(self.desired)).then_some(self.desired)
    }
}
