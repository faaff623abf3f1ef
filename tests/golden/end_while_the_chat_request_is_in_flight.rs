use std::time::Duration;

use lp_server_chat::emulator::{Fault, FaultPlan, Route, Trigger};

use crate::record::*;

#[test]
fn ending_before_the_chat_request_is_answered_ends_the_chat_it_creates() {
    let faults = FaultPlan::none()
        .rule(
            Fault::Slow(Duration::from_secs(2)),
            Trigger::Probability(1.0),
        )
        .only(&[Route::ChatRequest]);
    let mut r = Recorder::new(faults, config());
    r.link.session.request_chat(r.link.now).unwrap();
    let mut ended = false;
    r.run(30.0, &mut |session, now, event| {
        if !ended {
            ended = true;
            session.end_chat(now).unwrap();
        }
        matches!(event, lp_server_chat::Event::ChatEnded { .. })
    });
    r.check("end_while_the_chat_request_is_in_flight");
}
