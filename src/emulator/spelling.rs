//! Header-name spelling on the wire. `http` stores header names in lower case, but one observed
//! client matches `Location` case-sensitively and another only survived a browser that lowered
//! it; so the emulator tells the IO layer how to spell names through a response extension.

/// How the IO layer should spell response header names; every response from
/// [`Emulator::handle`](super::Emulator::handle) carries one in its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderSpelling {
    /// Canonical capitalisation (`Location`, `Content-Type`, `Retry-After`).
    #[default]
    Canonical,
    /// `location` in lower case (a fault to survive); other names canonical.
    LowerCaseLocation,
}

impl HeaderSpelling {
    /// The spelling of `name` (any case) to write on the wire.
    pub fn spell(self, name: &str) -> String {
        if self == HeaderSpelling::LowerCaseLocation && name.eq_ignore_ascii_case("location") {
            return "location".to_owned();
        }
        let mut out = String::with_capacity(name.len());
        let mut upper = true;
        for c in name.chars() {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            upper = c == '-';
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::HeaderSpelling;

    #[test]
    fn spells() {
        assert_eq!(HeaderSpelling::Canonical.spell("location"), "Location");
        assert_eq!(
            HeaderSpelling::Canonical.spell("content-type"),
            "Content-Type"
        );
        assert_eq!(
            HeaderSpelling::LowerCaseLocation.spell("Location"),
            "location"
        );
        assert_eq!(
            HeaderSpelling::LowerCaseLocation.spell("retry-after"),
            "Retry-After"
        );
    }
}
