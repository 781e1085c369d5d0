//! Where the CPU went during a run: the server, the bench client, and
//! everything else on the machine. On a small machine shared with other
//! work, the third figure says whether a result is the server's own.

use anyhow::Context;
use std::time::Instant;

/// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ).
const TICKS_PER_SECOND: f64 = 100.0;

/// Cores used by other processes above which a run is called contended.
const OTHER_LOAD_WARNING: f64 = 0.2;

/// CPU used over a run, in cores (CPU seconds per wall second).
#[derive(Debug, Clone, Copy)]
pub struct CpuUse {
    pub server: f64,
    pub bench: f64,
    pub other: f64,
}

impl CpuUse {
    pub fn describe(&self) -> String {
        format!("{:.2} / {:.2} / {:.2} cores", self.server, self.bench, self.other)
    }

    /// A warning when other work took a noticeable share of the cores.
    pub fn contention(&self, run: &str) -> Option<String> {
        (self.other > OTHER_LOAD_WARNING).then(|| {
            format!(
                "other processes used {:.2} cores during the {run} run: its figures understate the server",
                self.other
            )
        })
    }
}

/// Readings at the start of a run.
pub struct CpuMeter {
    pid: u32,
    at: Instant,
    server: f64,
    bench: f64,
    machine: f64,
}

impl CpuMeter {
    pub fn start(server_pid: u32) -> anyhow::Result<Self> {
        Ok(CpuMeter {
            pid: server_pid,
            at: Instant::now(),
            server: process_seconds(&format!("/proc/{server_pid}/stat"))?,
            bench: process_seconds("/proc/self/stat")?,
            machine: machine_seconds()?,
        })
    }

    pub fn stop(&self) -> anyhow::Result<CpuUse> {
        let wall = self.at.elapsed().as_secs_f64().max(f64::EPSILON);
        let server = process_seconds(&format!("/proc/{}/stat", self.pid))? - self.server;
        let bench = process_seconds("/proc/self/stat")? - self.bench;
        let machine = machine_seconds()? - self.machine;
        Ok(CpuUse {
            server: server / wall,
            bench: bench / wall,
            other: (machine - server - bench).max(0.0) / wall,
        })
    }
}

/// User + system time of a process, all its threads.
fn process_seconds(stat_path: &str) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(stat_path)?;
    // Fields after the command name, which may contain spaces: state is
    // the first, utime the 12th and stime the 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).context("malformed stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .context("malformed stat")
    };
    Ok((field(11)? + field(12)?) as f64 / TICKS_PER_SECOND)
}

/// Busy time of all cores.
fn machine_seconds() -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat.lines().next().context("empty /proc/stat")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    let total: u64 = ticks.iter().take(8).sum();
    Ok(total.saturating_sub(idle) as f64 / TICKS_PER_SECOND)
}
