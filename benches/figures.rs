//! Benchmark figures for the session: CPU per poll, memory per open chat, poll round trips per
//! second, requests per chat-minute and outage survival, each beside a baseline run in the same
//! process. `cargo bench --bench figures` prints them as one table.

#[path = "figures/alloc.rs"]
mod alloc;
#[path = "figures/bare_poller.rs"]
mod bare_poller;
#[path = "figures/baseline.rs"]
mod baseline;
#[path = "figures/decode.rs"]
mod decode;
#[path = "figures/drive.rs"]
mod drive;
#[path = "figures/efficiency.rs"]
mod efficiency;
#[path = "figures/machine.rs"]
mod machine;
#[path = "figures/memory.rs"]
mod memory;
#[path = "figures/outage.rs"]
mod outage;
#[path = "figures/report.rs"]
mod report;
#[path = "../examples/support/rng.rs"]
#[allow(dead_code)] // The people are seeded by state, and draw durations and indices.
mod rng;
#[path = "figures/setup.rs"]
mod setup;
#[path = "figures/sim.rs"]
mod sim;
#[path = "figures/table.rs"]
mod table;

use std::time::{Duration, Instant};

#[global_allocator]
static COUNTING: alloc::Counting = alloc::Counting;

/// Response latency of the simulated network.
const LATENCY: Duration = Duration::from_millis(80);

fn main() {
    let started = Instant::now();
    let step = |what: &str| eprintln!("[{:>5.1} s] {what}", started.elapsed().as_secs_f64());

    step("memory per session");
    let memory = memory::measure(100_000);

    step("decode: 1, 10, 100 events per poll");
    let decode: Vec<_> = [1, 10, 100]
        .into_iter()
        .map(|n| decode::measure(n, Duration::from_millis(1_500)))
        .collect();

    step("drive rate: 1 000 chats on one thread");
    let drive = drive::measure(1_000, Duration::from_secs(3));

    step("network efficiency: 20 ten-minute chats per client");
    let ours = efficiency::run(baseline::Client::Ours, 20, LATENCY);
    let sdk = efficiency::run(baseline::Client::Sdk, 20, LATENCY);

    step("outages: harsh and unreachable readings, chat timeouts 15, 40, 180 s");
    let mut contenders = vec![
        outage::Contender {
            client: baseline::Client::Ours,
            network_up: false,
        },
        outage::Contender {
            client: baseline::Client::Sdk,
            network_up: false,
        },
    ];
    let mut outages = Vec::new();
    for reading in [outage::Reading::Harsh, outage::Reading::Unreachable] {
        if reading == outage::Reading::Unreachable && outage::NETWORK_UP_INPUT {
            contenders.push(outage::Contender {
                client: baseline::Client::Ours,
                network_up: true,
            });
        }
        for timeout in outage::TIMEOUTS {
            for length in outage::lengths(timeout) {
                for contender in &contenders {
                    outages.push(outage::run(
                        reading, *contender, timeout, length, LATENCY, 3,
                    ));
                }
            }
        }
    }

    step("done");
    let figures = report::Figures {
        machine: machine::describe(),
        latency: LATENCY,
        decode,
        memory,
        drive,
        efficiency: [ours, sdk],
        outages,
        wall: started.elapsed(),
    };
    println!("{}", report::table(&figures));
}
