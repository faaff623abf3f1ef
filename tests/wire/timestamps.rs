//! ISO-8601 / RFC 3339 timestamps to Unix-epoch milliseconds.
//!
//! Expected values were computed independently (Python's `datetime.fromisoformat`).

use lp_server_chat::wire::time::parse_timestamp_ms;
use lp_server_chat::wire::{decode, ErrorBody, EventBatch, Info};
use proptest::prelude::*;
use serde_json::json;

use crate::bytes;

#[test]
fn the_spec_examples() {
    for (text, ms) in [
        ("2024-03-11T09:15:02.300+00:00", 1_710_148_502_300),
        ("2024-03-11T09:16:03.877+00:00", 1_710_148_563_877),
        ("2017-12-06T16:29:45.438-05:00", 1_512_595_785_438),
        ("2018-03-19T03:04:27.186-04:00", 1_521_443_067_186),
        ("2025-02-03T08:01:00.000-05:00", 1_738_587_660_000),
    ] {
        assert_eq!(parse_timestamp_ms(text), Some(ms), "{text}");
    }
}

#[test]
fn utc_designator_and_no_fraction() {
    assert_eq!(
        parse_timestamp_ms("2024-03-11T09:15:02Z"),
        Some(1_710_148_502_000)
    );
    assert_eq!(
        parse_timestamp_ms("2024-03-11t09:15:02z"),
        Some(1_710_148_502_000)
    );
    assert_eq!(
        parse_timestamp_ms("2024-03-11 09:15:02Z"),
        Some(1_710_148_502_000)
    );
    assert_eq!(parse_timestamp_ms("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_timestamp_ms("1970-01-01T00:00:00-00:00"), Some(0));
}

#[test]
fn fractions_of_any_length_are_kept_to_the_millisecond() {
    let base = 1_710_148_502_000;
    for (fraction, ms) in [
        (".3", 300),
        (".30", 300),
        (".300", 300),
        (".3009", 300),
        (".123456789", 123),
        (",5", 500),
        (".000", 0),
    ] {
        let text = format!("2024-03-11T09:15:02{fraction}Z");
        assert_eq!(parse_timestamp_ms(&text), Some(base + ms), "{text}");
    }
}

#[test]
fn offset_spellings() {
    let ms = Some(1_710_128_702_300);
    assert_eq!(parse_timestamp_ms("2024-03-11T09:15:02.3+05:30"), ms);
    assert_eq!(parse_timestamp_ms("2024-03-11T09:15:02.3+0530"), ms);
    assert_eq!(
        parse_timestamp_ms("2024-03-11T04:15:02.3+00"),
        Some(1_710_130_502_300)
    );
    assert_eq!(
        parse_timestamp_ms("2000-02-29T23:59:59.999+14:00"),
        Some(951_818_399_999)
    );
}

#[test]
fn before_the_epoch_and_far_dates() {
    assert_eq!(parse_timestamp_ms("1969-12-31T23:59:59.999Z"), Some(-1));
    assert_eq!(
        parse_timestamp_ms("0001-01-01T00:00:00Z"),
        Some(-62_135_596_800_000)
    );
    assert_eq!(
        parse_timestamp_ms("9999-12-31T23:59:59.999Z"),
        Some(253_402_300_799_999)
    );
}

#[test]
fn leap_day_and_leap_second() {
    assert!(parse_timestamp_ms("2024-02-29T00:00:00Z").is_some());
    assert!(parse_timestamp_ms("2000-02-29T00:00:00Z").is_some());
    assert_eq!(parse_timestamp_ms("2023-02-29T00:00:00Z"), None);
    assert_eq!(parse_timestamp_ms("1900-02-29T00:00:00Z"), None);
    // 23:59:60 reads as the second after 23:59:59.
    assert_eq!(
        parse_timestamp_ms("2016-12-31T23:59:60Z"),
        Some(1_483_228_799_000 + 1000)
    );
}

#[test]
fn surrounding_whitespace_is_ignored() {
    assert_eq!(parse_timestamp_ms(" 1970-01-01T00:00:00Z\n"), Some(0));
}

#[test]
fn anything_else_is_none() {
    for text in [
        "",
        "t",
        "2024-03-11",
        "2024-03-11T09:15:02",
        "2024-03-11T09:15:02.300",
        "2024-03-11T09:15Z",
        "2024-03-11T09:15:02.Z",
        "2024-03-11T09:15:02.300+",
        "2024-03-11T09:15:02.300+5:30",
        "2024-03-11T09:15:02.300+05:3",
        "2024-03-11T09:15:02.300+05-30",
        "2024-03-11T09:15:02.300+24:00",
        "2024-03-11T09:15:02.300+05:60",
        "2024-03-11T09:15:02Zjunk",
        "2024-03-11T09:15:02+00:00junk",
        "2024-13-11T09:15:02Z",
        "2024-00-11T09:15:02Z",
        "2024-04-31T09:15:02Z",
        "2024-03-00T09:15:02Z",
        "2024-03-11T24:00:00Z",
        "2024-03-11T09:60:00Z",
        "2024-03-11T09:15:61Z",
        "2024/03/11T09:15:02Z",
        "2024-03-11X09:15:02Z",
        "+2024-03-11T09:15:02Z",
        "2024-03-1１T09:15:02Z",
        "1710148502300",
        "Mon, 11 Mar 2024 09:15:02 GMT",
    ] {
        assert_eq!(parse_timestamp_ms(text), None, "{text:?}");
    }
}

#[test]
fn info_event_and_error_times() {
    let info = decode::<Info>(&bytes(json!({"info": {
        "startTime": "2024-03-11T09:15:02.119+00:00",
        "lastUpdate": "2024-03-11T09:15:02.300+00:00"
    }})))
    .unwrap();
    assert_eq!(info.start_time_ms(), Some(1_710_148_502_119));
    assert_eq!(info.last_update_ms(), Some(1_710_148_502_300));
    assert_eq!(Info::default().last_update_ms(), None);

    let batch = decode::<EventBatch>(&bytes(json!({"events": {"event": {
        "@id": "0", "@type": "state", "time": "2024-03-11T09:15:02.118+00:00", "state": "waiting"
    }}})))
    .unwrap();
    assert_eq!(batch.events[0].time_ms(), Some(1_710_148_502_118));

    let wrapped = ErrorBody::parse(
        br#"{"error":{"time":"2017-12-06T16:29:45.438-05:00","message":"Bad captcha","internalCode":10}}"#,
    )
    .unwrap();
    assert_eq!(wrapped.time_ms(), Some(1_512_595_785_438));
    let flat = ErrorBody::parse(
        br#"{"time":1512008639373,"message":"Unauthorized account access","internalCode":10}"#,
    )
    .unwrap();
    assert_eq!(flat.time_ms(), Some(1_512_008_639_373));
    assert_eq!(ErrorBody::parse(b"oops").unwrap().time_ms(), None);
}

/// `(year, month, day)` of a day count since 1970-01-01, by walking whole years and months:
/// slow and plain, so it does not share the parser's arithmetic.
fn civil(mut days: i64) -> (i64, i64, i64) {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut year = 1970;
    while days < 0 {
        year -= 1;
        days += if leap(year) { 366 } else { 365 };
    }
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 1;
    for len in lengths {
        if days < len {
            break;
        }
        days -= len;
        month += 1;
    }
    (year, month, days + 1)
}

/// `ms` written as the service would, at `offset` minutes east of UTC.
fn format(ms: i64, offset: i64) -> String {
    let local = ms + offset * 60_000;
    let (days, rest) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
    let (y, mo, d) = civil(days);
    let (h, mi, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    let sign = if offset < 0 { '-' } else { '+' };
    let (oh, om) = (offset.abs() / 60, offset.abs() % 60);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}{sign}{oh:02}:{om:02}")
}

proptest! {
    #[test]
    fn any_instant_written_with_any_offset_reads_back(
        // 0001-01-02 to 9999-12-30, so every local time stays within four-digit years.
        ms in -62_135_510_400_000i64..253_402_128_000_000,
        offset in -(23 * 60 + 59)..=(23i64 * 60 + 59),
    ) {
        let text = format(ms, offset);
        prop_assert_eq!(parse_timestamp_ms(&text), Some(ms), "{}", text);
    }
}

#[test]
fn the_round_trip_helper_agrees_with_the_examples() {
    assert_eq!(
        format(1_512_595_785_438, -300),
        "2017-12-06T16:29:45.438-05:00"
    );
    assert_eq!(
        format(1_710_148_502_300, 0),
        "2024-03-11T09:15:02.300+00:00"
    );
}
