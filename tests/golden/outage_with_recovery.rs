use std::time::Duration;

use lp_server_chat::emulator::FaultPlan;

use crate::record::*;

#[test]
fn a_20_s_outage_is_ridden_out_and_the_chat_goes_on() {
    let faults = FaultPlan::none().outage(Duration::from_secs(12), Duration::from_secs(20));
    let mut r = Recorder::new(faults, config());
    r.link.session.request_chat(r.link.now).unwrap();
    r.run(60.0, &mut |_, _, _| false);
    r.check("outage_with_recovery");
}
