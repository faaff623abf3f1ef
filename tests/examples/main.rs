//! The examples, run the way a newcomer runs them, and the adapter pieces they are built from.

#[path = "../../examples/support/async_transport.rs"]
#[allow(dead_code)] // The tests perform requests; `report` is for the run loops.
mod async_transport;
#[path = "../common/cargo.rs"]
mod cargo;
#[path = "../../examples/support/html.rs"]
mod html;
#[path = "../../examples/support/loopback.rs"]
#[allow(dead_code)] // The tests need the server, not the session configuration it offers.
mod loopback;
#[path = "../../examples/support/transport.rs"]
#[allow(dead_code)] // The tests perform requests; `report` is for the run loops.
mod transport;

mod servers;
mod support;

mod async_example;
mod async_transport_outcomes;
mod chat_example;
mod html_text;
mod transport_outcomes;
