//! The chat's links, kept compact: most hrefs share the chat URL as a prefix, so only the rest is
//! stored. A gateway holding many idle chats pays for a few short suffixes, not a dozen URLs.

use serde::{Deserialize, Serialize};

/// The link relations the session acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Rel {
    Next,
    Events,
    Info,
    VisitorName,
    VisitorTyping,
    AgentTyping,
    ExitSurvey,
    TranscriptRequest,
    TranscriptWithSubject,
}

impl Rel {
    /// The relation's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Rel::Next => "next",
            Rel::Events => "events",
            Rel::Info => "info",
            Rel::VisitorName => "visitor-name",
            Rel::VisitorTyping => "visitor-typing",
            Rel::AgentTyping => "agent-typing",
            Rel::ExitSurvey => "exit-survey",
            Rel::TranscriptRequest => "transcript-request",
            Rel::TranscriptWithSubject => "transcript-with-subject-request",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ChatLinks {
    /// The chat-session URL from `Location`.
    chat: String,
    /// Admitted links by relation; a leading `+` marks a suffix of `chat`.
    rels: Vec<(Rel, Box<str>)>,
    /// The last href refused for each relation, so that a server repeating it is reported once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    refused: Vec<(Rel, Box<str>)>,
}

impl ChatLinks {
    pub fn new(chat: String) -> Self {
        Self {
            chat,
            rels: Vec::new(),
            refused: Vec::new(),
        }
    }

    pub fn chat(&self) -> &str {
        &self.chat
    }

    pub fn get(&self, rel: Rel) -> Option<String> {
        let (_, stored) = self.rels.iter().find(|(r, _)| *r == rel)?;
        Some(match stored.strip_prefix('+') {
            Some(suffix) => format!("{}{suffix}", self.chat),
            None => stored.to_string(),
        })
    }

    /// Whether `href` is, character for character, the link stored for `rel`.
    pub fn holds(&self, rel: Rel, href: &str) -> bool {
        let Some((_, stored)) = self.rels.iter().find(|(r, _)| *r == rel) else {
            return false;
        };
        match stored.strip_prefix('+') {
            Some(suffix) => href.strip_prefix(self.chat.as_str()) == Some(suffix),
            None => **stored == *href,
        }
    }

    /// Records a refused href; returns whether it is news: the first refusal of `rel` since it
    /// was last admitted. A server repeating a foreign `next` link with a new cursor each time
    /// is reported once, not on every read.
    pub fn refuse(&mut self, rel: Rel, href: &str) -> bool {
        match self.refused.iter_mut().find(|(r, _)| *r == rel) {
            Some((_, old)) => {
                *old = href.into();
                false
            }
            None => {
                self.refused.push((rel, href.into()));
                true
            }
        }
    }

    /// Every stored link, expanded.
    pub fn all(&self) -> impl Iterator<Item = String> + '_ {
        self.rels.iter().filter_map(|(rel, _)| self.get(*rel))
    }

    /// Drops the link stored for `rel`.
    pub fn forget(&mut self, rel: Rel) {
        self.rels.retain(|(r, _)| *r != rel);
    }

    /// Records an (already admitted) href; returns whether it changed.
    pub fn set(&mut self, rel: Rel, href: &str) -> bool {
        self.refused.retain(|(r, _)| *r != rel);
        let stored: Box<str> = match href.strip_prefix(self.chat.as_str()) {
            Some(suffix) => format!("+{suffix}").into(),
            None => href.into(),
        };
        match self.rels.iter_mut().find(|(r, _)| *r == rel) {
            Some((_, old)) if *old == stored => false,
            Some((_, old)) => {
                *old = stored;
                true
            }
            None => {
                // A handful of links, kept for the chat's whole life: no spare capacity.
                self.rels.reserve_exact(1);
                self.rels.push((rel, stored));
                true
            }
        }
    }

    /// Whether `href` is the link stored for `rel` with only another query, made of plain
    /// characters (letters, digits, `=&-._~`). Everything before the query was admitted already
    /// and the URL parser keeps such a query as it is, so `href` needs no new parse: the `next`
    /// link of a chat changes only its cursor from one read to the next.
    pub fn requeried(&self, rel: Rel, href: &str) -> bool {
        let Some((_, stored)) = self.rels.iter().find(|(r, _)| *r == rel) else {
            return false;
        };
        let Some((base, query)) = href.split_once('?') else {
            return false;
        };
        let plain = |b: u8| b.is_ascii_alphanumeric() || b"=&-._~".contains(&b);
        let (head, rest) = match stored.strip_prefix('+') {
            Some(suffix) => (self.chat.as_str(), suffix),
            None => ("", &**stored),
        };
        let admitted = rest.split('?').next().unwrap_or_default();
        !base.contains('#') && query.bytes().all(plain) && base.strip_prefix(head) == Some(admitted)
    }

    /// The `from` cursor of the stored `next` link.
    pub fn next_cursor(&self) -> Option<u64> {
        cursor_in(&self.get(Rel::Next)?)
    }

    /// The URL the next poll reads: the latest `next` link, or the chat itself before any. With
    /// no usable `next` link (none given, or one refused), the chat from the first event not
    /// delivered yet, so that a read does not fetch the whole stream again.
    pub fn poll_url(&self, cursor: u64) -> String {
        match self.get(Rel::Next) {
            Some(next) => next,
            None if cursor > 0 => with_from(&self.chat, cursor),
            None => self.chat.clone(),
        }
    }

    /// Points the `next` link at `from` instead of where the server said: after a read that
    /// delivered only part of its batch, the rest is read again from the cursor.
    pub fn rewind_next(&mut self, from: u64) {
        let base = self.get(Rel::Next).unwrap_or_else(|| self.chat.clone());
        let href = with_from(&base, from);
        self.set(Rel::Next, &href);
    }
}

/// The `from` cursor of a serialised URL, read from its text without parsing the whole URL.
pub fn cursor_in(href: &str) -> Option<u64> {
    let query = href.split_once('?')?.1.split('#').next()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "from")
        .and_then(|(_, v)| v.parse().ok())
}

/// `href` with its `from` query parameter set to `from` (other parameters kept).
fn with_from(href: &str, from: u64) -> String {
    let Ok(mut url) = url::Url::parse(href) else {
        return href.to_owned();
    };
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "from")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("from", &from.to_string());
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_foreign_prefixes_round_trip() {
        let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
        assert!(links.set(Rel::Events, "https://h/api/account/1/chat/K/events"));
        assert!(!links.set(Rel::Events, "https://h/api/account/1/chat/K/events"));
        assert!(links.set(Rel::Info, "https://h/other/info"));
        assert_eq!(
            links.get(Rel::Events).as_deref(),
            Some("https://h/api/account/1/chat/K/events")
        );
        assert_eq!(
            links.get(Rel::Info).as_deref(),
            Some("https://h/other/info")
        );
        assert_eq!(links.poll_url(0), "https://h/api/account/1/chat/K");
        assert_eq!(links.poll_url(7), "https://h/api/account/1/chat/K?from=7");
    }

    #[test]
    fn a_refused_href_is_news_once() {
        let mut links = ChatLinks::new("https://h/c".into());
        assert!(links.refuse(Rel::Next, "https://evil/c?from=1"));
        assert!(!links.refuse(Rel::Next, "https://evil/c?from=1"));
        assert!(
            !links.refuse(Rel::Next, "https://evil/c?from=2"),
            "same rel, new cursor"
        );
        assert!(links.refuse(Rel::Info, "https://evil/c?from=2"));
        links.set(Rel::Next, "https://h/c?from=3");
        assert!(
            links.refuse(Rel::Next, "https://evil/c?from=4"),
            "news again once admitted"
        );
    }

    #[test]
    fn next_cursor_reads_from_of_the_stored_next_link() {
        let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
        assert_eq!(links.next_cursor(), None);
        links.set(Rel::Next, "https://h/api/account/1/chat/K?v=1&from=17#x");
        assert_eq!(links.next_cursor(), Some(17));
        links.set(Rel::Next, "https://h/api/account/1/chat/K?from=abc");
        assert_eq!(links.next_cursor(), None);
    }

    #[test]
    fn holds_only_the_exact_stored_href() {
        let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
        links.set(Rel::Next, "https://h/api/account/1/chat/K?from=4");
        links.set(Rel::Info, "https://h/other/info");
        assert!(links.holds(Rel::Next, "https://h/api/account/1/chat/K?from=4"));
        assert!(!links.holds(Rel::Next, "https://h/api/account/1/chat/K?from=5"));
        assert!(!links.holds(Rel::Next, "?from=4"));
        assert!(links.holds(Rel::Info, "https://h/other/info"));
        assert!(!links.holds(Rel::Info, "https://h/other/info/"));
        assert!(!links.holds(Rel::Events, "https://h/api/account/1/chat/K/events"));
    }

    #[test]
    fn only_a_plain_new_query_on_the_admitted_link_is_requeried() {
        let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
        links.set(
            Rel::Next,
            "https://h/api/account/1/chat/K/events?from=4&v=1",
        );
        let next = |href| links.requeried(Rel::Next, href);
        assert!(next("https://h/api/account/1/chat/K/events?from=9&v=1"));
        assert!(next("https://h/api/account/1/chat/K/events?from=9"));
        assert!(!next("https://h/api/account/1/chat/K/events"), "no query");
        assert!(
            !next("https://h/api/account/1/chat/K/events/x?from=9"),
            "another path"
        );
        assert!(
            !next("https://h/api/account/1/chat/K/../../2/chat/L?from=9"),
            "not normal"
        );
        assert!(
            !next("https://h/api/account/1/chat/K/events?from=9#frag"),
            "a fragment"
        );
        assert!(
            !next("https://h/api/account/1/chat/K/events?from=%39"),
            "an escape"
        );
        assert!(
            !next("https://evil/api/account/1/chat/K/events?from=9"),
            "another host"
        );
        assert!(!links.requeried(Rel::Info, "https://h/api/account/1/chat/K/info?x=1"));
        assert_eq!(cursor_in("https://h/x?v=1&from=12#f"), Some(12));
    }

    proptest::proptest! {
        /// A link taken without a parse is exactly what the URL parser would have made of it,
        /// and its cursor the one the parser reads.
        #[test]
        fn a_requeried_link_is_what_the_parser_would_store(
            base in "https://h/api/account/1/chat/K(/events)?(/x)?",
            query in "[A-Za-z0-9=&._~%#?/ +-]{0,24}",
        ) {
            let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
            links.set(Rel::Next, "https://h/api/account/1/chat/K/events?from=4&v=1");
            let href = format!("{base}?{query}");
            if links.requeried(Rel::Next, &href) {
                let parsed = url::Url::parse(&href).unwrap();
                proptest::prop_assert_eq!(parsed.as_str(), href.as_str());
                let from = parsed.query_pairs().find(|(k, _)| k == "from");
                proptest::prop_assert_eq!(cursor_in(&href), from.and_then(|(_, v)| v.parse().ok()));
            }
        }
    }

    #[test]
    fn rewinding_keeps_the_server_link_but_its_cursor() {
        let mut links = ChatLinks::new("https://h/api/account/1/chat/K".into());
        links.set(
            Rel::Next,
            "https://h/api/account/1/chat/K/events?v=1&from=900",
        );
        links.rewind_next(12);
        assert_eq!(
            links.get(Rel::Next).as_deref(),
            Some("https://h/api/account/1/chat/K/events?v=1&from=12")
        );
    }
}
