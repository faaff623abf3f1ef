//! The visitor's commands on the chat: each records intent and schedules work; nothing is sent
//! until the host drains `poll_output`.

use super::*;

impl ChatSession {
    /// Asks for a chat with the configured [`ChatRequest`](crate::wire::ChatRequest).
    pub fn request_chat(&mut self, now: Instant) -> Result<(), Error> {
        self.tick(now);
        self.begin_request()
    }

    /// Continues a chat the server already created, instead of requesting one: the `Location` of
    /// a visitor authentication answered 201 ([`Authentication::location`]). The URL must be on
    /// the session's origin, which the authentication call resolved.
    pub fn join_chat(&mut self, url: &str, now: Instant) -> Result<(), Error> {
        self.tick(now);
        self.join(url)
    }

    /// Queues a line. It goes once an agent has joined, after every line queued before it, and
    /// ends in exactly one [`Event::LineDelivered`] or [`Event::LineFailed`].
    pub fn send_line(&mut self, text: impl Into<String>, now: Instant) -> Result<LineId, Error> {
        self.queue_line(text.into(), None, now)
    }

    /// Queues a rich-content line (`textType: rich-content`): `text` for consoles that show no
    /// cards, the structured content `json`, and `metadata`, as LivePerson's SDK sends
    /// `addLine({text, json, metadata})`. It is ordered, retried and reported as
    /// [`send_line`](Self::send_line) is; `text` must not be blank, as the server's echo of the
    /// line is recognised by it.
    ///
    /// To answer a card's [`Choice`](crate::wire::Choice) so, send its published text with the
    /// element and its click metadata: see [`Choice::rich_answer`](crate::wire::Choice::rich_answer).
    /// Whether every agent console relays such a line is not observed; a plain
    /// [`send_line`](Self::send_line) of [`Choice::answer`](crate::wire::Choice::answer) is the
    /// form known to work.
    pub fn send_rich_line(&mut self, line: wire::RichLine, now: Instant) -> Result<LineId, Error> {
        let rich = RichParts {
            json: line.json,
            metadata: line.metadata,
        };
        self.queue_line(line.text, Some(Box::new(rich)), now)
    }

    fn queue_line(
        &mut self,
        text: String,
        rich: Option<Box<RichParts>>,
        now: Instant,
    ) -> Result<LineId, Error> {
        self.tick(now);
        if text.trim().is_empty() {
            return Err(Error::EmptyLine);
        }
        self.require_open_chat()?;
        let id = LineId(self.ids.next_line);
        // Resume refuses a snapshot whose counter could run out.
        self.ids.next_line = self.ids.next_line.saturating_add(1);
        self.outbox.queue.push_back(QueuedLine { id, text, rich });
        let now = self.now;
        self.ch(Lane::Line).schedule(now);
        Ok(id)
    }

    /// Says whether the visitor is typing. Only changes reach the server; "typing" lapses by
    /// itself after [`ChatConfig::typing_quiet`] unless repeated.
    pub fn set_typing(&mut self, typing: bool, now: Instant) -> Result<(), Error> {
        self.tick(now);
        self.require_open_chat()?;
        self.typing
            .set(typing, later(self.now, self.config.typing_quiet));
        let now = self.now;
        self.ch(Lane::Typing).schedule(now);
        Ok(())
    }

    /// Sets the visitor's display name. The latest name wins.
    pub fn set_visitor_name(&mut self, name: impl Into<String>, now: Instant) -> Result<(), Error> {
        self.tick(now);
        self.require_open_chat()?;
        self.pending_name = Some(name.into());
        let now = self.now;
        self.ch(Lane::Name).schedule(now);
        Ok(())
    }

    /// Ends the chat. Lines already queued go first if an agent is there; otherwise they fail.
    pub fn end_chat(&mut self, now: Instant) -> Result<(), Error> {
        self.tick(now);
        self.ask_end()
    }

    fn require_open_chat(&self) -> Result<(), Error> {
        match self.stage.phase() {
            Phase::Idle => Err(Error::NoChat),
            Phase::Ending | Phase::Ended => Err(Error::ChatEnded),
            Phase::Requesting | Phase::Live => Ok(()),
        }
    }
}
