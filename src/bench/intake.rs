//! `--scenario intake`: what the standard intake costs beside the plain
//! create, in one run against one server child:
//!
//! - CAP documents parsed and mapped per second in this process (the
//!   parser and mapper the route uses, over the spec's Appendix A samples);
//! - `POST /v1/ingest/cap` per second end to end, each a new alert (the
//!   A2 sample with its own identifier);
//! - Open311 `POST requests.json` per second end to end, each a new ticket
//!   with a caller;
//! - `POST /v1/items` per second, before and after the two intake runs,
//!   with the same concurrency, so the log's growth shows.
//!
//! Every counted answer is a 2xx, and a 2xx is on disk (WAL,
//! `synchronous=FULL`), so the rates are durable rates.

use super::report::{Figure, Report, p50_p99, thousands};
use super::server::Server;
use crate::cli::BenchArgs;
use crate::ingest::cap::{self, CapContext, CapMapping};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The four examples of CAP 1.2 Appendix A (copies in tests/data/cap).
const SAMPLES: [&str; 4] = [
    include_str!("../../tests/data/cap/A1_homeland_security_advisory.xml"),
    include_str!("../../tests/data/cap/A2_severe_thunderstorm_warning.xml"),
    include_str!("../../tests/data/cap/A3_earthquake_report_update.xml"),
    include_str!("../../tests/data/cap/A4_amber_alert_multilingual.xml"),
];
/// The identifier in A2, replaced per request so each POST is a new alert.
const A2_IDENTIFIER: &str = "<identifier>KSTO1055887203</identifier>";

/// One HTTP request of a run, by its number.
type Make = Arc<dyn Fn(&reqwest::Client, u64) -> reqwest::RequestBuilder + Send + Sync>;

pub async fn run(server: &Server, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    let Some(feed) = server.feed_token.clone() else {
        anyhow::bail!("the bench server has no feed operator");
    };
    eprintln!("citydesk bench: CAP parse + map in process…");
    let parsed = tokio::task::spawn_blocking({
        let time = args.duration;
        move || parse_and_map(time)
    })
    .await??;
    report.figures.push(Figure::plain(
        "CAP parse + map, in process (A1–A4)",
        format!("{} docs/s", thousands(parsed)),
    ));
    let workers = usize::from(args.workers);
    let base = server.base.clone();
    let token = server.token.clone();
    let create: Make = Arc::new(move |http: &reqwest::Client, n: u64| {
        http.post(format!("{base}/v1/items"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "kind": "ticket",
                "category": "H01",
                "title": format!("bench create {n}"),
                "caller": {"name": "Wang", "phone": phone(n)}
            }))
    });
    let base = server.base.clone();
    let cap_feed = feed.clone();
    let cap_post: Make = Arc::new(move |http: &reqwest::Client, n: u64| {
        let body = SAMPLES[1].replace(A2_IDENTIFIER, &format!("<identifier>bench-{n}</identifier>"));
        http.post(format!("{base}/v1/ingest/cap"))
            .bearer_auth(&cap_feed)
            .header("content-type", "application/cap+xml")
            .body(body)
    });
    let base = server.base.clone();
    let open311: Make = Arc::new(move |http: &reqwest::Client, n: u64| {
        http.post(format!("{base}/open311/v2/requests.json"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "api_key={feed}&service_code=H01&address_string=%E8%A7%A3%E6%94%BE%E8%B7%AF+{n}\
                 &description=bench+{n}&attribute[SCOPE]=BUILDING&first_name=Wang&phone={}",
                phone(n)
            ))
    });
    let runs = [
        ("POST /v1/items (plain create), before", create.clone()),
        ("POST /v1/ingest/cap (A2, new alert each)", cap_post),
        ("POST /open311/v2/requests.json (new ticket each)", open311),
        ("POST /v1/items (plain create), after", create),
    ];
    for (name, make) in runs {
        eprintln!("citydesk bench: {name}, {workers} workers…");
        let r = timed(make, workers, args.duration).await?;
        report.figures.push(Figure::plain(
            format!("{name}, {workers} workers"),
            format!("{}/s", thousands(r.rate)),
        ));
        report
            .figures
            .push(Figure::plain("  round trip p50 / p99", p50_p99(&r.trips)));
        if !r.errors.is_empty() {
            report
                .figures
                .push(Figure::plain("  refused", format!("{:?}", r.errors)));
        }
    }
    report.notes.push(format!(
        "intake: {workers} workers each send the next request when the last is answered, for {:?} a run; \
         only 2xx count, over the wall time; CAP parse + map is one thread of this process",
        args.duration
    ));
    Ok(())
}

/// A caller's number of its own for request `n`: one number on every
/// request would make each create read a caller history growing with the
/// run, which no real desk sees.
fn phone(n: u64) -> String {
    format!("139{:08}", n % 100_000_000)
}

/// Documents parsed and mapped per second, cycling through the samples.
fn parse_and_map(time: Duration) -> anyhow::Result<f64> {
    let mapping = CapMapping::embedded();
    let policy = crate::data::default_policy();
    let outlines = crate::data::default_outlines();
    let city = crate::data::default_city();
    let ctx = CapContext {
        mapping: &mapping,
        policy: &policy.cap,
        outlines: &outlines,
        city: &city,
        language: "en",
    };
    let started = Instant::now();
    let mut docs = 0u64;
    while started.elapsed() < time {
        for sample in SAMPLES {
            let alerts = cap::parse(sample.as_bytes())?;
            for a in &alerts {
                std::hint::black_box(cap::map_alert(a, &ctx));
            }
            docs += 1;
        }
    }
    Ok(docs as f64 / started.elapsed().as_secs_f64())
}

struct Run {
    rate: f64,
    trips: Vec<Duration>,
    errors: BTreeMap<String, u64>,
}

/// `workers` loops sending `make`'s requests for `time`.
async fn timed(make: Make, workers: usize, time: Duration) -> anyhow::Result<Run> {
    let http = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let started = Instant::now();
    let deadline = started + time;
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (http, make, next) = (http.clone(), Arc::clone(&make), Arc::clone(&next));
            tokio::spawn(async move {
                let mut trips = Vec::new();
                let mut errors: BTreeMap<String, u64> = BTreeMap::new();
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let sent = Instant::now();
                    match make(&http, n).send().await {
                        Ok(resp) if resp.status().is_success() => {
                            // The answer read whole, as a feed would.
                            let _ = resp.bytes().await;
                            trips.push(sent.elapsed());
                        }
                        Ok(resp) => *errors.entry(resp.status().as_u16().to_string()).or_default() += 1,
                        Err(_) => *errors.entry("transport".into()).or_default() += 1,
                    }
                }
                (trips, errors)
            })
        })
        .collect();
    let mut run = Run {
        rate: 0.0,
        trips: Vec::new(),
        errors: BTreeMap::new(),
    };
    for t in tasks {
        let (trips, errors) = t.await?;
        run.trips.extend(trips);
        for (k, v) in errors {
            *run.errors.entry(k).or_default() += v;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    run.rate = run.trips.len() as f64 / wall;
    run.trips.sort();
    Ok(run)
}
