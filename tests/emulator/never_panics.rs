use std::time::Duration;

use http::{Method, Request};
use lp_server_chat::emulator::{Exchange, FaultPlan};
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
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn arbitrary_requests_never_panic(
        reqs in proptest::collection::vec(
            (method(), path("CHAT".to_owned()), proptest::collection::vec(("[a-zA-Z-]{1,20}", "[ -~]{0,30}"), 0..4), body(), 0u64..100),
            1..12),
        seed in any::<u64>(),
    ) {
        let mut cfg = config();
        cfg.seed = seed;
        cfg.faults = FaultPlan::none().duplicate_events(0.3).malformed(0.1).server_errors(0.1).lose_responses(0.1).account_loading(1);
        let mut h = Harness::new(cfg);
        let start = h.send(req(Method::POST, &url("/chat/request"), br#"{"request":{}}"#));
        let chat = start
            .response()
            .and_then(|r| header(r, "location"))
            .and_then(|l| l.rsplit('/').next().map(str::to_owned))
            .unwrap_or_else(|| "Hnone".to_owned());
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
    }
}
