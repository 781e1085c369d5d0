//! `citydesk bench-suggest`: how good and how fast the suggestions are.
//!
//! Quality is top-1 and top-3 accuracy of the category suggestions on a
//! held-out set of generated descriptions (corpus.rs, its own seed), for
//! the keywords alone and for keywords plus what 10,000 closed items
//! taught (a training log from another seed); the learner alone is shown
//! for comparison. Speed is the time of one suggestion per keystroke —
//! every prefix of a description, as the form asks while the agent types —
//! with 100,000 closed items learned. Figures are reported, never asserted.

pub mod corpus;
mod http;

use crate::cli::SuggestBenchArgs;
use crate::model::City;
use crate::model::suggest::{Engine, KnowledgeEntry, Limits};
use corpus::{Phrasing, Sample};
use std::path::Path;
use std::time::{Duration, Instant};
use time::macros::date;

/// The day the knowledge entries are matched on (inside the example
/// heating season, so seasonal entries take part).
const DAY: time::Date = date!(2026 - 12 - 01);
/// Seed of the 100,000-item log the timing learns.
const TIMING_SEED: u64 = 99;

/// Share of samples whose category was first, or among the first three.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    pub samples: usize,
    pub top1: f64,
    pub top3: f64,
    /// Share with no suggestion at all.
    pub none: f64,
}

pub fn accuracy(engine: &Engine, set: &[Sample]) -> Accuracy {
    let (mut top1, mut top3, mut none) = (0usize, 0usize, 0usize);
    for s in set {
        let got = engine.suggest(&s.text, DAY, Limits::default()).categories;
        none += usize::from(got.is_empty());
        if let Some(rank) = got.iter().position(|c| c.code == s.category) {
            top1 += usize::from(rank == 0);
            top3 += usize::from(rank < 3);
        }
    }
    let n = set.len().max(1) as f64;
    Accuracy {
        samples: set.len(),
        top1: top1 as f64 / n,
        top3: top3 as f64 / n,
        none: none as f64 / n,
    }
}

fn learned(city: &City, knowledge: &[KnowledgeEntry], train: &[Sample]) -> Engine {
    let mut engine = Engine::new(city, knowledge.to_vec());
    for (i, s) in train.iter().enumerate() {
        engine.learn_text(&format!("T{i}"), &s.text, &s.category);
    }
    engine
}

fn read_tsv(path: &Path) -> anyhow::Result<Vec<Sample>> {
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let (category, text) = l
                .split_once('\t')
                .ok_or_else(|| anyhow::anyhow!("{}:{}: expected CATEGORY<tab>TEXT", path.display(), i + 1))?;
            Ok(Sample {
                category: category.trim().to_owned(),
                text: text.to_owned(),
            })
        })
        .collect()
}

fn write_tsv(path: &Path, set: &[Sample]) -> anyhow::Result<()> {
    let body: String = set
        .iter()
        .map(|s| format!("{}\t{}\n", s.category, s.text))
        .collect();
    std::fs::write(path, body)?;
    Ok(())
}

pub async fn run(args: SuggestBenchArgs) -> anyhow::Result<()> {
    let city = crate::data::load(args.city.dir.as_deref())?;
    let knowledge = crate::data::knowledge::load(args.city.dir.as_deref(), &city)?;
    let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let eval = match &args.eval {
        Some(f) => read_tsv(f)?,
        None => corpus::generate(&city, corpus::EVAL_SEED, count(args.eval_count), Phrasing::Unseen)?,
    };
    let train = match &args.train {
        Some(f) => read_tsv(f)?,
        None => corpus::generate(&city, corpus::TRAIN_SEED, count(args.train_items), Phrasing::Seen)?,
    };
    if args.write_eval.is_some() || args.write_train.is_some() {
        for (file, set) in [(&args.write_eval, &eval), (&args.write_train, &train)] {
            if let Some(f) = file {
                write_tsv(f, set)?;
                println!("wrote {} samples to {}", set.len(), f.display());
            }
        }
        return Ok(());
    }
    quality(
        &city,
        &knowledge,
        &eval,
        &train,
        "held-out descriptions in wording the log never held",
    );
    if args.eval.is_none() {
        let seen = corpus::generate(&city, corpus::EVAL_SEED, count(args.eval_count), Phrasing::Seen)?;
        quality(
            &city,
            &knowledge,
            &seen,
            &train,
            "new descriptions in wording the log also held",
        );
    }
    speed(&city, &knowledge, &eval, count(args.items)).await
}

fn quality(city: &City, knowledge: &[KnowledgeEntry], eval: &[Sample], train: &[Sample], what: &str) {
    let line = |name: &str, a: Accuracy| {
        println!(
            "  {name:<34} top-1 {:>5.1} %   top-3 {:>5.1} %   no suggestion {:>5.1} %",
            a.top1 * 100.0,
            a.top3 * 100.0,
            a.none * 100.0
        );
    };
    println!("category suggestions on {} {what}:", eval.len());
    line(
        "keywords alone",
        accuracy(&Engine::new(city, knowledge.to_vec()), eval),
    );
    let both = learned(city, knowledge, train);
    line(
        &format!("keywords + learned ({} items)", train.len()),
        accuracy(&both, eval),
    );
    let mut bare = city.clone();
    bare.categories.iter_mut().for_each(|c| c.keywords.clear());
    line(
        &format!("learned alone ({} items)", train.len()),
        accuracy(&learned(&bare, knowledge, train), eval),
    );
}

async fn speed(
    city: &City,
    knowledge: &[KnowledgeEntry],
    eval: &[Sample],
    items: usize,
) -> anyhow::Result<()> {
    let log = corpus::generate(city, TIMING_SEED, items, Phrasing::All)?;
    let started = Instant::now();
    let engine = learned(city, knowledge, &log);
    let learning = started.elapsed();
    // Every prefix of the first 300 descriptions, as typed.
    let typed: Vec<String> = eval
        .iter()
        .take(300)
        .flat_map(|s| {
            let chars: Vec<char> = s.text.chars().collect();
            (1..=chars.len()).map(move |n| chars[..n].iter().collect::<String>())
        })
        .collect();
    let mut times: Vec<Duration> = Vec::with_capacity(typed.len());
    for prefix in &typed {
        let t = Instant::now();
        let got = engine.suggest(prefix, DAY, Limits::default());
        times.push(t.elapsed());
        std::hint::black_box(got);
    }
    println!(
        "\nsuggestion time per keystroke, {} closed items learned (in {:.1} s), {} keystrokes:",
        engine.learner().items(),
        learning.as_secs_f64(),
        times.len()
    );
    println!("  in process      {}", spread(&mut times));
    let http = http::run(&log, &typed).await?;
    let mut times = http.times;
    println!(
        "  GET over loopback, from a server that loaded {} closed tickets ({} learned; store filled in {:.1} s, loaded in {:.1} s):",
        log.len(),
        http.learned,
        http.fill.as_secs_f64(),
        http.load.as_secs_f64()
    );
    println!("                  {}", spread(&mut times));
    Ok(())
}

/// `mean … p50 … p99 … max …` of `times` (sorted in place).
fn spread(times: &mut [Duration]) -> String {
    times.sort_unstable();
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)));
    let mean = times.iter().sum::<Duration>().as_secs_f64() * 1000.0 / times.len().max(1) as f64;
    format!(
        "mean {mean:.3} ms   p50 {:.3} ms   p99 {:.3} ms   max {:.3} ms   (target ≤ 5 ms)",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(times.last())
    )
}
