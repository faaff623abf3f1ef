//! Single-pass decoding of one event.
//!
//! Known members are read straight into typed slots for the event's type; only `url`,
//! `line-status` and unknown types (rare) are kept as raw JSON, a `line-status` being typed
//! from it afterwards so that one that does not fit is kept rather than refused. Members that
//! precede the type key (rare: `@id` and `time` are read typed anyway) are held as JSON until
//! the type is known.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::a2a::A2aTransfer;
use super::chat_state::ChatState;
use super::event::{EventBody, StreamEvent};
use super::id::Id;
use super::lenient;
use super::line::{Line, LineSource, TextType};
use super::line_status::LineStatus;
use super::link::Links;
use super::system_message::SystemMessage;

impl<'de> Deserialize<'de> for StreamEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EventVisitor)
    }
}

/// StreamEvent members this model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Time,
    AtType,
    Type,
    State,
    Text,
    TextType,
    By,
    Source,
    SystemMessageId,
    SubType,
    Json,
    Metadata,
    Domain,
    RemoteSiteId,
    ChatRequestParameters,
    Link,
    Skill,
    A2aEventId,
    A2aSourceSessionId,
    A2aSourceSiteId,
}

impl Field {
    const ALL: [(&'static str, Field); 21] = [
        ("@id", Field::Id),
        ("time", Field::Time),
        ("@type", Field::AtType),
        ("type", Field::Type),
        ("state", Field::State),
        ("text", Field::Text),
        ("textType", Field::TextType),
        ("by", Field::By),
        ("source", Field::Source),
        ("systemMessageId", Field::SystemMessageId),
        ("subType", Field::SubType),
        ("json", Field::Json),
        ("metadata", Field::Metadata),
        ("domain", Field::Domain),
        ("remoteSiteId", Field::RemoteSiteId),
        ("chatRequestParameters", Field::ChatRequestParameters),
        ("link", Field::Link),
        ("skill", Field::Skill),
        ("a2aEventId", Field::A2aEventId),
        ("a2aSourceSessionId", Field::A2aSourceSessionId),
        ("a2aSourceSiteId", Field::A2aSourceSiteId),
    ];

    fn from_name(name: &str) -> Option<Field> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    /// Whether this member means something for events of `kind`.
    fn applies_to(self, kind: &Kind) -> bool {
        use Field::*;
        match kind {
            Kind::State => matches!(self, State),
            Kind::Line => matches!(
                self,
                Text | TextType | By | Source | SystemMessageId | SubType | Json | Metadata
            ),
            Kind::A2a => matches!(
                self,
                Domain
                    | RemoteSiteId
                    | ChatRequestParameters
                    | Link
                    | Skill
                    | A2aEventId
                    | A2aSourceSessionId
                    | A2aSourceSiteId
            ),
            Kind::Url | Kind::LineStatus | Kind::Other(_) => false,
        }
    }
}

/// `@type` values.
enum Kind {
    State,
    Line,
    Url,
    A2a,
    LineStatus,
    Other(String),
}

impl Kind {
    fn from_wire(s: String) -> Kind {
        match s.as_str() {
            "state" => Kind::State,
            "line" => Kind::Line,
            "url" => Kind::Url,
            "a2a-transfer" => Kind::A2a,
            "line-status" => Kind::LineStatus,
            _ => Kind::Other(s),
        }
    }

    fn keeps_raw(&self) -> bool {
        matches!(self, Kind::Url | Kind::LineStatus | Kind::Other(_))
    }
}

/// A member name: known ones without allocating, others borrowed from the input when possible.
enum Key<'de> {
    Known(Field),
    Other(Cow<'de, str>),
}

impl Key<'_> {
    fn name(&self) -> &str {
        match self {
            Key::Known(f) => f.name(),
            Key::Other(n) => n,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Field::from_name(v).map_or(Key::Other(Cow::Borrowed(v)), Key::Known))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Field::from_name(v).map_or_else(|| Key::Other(Cow::Owned(v.to_owned())), Key::Known))
    }
}

/// `@id`: a non-negative integer, as a number or a numeric string (remembering which).
struct EventId {
    value: u64,
    was_string: bool,
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EventId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event `@id` (non-negative integer, maybe as a string)")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<EventId, E> {
                Ok(EventId {
                    value,
                    was_string: false,
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EventId, E> {
                match v.parse::<u64>() {
                    Ok(value) if !v.starts_with('+') => Ok(EventId {
                        value,
                        was_string: true,
                    }),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Collects an event's members until the map ends.
#[derive(Default)]
struct Builder<'de> {
    id: Option<EventId>,
    time: Option<String>,
    type_key: &'static str,
    kind: Option<Kind>,
    state: Option<ChatState>,
    line: Line,
    a2a: A2aTransfer,
    links: Links,
    a2a_ids: Vec<(&'static str, Value)>,
    pending: Vec<(Key<'de>, Value)>,
    raw: Map<String, Value>,
}

impl<'de> Builder<'de> {
    /// Reads one member that applies to the (known) kind.
    fn apply<'a, D: Deserializer<'a>>(&mut self, field: Field, d: D) -> Result<(), D::Error> {
        match field {
            Field::Id => self.id = Some(EventId::deserialize(d)?),
            Field::Time => self.time = lenient::opt_text(d)?,
            Field::State => self.state = Option::<ChatState>::deserialize(d)?,
            Field::Text => self.line.text = lenient::text(d)?,
            Field::TextType => {
                self.line.text_type = Option::<TextType>::deserialize(d)?.unwrap_or_default()
            }
            Field::By => self.line.by = lenient::opt_text(d)?,
            Field::Source => {
                self.line.source = Option::<LineSource>::deserialize(d)?.unwrap_or_default()
            }
            Field::SystemMessageId => {
                self.line.system_message =
                    lenient::opt_int::<_, u64>(d)?.map(SystemMessage::from_id)
            }
            Field::SubType => self.line.sub_type = lenient::opt_text(d)?,
            Field::Json => self.line.json = Option::<Box<Value>>::deserialize(d)?,
            Field::Metadata => self.line.metadata = lenient::one_or_many(d)?,
            Field::Domain => self.a2a.domain = lenient::opt_text(d)?,
            Field::RemoteSiteId => self.a2a.remote_site_id = Option::<Id>::deserialize(d)?,
            Field::ChatRequestParameters => {
                self.a2a.chat_request_parameters = parameters(Value::deserialize(d)?)
            }
            Field::Link => self.links = Links::deserialize(d)?,
            Field::Skill => self.a2a.skill = lenient::opt_text(d)?,
            Field::A2aEventId | Field::A2aSourceSessionId | Field::A2aSourceSiteId => {
                self.a2a_ids.push((field.name(), Value::deserialize(d)?))
            }
            Field::AtType | Field::Type => {
                IgnoredAny::deserialize(d)?;
            }
        }
        Ok(())
    }

    /// Records the type; replays or keeps the members read before it.
    fn set_kind<E: de::Error>(&mut self, key: Field, kind: Kind) -> Result<(), E> {
        let pending = std::mem::take(&mut self.pending);
        if kind.keeps_raw() {
            for (k, v) in pending {
                self.raw.insert(k.name().to_owned(), v);
            }
        } else {
            for (k, v) in pending {
                if let Key::Known(f) = k {
                    if f.applies_to(&kind) {
                        self.apply(f, v).map_err(E::custom)?;
                    }
                }
            }
        }
        self.type_key = key.name();
        self.kind = Some(kind);
        Ok(())
    }

    /// The raw members with `@id`, `time` and the type key put back as they were sent.
    fn take_raw(&mut self, id: &EventId, kind: &str) -> Map<String, Value> {
        let mut raw = std::mem::take(&mut self.raw);
        let id_value = if id.was_string {
            Value::String(id.value.to_string())
        } else {
            Value::from(id.value)
        };
        raw.insert("@id".to_owned(), id_value);
        if let Some(time) = &self.time {
            raw.insert("time".to_owned(), Value::String(time.clone()));
        }
        raw.insert(self.type_key.to_owned(), Value::String(kind.to_owned()));
        raw
    }

    fn finish<E: de::Error>(mut self) -> Result<StreamEvent, E> {
        let id = self
            .id
            .take()
            .ok_or_else(|| E::custom("event without `@id`"))?;
        let kind = self
            .kind
            .take()
            .ok_or_else(|| E::custom("event without `@type`"))?;
        let body = match kind {
            Kind::State => EventBody::State(
                self.state
                    .ok_or_else(|| E::custom("state event without `state`"))?,
            ),
            Kind::Line => EventBody::Line(self.line),
            Kind::A2a => {
                let mut a2a = self.a2a;
                for (name, v) in self.a2a_ids {
                    a2a.chat_request_parameters.entry(name).or_insert(v);
                }
                if a2a.skill.is_none() {
                    a2a.skill = a2a
                        .chat_request_parameters
                        .get("skill")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                }
                a2a.link = self.links.get("a2a-transfer").map(str::to_owned);
                EventBody::A2aTransfer(a2a)
            }
            Kind::Url => EventBody::Url(self.take_raw(&id, "url")),
            Kind::LineStatus => {
                let raw = self.take_raw(&id, "line-status");
                match LineStatus::from_members(&raw) {
                    Some(ls) => EventBody::LineStatus(ls),
                    None => EventBody::Other {
                        kind: "line-status".to_owned(),
                        raw: Value::Object(raw),
                    },
                }
            }
            Kind::Other(kind) => {
                let raw = self.take_raw(&id, &kind);
                EventBody::Other {
                    kind,
                    raw: Value::Object(raw),
                }
            }
        };
        Ok(StreamEvent {
            id: id.value,
            time: self.time,
            body,
        })
    }
}

/// `chatRequestParameters`: an object; also accepted as a string holding a JSON object.
/// Anything else (undocumented) yields no parameters rather than failing the whole poll.
fn parameters(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        Value::String(s) => serde_json::from_str(&s).unwrap_or_default(),
        _ => Map::new(),
    }
}

/// Reads one member into the builder (used through `MapAccess::next_value_seed`).
struct FieldSeed<'b, 'de> {
    builder: &'b mut Builder<'de>,
    field: Field,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.builder.apply(self.field, d)
    }
}

/// Where a member read after (or before) the type key goes.
enum Route {
    Pending,
    Raw,
    Typed(Field),
    Skip,
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = StreamEvent;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StreamEvent, A::Error> {
        let mut b = Builder::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Known(f @ (Field::Id | Field::Time)) => {
                    map.next_value_seed(FieldSeed {
                        builder: &mut b,
                        field: f,
                    })?;
                }
                Key::Known(f @ (Field::AtType | Field::Type)) if b.kind.is_none() => {
                    let kind = Kind::from_wire(map.next_value::<String>()?);
                    b.set_kind(f, kind)?;
                }
                key => {
                    let route = match &b.kind {
                        None => Route::Pending,
                        Some(kind) if kind.keeps_raw() => Route::Raw,
                        Some(kind) => match key {
                            Key::Known(f) if f.applies_to(kind) => Route::Typed(f),
                            _ => Route::Skip,
                        },
                    };
                    match route {
                        Route::Pending => {
                            let v = map.next_value::<Value>()?;
                            b.pending.push((key, v));
                        }
                        Route::Raw => {
                            let v = map.next_value::<Value>()?;
                            b.raw.insert(key.name().to_owned(), v);
                        }
                        Route::Typed(field) => map.next_value_seed(FieldSeed {
                            builder: &mut b,
                            field,
                        })?,
                        Route::Skip => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
            }
        }
        b.finish()
    }
}
