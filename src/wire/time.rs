//! Timestamps as the service writes them: ISO-8601 / RFC 3339 with a numeric offset or `Z`,
//! e.g. `2024-03-11T09:15:02.300+00:00` (`info.lastUpdate`, event `time`, error `time`).
//!
//! Hand-written rather than a dependency: one fixed shape, and the crate keeps its small
//! dependency set.

/// Milliseconds since the Unix epoch (UTC) of a timestamp such as
/// `2017-12-06T16:29:45.438-05:00`, `2024-03-11T09:15:02.300+00:00` or `2024-03-11T09:15:02Z`.
///
/// Accepted: `YYYY-MM-DD`, then `T` (or `t`, or a space), `hh:mm:ss`, optional fractional
/// seconds (`.` or `,`, any number of digits; kept to the millisecond, truncated), then `Z`
/// (or `z`) or an offset `±hh:mm`, `±hhmm` or `±hh`. A leap second (`:60`) reads as the next
/// second. Surrounding whitespace is ignored.
///
/// `None` for anything else, including a local time without an offset (which instant it names
/// is unknown) and impossible dates such as `2023-02-29`. Never panics.
pub fn parse_timestamp_ms(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let year = number(b, 0, 4)?;
    let month = number(b, 5, 2)?;
    let day = number(b, 8, 2)?;
    let hour = number(b, 11, 2)?;
    let minute = number(b, 14, 2)?;
    let second = number(b, 17, 2)?;
    // The seconds were read, so every separator position exists.
    let separators: [(usize, &[u8]); 5] =
        [(4, b"-"), (7, b"-"), (10, b"Tt "), (13, b":"), (16, b":")];
    if separators
        .iter()
        .any(|(at, allowed)| !allowed.contains(&b[*at]))
    {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    let mut at = 19;
    let mut millis = 0;
    if matches!(b.get(at), Some(b'.' | b',')) {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            // Digits past the third are below a millisecond: read, not kept.
            if at - start < 3 {
                millis = millis * 10 + i64::from(b[at] - b'0');
            }
            at += 1;
        }
        let read = at - start;
        if read == 0 {
            return None;
        }
        for _ in read..3 {
            millis *= 10;
        }
    }

    let offset_minutes = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') => {
            let rest = &b[at + 1..];
            let (hours, minutes) = match rest.len() {
                2 => (number(rest, 0, 2)?, 0),
                4 => (number(rest, 0, 2)?, number(rest, 2, 2)?),
                5 if rest[2] == b':' => (number(rest, 0, 2)?, number(rest, 3, 2)?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = hours * 60 + minutes;
            if *sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return None,
    };

    let days = days_from_civil(year, month, day);
    let local_seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
    Some((local_seconds - offset_minutes * 60) * 1000 + millis)
}

/// The `len` ASCII digits of `b` at `at` as a number; `None` if any is missing or not a digit.
fn number(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let digits = b.get(at..at + len)?;
    digits.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0, so the leap day ends the year.
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
