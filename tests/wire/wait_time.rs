use lp_server_chat::wire::{decode, encode, EstimatedWaitTime};

fn ewt(body: &str) -> EstimatedWaitTime {
    decode::<EstimatedWaitTime>(body.as_bytes()).unwrap()
}

#[test]
fn sentinels_and_seconds() {
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":0}"#),
        EstimatedWaitTime::Seconds(0)
    );
    assert!(ewt(r#"{"estimatedWaitTime":0}"#).is_immediate());
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":90}"#),
        EstimatedWaitTime::Seconds(90)
    );
    assert!(!ewt(r#"{"estimatedWaitTime":90}"#).is_immediate());
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":-1}"#),
        EstimatedWaitTime::NoAgentOnline
    );
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":-2}"#),
        EstimatedWaitTime::NotEnoughData
    );
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":-9}"#),
        EstimatedWaitTime::Other(-9)
    );
    assert_eq!(
        ewt(r#"{"estimatedWaitTime":"120"}"#),
        EstimatedWaitTime::Seconds(120)
    );
}

#[test]
fn encodes_wire_numbers() {
    assert_eq!(
        encode(&EstimatedWaitTime::NotEnoughData),
        br#"{"estimatedWaitTime":-2}"#
    );
    assert_eq!(
        encode(&EstimatedWaitTime::Seconds(5)),
        br#"{"estimatedWaitTime":5}"#
    );
}

#[test]
fn non_integer_is_an_error() {
    assert!(decode::<EstimatedWaitTime>(br#"{"estimatedWaitTime":"soon"}"#).is_err());
    assert!(decode::<EstimatedWaitTime>(br#"{"estimatedWaitTime":1.25}"#).is_err());
}
