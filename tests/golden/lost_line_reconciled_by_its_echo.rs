use lp_server_chat::emulator::{Fault, FaultPlan, Route};

use crate::record::*;

#[test]
fn a_line_whose_answer_was_lost_is_found_in_the_stream_and_not_sent_again() {
    let faults = FaultPlan::none()
        .rule(
            Fault::LoseResponse,
            lp_server_chat::emulator::Trigger::Probability(1.0),
        )
        .only(&[Route::EventsPost]);
    let mut r = Recorder::new(faults, config());
    r.link.session.request_chat(r.link.now).unwrap();
    r.run(60.0, &mut polite("Is my refund through?"));
    r.check("lost_line_reconciled_by_its_echo");
}
