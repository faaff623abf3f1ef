use std::time::Duration;

use lp_server_chat::emulator::{Fault, FaultPlan, RetryAfterForm, Trigger};

use crate::record::*;

#[test]
fn a_429_whose_retry_after_is_a_date_is_read_against_the_date_header() {
    let faults = FaultPlan::none().rule(
        Fault::RateLimit(RetryAfterForm::HttpDate(7)),
        Trigger::Window {
            start: Duration::from_secs(8),
            duration: Duration::from_secs(1),
        },
    );
    let mut r = Recorder::new(faults, config());
    r.link.session.request_chat(r.link.now).unwrap();
    r.run(30.0, &mut |_, _, _| false);
    r.check("rate_limit_with_an_http_date");
}
