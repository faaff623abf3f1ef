//! The facts about the machine that the figures depend on.

use std::time::SystemTime;

pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub date: String,
}

/// `FIGURES_DATE`, when set, replaces the system date (for reproducible reports).
pub fn describe() -> Machine {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let date = std::env::var("FIGURES_DATE")
        .unwrap_or_else(|_| httpdate::fmt_http_date(SystemTime::now()));
    Machine {
        cpus,
        cpu_model,
        date,
    }
}
