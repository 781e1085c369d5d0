//! `citydesk sim`: runs the simulated city against a server, with progress
//! on stderr and the summary on stdout.

use crate::cli::SimArgs;
use crate::client::{Client, Transport};
use crate::config::{self, Flags};
use crate::model::geo::Layout;
use crate::present::i18n::Lang;
use crate::sim::{FIRST_CALL, Report, Ringing, Stats, ring, simulate};
use crate::t;
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// The city's map positions (`model::geo::Layout`) from its outlines, or
/// none, said on stderr, when the outlines do not load: reports then carry
/// no coordinates, which the server accepts.
pub fn layout(dir: Option<&std::path::Path>, city: &crate::model::City, lang: Lang) -> Option<Arc<Layout>> {
    match crate::data::load_outlines(dir) {
        Ok(outlines) => Some(Arc::new(Layout::new(&outlines, city))),
        Err(e) => {
            eprintln!("{}", t!(lang, "sim-no-positions", error = e.to_string()));
            None
        }
    }
}

/// Runs `citydesk sim`: progress on stderr every few seconds, the summary
/// on stdout at the end. Ctrl-C stops it and still prints the summary.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let lang = super::words_lang(args.lang.get());
    let city = Arc::new(crate::data::load(args.city.dir.as_deref())?);
    let client = client(&args)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let mut opts = args.options(seed);
    opts.layout = layout(args.city.dir.as_deref(), &city, lang);
    eprintln!(
        "{}",
        t!(
            lang,
            "sim-start",
            scenario = opts.scenario.as_str(),
            rate = opts.rate.to_string(),
            seed = seed.to_string(),
            server = client.base()
        )
    );
    let stats = Arc::new(Stats::default());
    let stop = CancellationToken::new();
    let ctrl_c = stop.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        ctrl_c.cancel();
    });
    let progress = tokio::spawn(progress(Arc::clone(&stats), stop.clone(), lang));
    if let Some(operator) = args.ring.clone() {
        let ringing = Ringing {
            operator,
            per_hour: args.calls_per_hour,
            seed,
            first: FIRST_CALL,
        };
        tokio::spawn(ring(client.clone(), ringing, stop.clone()));
    }
    let result = simulate(client, city, opts, stats, stop.clone()).await;
    stop.cancel();
    let _ = progress.await;
    let report = result.context(t!(lang, "sim-could-not-start"))?;
    let seed = seed.to_string();
    println!(
        "{}\n{}",
        t!(lang, "sim-seed", seed = seed),
        report_text(lang, &report)
    );
    Ok(())
}

/// The client of the server and token the environment and `config.toml`
/// give (never the command line), as `tail` finds them.
fn client(args: &SimArgs) -> anyhow::Result<Client> {
    let dir = config::config_dir();
    let file = config::read::<toml::Value>(dir.as_deref())?;
    let flags = Flags {
        server: args.server.clone(),
        ca_file: args.transport.ca_file.clone(),
        insecure_http: args.transport.insecure_http,
        ..Flags::default()
    };
    let settings = config::resolve(flags, file, dir);
    let Some(token) = settings.token.clone() else {
        anyhow::bail!(
            "no token: set CITYDESK_TOKEN, or `token = \"…\"` in {} (one that may create and work items)",
            settings.file_name()
        );
    };
    let transport = Transport {
        ca_file: settings.ca_file,
        insecure_http: settings.insecure_http,
    };
    Ok(Client::connect(&settings.server, Some(token), &transport)?)
}

/// One line on stderr every five seconds while the run goes on.
async fn progress(stats: Arc<Stats>, stop: CancellationToken, lang: Lang) {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    tick.tick().await;
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let secs = start.elapsed().as_secs_f64();
        let reports = Stats::get(&stats.reports);
        let line = t!(
            lang,
            "sim-progress",
            secs = format!("{secs:>6.1}"),
            reports = reports.to_string(),
            rate = format!("{:.0}", reports as f64 / secs),
            actions = Stats::get(&stats.actions).to_string(),
            refused = Stats::get(&stats.refused).to_string(),
            errors = Stats::get(&stats.errors).to_string()
        );
        eprintln!("{line}");
    }
}

/// The closing summary in `lang`: English as the simulator words it, other
/// languages from the catalogs (queue, source, category and action names
/// are the wire's).
pub fn report_text(lang: Lang, r: &Report) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    let secs = r.elapsed.as_secs_f64();
    // Queues and verbs by their names in `lang` (the wire's where none).
    let kind = |k: &str| match crate::present::i18n::tr(lang, &format!("kind-{k}")) {
        text if text.starts_with("kind-") => k.to_owned(),
        text => text,
    };
    let verb = |v: &str| {
        crate::model::verbs::Verb::find(v)
            .map_or_else(|| v.to_owned(), |v| crate::present::labels::verb(lang, v.command))
    };
    let source = |k: &str| {
        let key = format!("sim-source-{}", k.replace(' ', "-"));
        match crate::present::i18n::tr(lang, &key) {
            text if text == key => k.to_owned(),
            text => text,
        }
    };
    let named = |map: &std::collections::BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| {
        map.iter()
            .map(|(k, v)| (name(k), *v))
            .collect::<std::collections::BTreeMap<String, u64>>()
    };
    let more = |n: usize| t!(lang, "sim-more", n = n);
    let list =
        |map: &std::collections::BTreeMap<String, u64>, limit: usize| crate::sim::listed(map, limit, &more);
    let mut lines = vec![
        t!(
            lang,
            "sim-sent",
            reports = r.reports.to_string(),
            secs = format!("{secs:.1}"),
            rate = format!("{:.1}", r.rate()),
            new = (r.reports - r.repeats).to_string(),
            repeats = r.repeats.to_string()
        ),
        indent(t!(lang, "sim-by-queue", list = list(&named(&r.kinds, &kind), 3))),
        indent(t!(
            lang,
            "sim-by-source",
            list = list(&named(&r.sources, &source), 5)
        )),
        indent(t!(lang, "sim-by-category", list = list(&r.categories, 12))),
        indent(t!(
            lang,
            "sim-actions",
            n = r.actions.to_string(),
            rate = format!("{:.1}", r.actions as f64 / secs.max(1e-9))
        )),
        format!("               {}", list(&named(&r.actions_by_name, &verb), 21)),
        indent(t!(
            lang,
            "sim-tally",
            conflicts = r.conflicts.to_string(),
            refused = r.refused.to_string(),
            skipped = r.skipped.to_string(),
            automatic = r.automatic.to_string(),
            errors = r.errors.to_string()
        )),
    ];
    if let Some(e) = &r.last_refusal {
        lines.push(indent(t!(lang, "sim-last-refused", text = e)));
    }
    if let Some(e) = &r.last_error {
        lines.push(indent(t!(lang, "sim-last-error", text = e)));
    }
    lines.join("\n")
}

/// A summary line under the first (Fluent drops a message's leading spaces).
fn indent(line: String) -> String {
    format!("  {line}")
}
