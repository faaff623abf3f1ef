//! Pre-chat checks: availability, available slots, estimated wait time (§ 4.1–4.3).

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::Document;
use super::lenient;

/// `{"availability": …}`: whether agents can take a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// `{"availability": true|false}` (also `"true"`/`"false"`).
    Available(bool),
    /// Several skills asked at once (observed):
    /// `{"availability": {"AvailabilityForSkills": {"skillAvailability": [...]}}}`.
    PerSkill(Vec<SkillAvailability>),
}

impl Availability {
    /// Whether at least one agent (of any requested skill) can take a chat.
    pub fn any_available(&self) -> bool {
        match self {
            Availability::Available(b) => *b,
            Availability::PerSkill(skills) => skills.iter().any(|s| s.available),
        }
    }
}

/// One element of `skillAvailability`: `{"skill": "Billing", "isAvailable": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillAvailability {
    /// `skill`.
    #[serde(deserialize_with = "lenient::text")]
    pub skill: String,
    /// `isAvailable`.
    #[serde(
        rename = "isAvailable",
        alias = "available",
        default,
        deserialize_with = "lenient::flag"
    )]
    pub available: bool,
}

/// `AvailabilityForSkills` wrapper of the multi-skill form.
#[derive(Serialize, Deserialize)]
struct ForSkills {
    #[serde(rename = "AvailabilityForSkills")]
    for_skills: SkillList,
}

#[derive(Serialize, Deserialize)]
struct SkillList {
    #[serde(
        rename = "skillAvailability",
        default,
        deserialize_with = "lenient::one_or_many"
    )]
    skills: Vec<SkillAvailability>,
}

impl<'de> Deserialize<'de> for Availability {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Availability;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or an AvailabilityForSkills object")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Availability, E> {
                Ok(Availability::Available(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Availability, E> {
                lenient::flag(de::value::StrDeserializer::<E>::new(v)).map(Availability::Available)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Availability, A::Error> {
                let f = ForSkills::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Availability::PerSkill(f.for_skills.skills))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Availability {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Availability::Available(b) => s.serialize_bool(*b),
            Availability::PerSkill(skills) => {
                let mut m = s.serialize_map(Some(1))?;
                let list = SkillListRef { skills };
                m.serialize_entry("AvailabilityForSkills", &list)?;
                m.end()
            }
        }
    }
}

#[derive(Serialize)]
struct SkillListRef<'a> {
    #[serde(rename = "skillAvailability")]
    skills: &'a [SkillAvailability],
}

/// `{"availableSlots": n}`: free concurrent-chat capacity right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvailableSlots {
    /// `-1`: unlimited.
    Unlimited,
    /// That many free slots.
    Count(u32),
}

impl<'de> Deserialize<'de> for AvailableSlots {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match lenient::int::<_, i64>(d)? {
            -1 => Ok(AvailableSlots::Unlimited),
            n => u32::try_from(n)
                .map(AvailableSlots::Count)
                .map_err(|_| de::Error::custom(format_args!("invalid slot count {n}"))),
        }
    }
}

impl Serialize for AvailableSlots {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AvailableSlots::Unlimited => s.serialize_i64(-1),
            AvailableSlots::Count(n) => s.serialize_u32(*n),
        }
    }
}

/// `{"estimatedWaitTime": n}`: seconds until an agent is expected, or a sentinel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstimatedWaitTime {
    /// That many seconds; `0` means a chat can start at once.
    Seconds(u32),
    /// `-1`: no agent online, or the chat service is unavailable.
    NoAgentOnline,
    /// `-2`: service available, not enough data to estimate.
    NotEnoughData,
    /// Any other (undocumented) value.
    Other(i64),
}

impl EstimatedWaitTime {
    /// Whether an agent has spare capacity right now (`0`).
    pub fn is_immediate(self) -> bool {
        self == EstimatedWaitTime::Seconds(0)
    }

    /// The wire number.
    pub fn as_i64(self) -> i64 {
        match self {
            EstimatedWaitTime::Seconds(n) => i64::from(n),
            EstimatedWaitTime::NoAgentOnline => -1,
            EstimatedWaitTime::NotEnoughData => -2,
            EstimatedWaitTime::Other(n) => n,
        }
    }

    /// Reads the wire number.
    pub fn from_i64(n: i64) -> Self {
        match n {
            -1 => EstimatedWaitTime::NoAgentOnline,
            -2 => EstimatedWaitTime::NotEnoughData,
            n => u32::try_from(n).map_or(EstimatedWaitTime::Other(n), EstimatedWaitTime::Seconds),
        }
    }
}

impl<'de> Deserialize<'de> for EstimatedWaitTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::int::<_, i64>(d).map(EstimatedWaitTime::from_i64)
    }
}

impl Serialize for EstimatedWaitTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.as_i64())
    }
}

impl Document for Availability {
    const NAME: &'static str = "availability";
    const ENVELOPE: Option<&'static str> = Some("availability");
}

impl Document for AvailableSlots {
    const NAME: &'static str = "available slots";
    const ENVELOPE: Option<&'static str> = Some("availableSlots");
}

impl Document for EstimatedWaitTime {
    const NAME: &'static str = "estimated wait time";
    const ENVELOPE: Option<&'static str> = Some("estimatedWaitTime");
}
