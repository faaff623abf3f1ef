//! Decodes arbitrary bytes as every wire document. Decoding must never panic, and a chat
//! resource, event batch, info or error body that decodes must decode again once re-encoded.

use lp_server_chat::wire::*;

/// Runs every decoder over `data`; panics only on a bug.
pub fn run(data: &[u8]) {
    round_trip::<ChatResource>(data);
    round_trip::<EventBatch>(data);
    round_trip::<Info>(data);
    round_trip::<ErrorBody>(data);
    let _ = decode::<VisitorName>(data);
    let _ = decode::<VisitorTyping>(data);
    let _ = decode::<AgentTyping>(data);
    let _ = decode::<Availability>(data);
    let _ = decode::<AvailableSlots>(data);
    let _ = decode::<EstimatedWaitTime>(data);
    let _ = decode::<Survey>(data);
    let _ = decode::<ExitSurveySubmission>(data);
    let _ = decode::<OfflineSurveySubmission>(data);
    let _ = decode::<ChatRequest>(data);
    let _ = decode::<OutgoingEvent>(data);
    let _ = decode::<TranscriptRequest>(data);
    let _ = decode::<AuthRequest>(data);
    let _ = decode::<AuthResponse>(data);
    let _ = decode::<DomainResponse>(data);
    let _ = decode::<CreateSessionRequest>(data);
    let _ = decode::<CreateSessionResponse>(data);
    let _ = ErrorBody::parse(data);
}

/// The documents the session reads on every poll: what decodes must survive `encode`.
fn round_trip<T>(data: &[u8])
where
    T: Document + serde::Serialize + PartialEq + std::fmt::Debug,
{
    if let Ok(doc) = decode::<T>(data) {
        let again = decode::<T>(&encode(&doc));
        assert_eq!(
            again.as_ref(),
            Ok(&doc),
            "{} does not survive encode",
            T::NAME
        );
    }
}
