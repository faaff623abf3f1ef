//! A lenient reader of LivePerson structured content: the card in the `json` member of a
//! rich-content line (observed-behaviour § 3.2).
//!
//! The format is LivePerson's "structured content" (documented for Messaging, not for this
//! API): elements with a `type` (`vertical`, `horizontal`, `text`, `button`, `image`, `map`,
//! `carousel`, …), layouts nesting `elements`, `text` and `title` members, and clickable
//! elements with `click: {"actions": [{"type": "publishText", "text": …}], "metadata": […]}`.
//! Reading never fails: a shape it does not know yields what it can (unknown types are kept in
//! `Other`, missing members are `None`, stray values are skipped).

use serde_json::{Map, Value};

use super::line_status::metadata;
use super::outgoing_event::OutgoingEvent;
use super::string_enum::string_enum;

/// Deeper elements are ignored: a card is a few levels deep, and the walk must stay bounded.
const MAX_DEPTH: usize = 32;

/// A structured-content card, read from a line's `json` with [`Card::from_json`] (or
/// [`Line::card`](super::Line::card)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    /// The outermost element: usually a layout (`vertical`), or a lone element.
    pub root: Element,
    /// Every choice of the card (buttons, and other elements whose click publishes text), in
    /// document order.
    pub choices: Vec<Choice>,
}

/// One element of a card. Members that do not apply to its type are `None` or empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// `type`; `Other("")` when absent.
    pub kind: ElementKind,
    /// `text`: what a `text` element says.
    pub text: Option<String>,
    /// `title`: a button's label (also on images and other elements).
    pub title: Option<String>,
    /// `tooltip`.
    pub tooltip: Option<String>,
    /// `url`: an image's address.
    pub url: Option<String>,
    /// `click`: what activating the element does.
    pub click: Option<Click>,
    /// Nested elements: `elements` of a layout or carousel, then `replies` of quick replies.
    pub elements: Vec<Element>,
}

/// `click` of an element: `{"actions": [...], "metadata": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Click {
    /// `actions`, in order; entries that are not objects are skipped.
    pub actions: Vec<Action>,
    /// `metadata`: free-form entries (e.g. `{"type": "ExternalId", "id": …}`) identifying the
    /// choice to the agent's side.
    pub metadata: Vec<Value>,
}

/// One entry of `click.actions`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    /// `type`; `Other("")` when absent.
    pub kind: ActionKind,
    /// `text`: what a `publishText` action says for the visitor.
    pub text: Option<String>,
    /// `uri`: where a `link` action goes.
    pub uri: Option<String>,
    /// `name`.
    pub name: Option<String>,
}

string_enum! {
    /// `type` of a structured-content element.
    pub enum ElementKind {
        /// `vertical`: a layout stacking its `elements`.
        Vertical = "vertical",
        /// `horizontal`: a layout putting its `elements` side by side.
        Horizontal = "horizontal",
        /// `text`.
        Text = "text",
        /// `button`: a choice.
        Button = "button",
        /// `image`.
        Image = "image",
        /// `map`.
        Map = "map",
        /// `carousel`: a list of cards.
        Carousel = "carousel",
        /// `quickReplies`: buttons offered as answers (Messaging).
        QuickReplies = "quickReplies",
    }
}

impl Default for ElementKind {
    /// An element without `type`: its kind is unknown, not guessed.
    fn default() -> Self {
        ElementKind::Other(String::new())
    }
}

string_enum! {
    /// `type` of a click action.
    pub enum ActionKind {
        /// `publishText`: the visitor says `text`.
        PublishText = "publishText",
        /// `link`: open `uri`.
        Link = "link",
        /// `navigate`: open a map location.
        Navigate = "navigate",
    }
}

impl Default for ActionKind {
    /// An action without `type`.
    fn default() -> Self {
        ActionKind::Other(String::new())
    }
}

/// A choice the card offers: a button, or another element whose click publishes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What to show: the `title`, else the published text, else `tooltip`, else `text`; may
    /// be empty.
    pub label: String,
    /// The `text` of its first `publishText` action: what choosing it says.
    pub text: Option<String>,
    /// The `uri` of its first `link` action.
    pub link: Option<String>,
    /// `click.metadata`.
    pub metadata: Vec<Value>,
    /// The element as sent.
    pub element: Value,
}

impl Choice {
    /// The visitor's answer as a plain line: the published text, which is what a
    /// `publishText` click means; send it with
    /// [`ChatSession::send_line`](crate::ChatSession::send_line). `None` when the choice
    /// publishes nothing (e.g. a link only).
    ///
    /// LivePerson's SDK sends `metadata` only together with `json`, so a plain line cannot
    /// carry the click metadata; use [`Choice::rich_answer`] when the agent's side needs it.
    pub fn answer(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The answer as a rich-content line: the published text, the chosen element as `json` and
    /// the click metadata as `metadata`; send it with
    /// [`ChatSession::send_rich_line`](crate::ChatSession::send_rich_line). `None` when the
    /// choice publishes nothing.
    ///
    /// The line's shape is what LivePerson's SDK 3.1.0 sends for `addLine({text, json,
    /// metadata})`; that an answer to a choice is sent this way, and what the agent's side makes
    /// of it, is inferred, not observed. [`Choice::answer`] is the form known to work.
    pub fn rich_answer(&self) -> Option<RichLine> {
        Some(RichLine {
            text: self.text.clone()?,
            json: self.element.clone(),
            metadata: self.metadata.clone(),
        })
    }
}

/// A rich-content line the visitor sends: posted as
/// `{"@type": "line", "text": …, "textType": "rich-content", "json": …, "metadata": […]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RichLine {
    /// `text`: what consoles that show no cards show, and how the line's echo is recognised.
    pub text: String,
    /// `json`: the structured content.
    pub json: Value,
    /// `metadata`: free-form entries, `[]` when empty.
    pub metadata: Vec<Value>,
}

impl From<RichLine> for OutgoingEvent {
    fn from(line: RichLine) -> Self {
        OutgoingEvent::RichContent {
            text: Some(line.text),
            json: line.json,
            metadata: line.metadata,
        }
    }
}

impl Card {
    /// Reads a card. Also accepts a JSON string holding the card, and an array of elements (as
    /// a root without a type). Never fails.
    pub fn from_json(json: &Value) -> Card {
        let parsed;
        let json = match json {
            Value::String(s) => match serde_json::from_str::<Value>(s) {
                Ok(v @ (Value::Object(_) | Value::Array(_))) => {
                    parsed = v;
                    &parsed
                }
                _ => json,
            },
            _ => json,
        };
        let mut choices = Vec::new();
        let root = read(json, 0, &mut choices);
        Card { root, choices }
    }

    /// The text of every `text` element, in document order.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_texts(&self.root, &mut out);
        out
    }

    /// The card's text: its [`texts`](Card::texts), one per line.
    pub fn to_text(&self) -> String {
        self.texts().join("\n")
    }
}

fn collect_texts<'a>(e: &'a Element, out: &mut Vec<&'a str>) {
    if e.kind == ElementKind::Text {
        if let Some(text) = &e.text {
            out.push(text);
        }
    }
    for child in &e.elements {
        collect_texts(child, out);
    }
}

/// Reads one element (and its children), adding the choices found to `choices`.
fn read(v: &Value, depth: usize, choices: &mut Vec<Choice>) -> Element {
    if depth > MAX_DEPTH {
        return Element::default();
    }
    match v {
        Value::Object(m) => read_object(v, m, depth, choices),
        Value::Array(items) => Element {
            elements: items
                .iter()
                .map(|item| read(item, depth + 1, choices))
                .collect(),
            ..Element::default()
        },
        // A bare string among elements reads as a text element.
        Value::String(s) => Element {
            kind: ElementKind::Text,
            text: Some(s.clone()),
            ..Element::default()
        },
        _ => Element::default(),
    }
}

fn read_object(
    v: &Value,
    m: &Map<String, Value>,
    depth: usize,
    choices: &mut Vec<Choice>,
) -> Element {
    let kind =
        text(m.get("type")).map_or_else(ElementKind::default, |t| ElementKind::from_wire(&t));
    let click = m.get("click").and_then(Value::as_object).map(read_click);
    let element = Element {
        kind,
        text: text(m.get("text")),
        title: text(m.get("title")),
        tooltip: text(m.get("tooltip")),
        url: text(m.get("url")),
        click,
        elements: Vec::new(),
    };
    if let Some(choice) = choice_of(&element, v) {
        choices.push(choice);
    }
    let children = ["elements", "replies", "quickReplies"]
        .iter()
        .filter_map(|key| m.get(*key))
        .flat_map(|c| match c {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            Value::Null => Vec::new(),
            lone => vec![lone],
        })
        .map(|child| read(child, depth + 1, choices))
        .collect();
    Element {
        elements: children,
        ..element
    }
}

fn read_click(m: &Map<String, Value>) -> Click {
    let actions = match m.get("actions") {
        Some(Value::Array(items)) => items.iter().filter_map(read_action).collect(),
        Some(lone) => read_action(lone).into_iter().collect(),
        None => Vec::new(),
    };
    Click {
        actions,
        metadata: metadata(m.get("metadata")),
    }
}

fn read_action(v: &Value) -> Option<Action> {
    let m = v.as_object()?;
    Some(Action {
        kind: text(m.get("type")).map_or_else(ActionKind::default, |t| ActionKind::from_wire(&t)),
        text: text(m.get("text")),
        uri: text(m.get("uri")),
        name: text(m.get("name")),
    })
}

/// The choice an element offers: every button, and any element whose click publishes text.
fn choice_of(e: &Element, raw: &Value) -> Option<Choice> {
    let actions = e.click.as_ref().map_or(&[][..], |c| &c.actions[..]);
    let first = |kind: ActionKind, get: fn(&Action) -> &Option<String>| {
        actions
            .iter()
            .filter(|a| a.kind == kind)
            .find_map(|a| get(a).clone())
    };
    let text = first(ActionKind::PublishText, |a| &a.text);
    if e.kind != ElementKind::Button && text.is_none() {
        return None;
    }
    let label = [&e.title, &text, &e.tooltip, &e.text]
        .into_iter()
        .find_map(|t| t.clone())
        .unwrap_or_default();
    Some(Choice {
        label,
        link: first(ActionKind::Link, |a| &a.uri),
        text,
        metadata: e
            .click
            .as_ref()
            .map(|c| c.metadata.clone())
            .unwrap_or_default(),
        element: raw.clone(),
    })
}

/// A member as text: strings as they are, numbers and booleans written out; else `None`.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
