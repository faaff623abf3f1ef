use std::time::Duration;

use http::{Method, Request};
use lp_server_chat::emulator::{
    Activity, AgentBehaviour, AgentReceipts, Exchange, Fault, FaultPlan, MenuChoice,
    RetryAfterForm, Trigger,
};
use proptest::prelude::*;

use crate::support::*;

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::GET),
        Just(Method::POST),
        Just(Method::PUT),
        Just(Method::DELETE),
        Just(Method::PATCH),
        Just(Method::OPTIONS),
    ]
}

fn path(chat: String) -> impl Strategy<Value = String> {
    let seg = prop_oneof![
        Just("api".to_owned()),
        Just("account".to_owned()),
        Just(ACCOUNT.to_owned()),
        Just("chat".to_owned()),
        Just(chat),
        Just("events".to_owned()),
        Just("info".to_owned()),
        Just("visitorName".to_owned()),
        Just("visitorTyping".to_owned()),
        Just("transcriptWithSubjectRequest".to_owned()),
        Just("app".to_owned()),
        Just("engagement".to_owned()),
        Just("visitors".to_owned()),
        Just("request.json".to_owned()),
        Just("".to_owned()),
        "[a-zA-Z0-9._%-]{0,8}",
    ];
    (
        proptest::collection::vec(seg, 0..8),
        prop::option::of("[a-zA-Z0-9=&%._-]{0,20}"),
    )
        .prop_map(|(segs, q)| {
            let mut p = format!("/{}", segs.join("/"));
            if let Some(q) = q {
                p.push('?');
                p.push_str(&q);
            }
            p
        })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(br#"{"event":{"@type":"line","text":"x"}}"#.to_vec()),
        Just(br#"{"event":{"@type":"state","state":"ended"}}"#.to_vec()),
        Just(br#"{"request":{"interactionTimeout":18446744073709551615,"preChatLines":{"line":[1,null]}}}"#.to_vec()),
        Just(br#"{"visitorTyping":"typing","visitorName":"n","survey":{}}"#.to_vec()),
        Just(br#"{"appType":"MSDK"}"#.to_vec()),
        Just(br#"{"event":{"@type":"line-status","lineStatus":"READ","refSequenceId":1e300}}"#.to_vec()),
        Just(br#"{"event":{"@type":"line-status","refSequenceId":-1,"metadata":7}}"#.to_vec()),
        Just(br#"{"event":{"@type":"line","text":"Billing"}}"#.to_vec()),
        Just(br#"{"transcriptRequest":{"email":"a@b","timezoneOffset":[],"subject":null}}"#.to_vec()),
        Just(br#"{"pageId":"1","impAttributes":[{"type":7}],"engagementAttributes":{}}"#.to_vec()),
    ]
}

/// Agents as odd as a configuration may hold, the menu's button among the bodies above.
fn agent() -> impl Strategy<Value = AgentBehaviour> {
    prop_oneof![
        Just(AgentBehaviour::Absent),
        (delay(), delay(), 0usize..3).prop_map(|(accept_after, reply_after, n)| {
            AgentBehaviour::Menu {
                accept_after,
                prompt: String::new(),
                choices: vec![MenuChoice::new("Billing", ""); n],
                reply_after,
                typing_for: reply_after,
            }
        }),
    ]
}

fn receipts() -> impl Strategy<Value = AgentReceipts> {
    prop_oneof![
        Just(AgentReceipts::Off),
        delay().prop_map(|after| AgentReceipts::Read { after }),
        delay().prop_map(|after| AgentReceipts::AcceptAndRead { after }),
    ]
}

/// Delays as absurd as a plan may hold.
fn delay() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::MAX),
        (0u64..120).prop_map(Duration::from_secs),
        any::<u64>().prop_map(Duration::from_nanos),
    ]
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::Unreachable),
        Just(Fault::ServerError),
        Just(Fault::RateLimit(RetryAfterForm::HttpDate(u64::MAX))),
        Just(Fault::ChatServerError),
        Just(Fault::Dropped),
        (delay(), delay()).prop_map(|(min, max)| Fault::LateApply { min, max }),
        Just(Fault::DuplicateEvents),
        Just(Fault::LoseResponse),
        Just(Fault::Malformed),
        delay().prop_map(Fault::Slow),
        Just(Fault::GatewayError),
    ]
}

fn trigger() -> impl Strategy<Value = Trigger> {
    prop_oneof![
        (0.0..=1.0f64).prop_map(Trigger::Probability),
        (0u64..16, 0u64..16).prop_map(|(first, count)| Trigger::Requests { first, count }),
        (delay(), delay()).prop_map(|(start, duration)| Trigger::Window { start, duration }),
    ]
}

/// A plan of drawn rules, plus the fixed faults every run had before.
fn plan() -> impl Strategy<Value = FaultPlan> {
    proptest::collection::vec((fault(), trigger()), 0..6).prop_map(|rules| {
        rules
            .into_iter()
            .fold(FaultPlan::none(), |plan, (f, t)| plan.rule(f, t))
            .duplicate_events(0.3)
            .malformed(0.1)
            .server_errors(0.1)
            .lose_responses(0.1)
            .account_loading(1)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn arbitrary_requests_never_panic(
        reqs in proptest::collection::vec(
            (method(), path("CHAT".to_owned()), proptest::collection::vec(("[a-zA-Z-]{1,20}", "[ -~]{0,30}"), 0..4), body(), 0u64..100),
            1..12),
        seed in any::<u64>(),
        faults in plan(),
        agent in agent(),
        receipts in receipts(),
        writes_only in any::<bool>(),
    ) {
        let mut cfg = config();
        cfg.seed = seed;
        cfg.faults = faults;
        cfg.agent = agent;
        cfg.receipts = receipts;
        cfg.activity = if writes_only { Activity::WritesOnly } else { Activity::AnyRequest };
        let mut h = Harness::new(cfg);
        let start = h.send_chat_request();
        let chat = start
            .response()
            .and_then(|r| header(r, "location"))
            .and_then(|l| l.rsplit('/').next().map(str::to_owned))
            .unwrap_or_else(|| "Hnone".to_owned());
        // An agent that joins, so lines land and receipts and answers get scheduled.
        h.emu.agent_accept(&chat, h.now);
        for (m, p, headers, b, wait) in reqs {
            let p = p.replace("CHAT", &chat);
            let mut builder = Request::builder().method(m).uri(format!("{ORIGIN}{p}"));
            for (k, v) in headers {
                builder = builder.header(k, v);
            }
            builder = builder.header("Authorization", "LivePerson appKey=k");
            let Ok(request) = builder.body(b) else { continue };
            let exchange = h.emu.handle(&request, h.now);
            if let Exchange::Respond(r) = &exchange {
                prop_assert!(r.status().as_u16() >= 200);
            }
            h.wait(Duration::from_secs(wait));
        }
        // Whatever is still held back applies (or is dropped) now.
        h.wait(Duration::from_secs(1_000_000));
        let faults = &h.emu.stats().faults;
        prop_assert!(faults.late_applied + faults.late_dropped <= faults.late_held);
    }
}
