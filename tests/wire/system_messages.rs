use lp_server_chat::wire::{decode, EventBatch, EventBody, SystemMessage};
use serde_json::json;

use crate::bytes;

#[test]
fn table_ids_round_trip() {
    let table = [
        (0, SystemMessage::PreChatLine),
        (2, SystemMessage::OperatorsBusy),
        (3, SystemMessage::AgentAccepted),
        (4, SystemMessage::Routing),
        (5, SystemMessage::AgentEnded),
        (6, SystemMessage::Disconnected),
        (13, SystemMessage::TransferredToAgent),
        (15, SystemMessage::TransferredToSkill),
        (22, SystemMessage::TicketId),
        (23, SystemMessage::Requeued),
    ];
    for (id, msg) in table {
        assert_eq!(SystemMessage::from_id(id), msg);
        assert_eq!(msg.id(), id);
    }
    assert_eq!(SystemMessage::from_id(99), SystemMessage::Other(99));
    assert_eq!(SystemMessage::Other(99).id(), 99);
}

fn system_line(id: serde_json::Value) -> Option<SystemMessage> {
    let body = bytes(json!({"events": {"event": {
        "@id": "1", "@type": "line", "text": "t", "source": "system", "by": "info",
        "systemMessageId": id
    }}}));
    match decode::<EventBatch>(&body).unwrap().events.remove(0).body {
        EventBody::Line(l) => l.system_message,
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn id_as_string_or_number() {
    assert_eq!(system_line(json!("4")), Some(SystemMessage::Routing));
    assert_eq!(system_line(json!(3)), Some(SystemMessage::AgentAccepted));
    assert_eq!(system_line(json!(0)), Some(SystemMessage::PreChatLine));
    assert_eq!(system_line(json!("71")), Some(SystemMessage::Other(71)));
    assert_eq!(system_line(serde_json::Value::Null), None);
}

#[test]
fn absent_on_agent_lines() {
    let body = bytes(
        json!({"events": {"event": {"@id": "2", "@type": "line", "text": "x", "source": "agent"}}}),
    );
    match &decode::<EventBatch>(&body).unwrap().events[0].body {
        EventBody::Line(l) => assert_eq!(l.system_message, None),
        other => panic!("unexpected {other:?}"),
    }
}
