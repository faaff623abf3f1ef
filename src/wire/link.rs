//! Hypermedia links (`link` elements), looked up by relation.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::lenient::OneOrMany;

/// One `link` element: `{"@href": …, "@rel": …}` (also accepted without the `@`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    /// `@rel`: the relation, e.g. `next`, `events`, `visitor-typing`.
    pub rel: String,
    /// `@href`: the absolute URL, used as given.
    pub href: String,
}

/// The `link` collection of a resource: one object, an array, `null` or absent (empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Links(pub Vec<Hyperlink>);

impl Links {
    /// The `href` of the first link with relation `rel`; never looked up by position.
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|l| l.rel == rel)
            .map(|l| l.href.as_str())
    }

    /// Every link, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, Hyperlink> {
        self.0.iter()
    }

    /// Whether there are no links.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Links {
    type Item = &'a Hyperlink;
    type IntoIter = std::slice::Iter<'a, Hyperlink>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneOrMany(PhantomData)).map(Links)
    }
}

impl Serialize for Links {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl Serialize for Hyperlink {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Link", 2)?;
        m.serialize_field("@href", &self.href)?;
        m.serialize_field("@rel", &self.rel)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Hyperlink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LinkVisitor)
    }
}

/// Which member of a link a key names; both spellings map to the same member.
enum LinkKey {
    Href,
    Rel,
    Other,
}

impl<'de> Deserialize<'de> for LinkKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = LinkKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a link member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LinkKey, E> {
                Ok(match v {
                    "@href" | "href" => LinkKey::Href,
                    "@rel" | "rel" => LinkKey::Rel,
                    _ => LinkKey::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

struct LinkVisitor;

impl<'de> Visitor<'de> for LinkVisitor {
    type Value = Hyperlink;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a link object with href and rel")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hyperlink, A::Error> {
        let (mut href, mut rel) = (None, None);
        while let Some(key) = map.next_key::<LinkKey>()? {
            // First spelling wins; a repeat under the other spelling is ignored.
            match key {
                LinkKey::Href if href.is_none() => href = Some(map.next_value::<String>()?),
                LinkKey::Rel if rel.is_none() => rel = Some(map.next_value::<String>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (href, rel) {
            (Some(href), Some(rel)) => Ok(Hyperlink { rel, href }),
            (None, _) => Err(de::Error::custom("link without href")),
            (_, None) => Err(de::Error::custom("link without rel")),
        }
    }
}
