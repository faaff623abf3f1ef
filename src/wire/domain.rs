//! Domain API (CSDS) response: where each LivePerson service lives for an account.

use serde::{Deserialize, Deserializer, Serialize};

use super::decode::Document;
use super::lenient;

/// Either `{"service", "account", "baseURI"}` or `{"baseURIs": [...]}`; both read into
/// `entries`. Serializes as the list form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DomainResponse {
    /// `baseURIs`, or the single entry of the per-service form.
    #[serde(rename = "baseURIs")]
    pub entries: Vec<ServiceDomain>,
}

/// One service's location: `{"service": "conversationVep", "account": …, "baseURI": host}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDomain {
    /// `service`: service name (case-sensitive); empty if the single form omitted it.
    #[serde(default, deserialize_with = "lenient::text")]
    pub service: String,
    /// `account`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub account: Option<String>,
    /// `baseURI`: a bare host name.
    #[serde(rename = "baseURI", deserialize_with = "lenient::text")]
    pub base_uri: String,
}

impl DomainResponse {
    /// The host of `service`; an entry without a service name (single form) matches any.
    pub fn base_uri(&self, service: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.service == service)
            .or_else(|| self.entries.iter().find(|e| e.service.is_empty()))
            .map(|e| e.base_uri.as_str())
    }
}

/// Members of both forms.
#[derive(Deserialize)]
struct Either {
    #[serde(
        rename = "baseURIs",
        default,
        deserialize_with = "lenient::one_or_many"
    )]
    list: Vec<ServiceDomain>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    service: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    account: Option<String>,
    #[serde(rename = "baseURI", default, deserialize_with = "lenient::opt_text")]
    base_uri: Option<String>,
}

impl<'de> Deserialize<'de> for DomainResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut e = Either::deserialize(d)?;
        if let Some(base_uri) = e.base_uri {
            e.list.push(ServiceDomain {
                service: e.service.unwrap_or_default(),
                account: e.account,
                base_uri,
            });
        }
        if e.list.is_empty() {
            return Err(serde::de::Error::custom("neither `baseURI` nor `baseURIs`"));
        }
        Ok(DomainResponse { entries: e.list })
    }
}

impl Document for DomainResponse {
    const NAME: &'static str = "domain response";
    const ENVELOPE: Option<&'static str> = None;
}
