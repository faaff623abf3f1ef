//! Converts the caller's `Instant`s into the wall-clock strings the service prints. The emulator
//! never reads a clock: the wall time of the first `now` is configured, and everything else is an
//! offset from it.

use std::time::{Duration, Instant, SystemTime};

/// Maps instants to the server's local time.
#[derive(Debug, Clone)]
pub(crate) struct WallClock {
    start: Instant,
    start_unix_ms: u64,
    offset_minutes: i32,
}

impl WallClock {
    pub(crate) fn new(start: Instant, start_unix_ms: u64, offset_minutes: i32) -> Self {
        WallClock {
            start,
            start_unix_ms,
            offset_minutes: offset_minutes.clamp(-18 * 60, 18 * 60),
        }
    }

    /// Milliseconds since the Unix epoch at `at` (instants before the start clamp to the start).
    pub(crate) fn epoch_ms(&self, at: Instant) -> u64 {
        let since = at.saturating_duration_since(self.start);
        self.start_unix_ms
            .saturating_add(u64::try_from(since.as_millis()).unwrap_or(u64::MAX / 2))
    }

    /// Local ISO-8601 with milliseconds and numeric offset, e.g. `2017-12-06T16:29:45.438-05:00`.
    pub(crate) fn iso(&self, at: Instant) -> String {
        let utc_ms = self.epoch_ms(at) as i128;
        let local_ms = utc_ms + i128::from(self.offset_minutes) * 60_000;
        let millis = local_ms.rem_euclid(1000);
        let secs = local_ms.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days as i64);
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let off = self.offset_minutes.unsigned_abs();
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}{sign}{:02}:{:02}",
            sod / 3600,
            (sod / 60) % 60,
            sod % 60,
            off / 60,
            off % 60
        )
    }

    /// An RFC 7231 HTTP date `after` the instant `at` (for `Retry-After`).
    pub(crate) fn http_date(&self, at: Instant, after: Duration) -> String {
        // httpdate cannot print years past 9999; clamp instead of failing.
        const LAST_SECOND: u64 = 253_402_300_799;
        let secs = (self.epoch_ms(at) / 1000)
            .saturating_add(after.as_secs())
            .min(LAST_SECOND);
        httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_service() {
        let start = Instant::now();
        // 2017-12-06T21:29:45.438Z
        let c = WallClock::new(start, 1_512_595_785_438, -300);
        assert_eq!(c.iso(start), "2017-12-06T16:29:45.438-05:00");
        let c = WallClock::new(start, 0, 0);
        assert_eq!(c.iso(start), "1970-01-01T00:00:00.000+00:00");
        assert_eq!(
            c.http_date(start, Duration::from_secs(1)),
            "Thu, 01 Jan 1970 00:00:01 GMT"
        );
        let far = WallClock::new(start, u64::MAX, 0);
        assert_eq!(
            far.http_date(start, Duration::MAX),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert!(far.iso(start).len() > 20);
    }
}
