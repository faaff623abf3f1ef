use lp_server_chat::emulator::FaultPlan;

use crate::record::*;

#[test]
fn a_chat_from_the_request_to_the_visitors_end() {
    let mut r = Recorder::new(FaultPlan::none(), config());
    r.link.session.request_chat(r.link.now).unwrap();
    r.run(120.0, &mut polite("My invoice is wrong"));
    r.check("happy_path");
}
