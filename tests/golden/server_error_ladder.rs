use std::time::Duration;

use lp_server_chat::emulator::FaultPlan;

use crate::record::*;

#[test]
fn a_window_of_edge_503s_climbs_the_ladder_and_probes_before_the_expiry() {
    let faults =
        FaultPlan::none().server_errors_during(Duration::from_secs(10), Duration::from_secs(30));
    let mut r = Recorder::new(faults, config());
    r.link.session.request_chat(r.link.now).unwrap();
    r.run(60.0, &mut |_, _, _| false);
    r.check("server_error_ladder");
}
